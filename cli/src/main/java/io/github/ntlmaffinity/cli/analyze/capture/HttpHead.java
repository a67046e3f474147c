package io.github.ntlmaffinity.cli.analyze.capture;

import io.github.ntlmaffinity.internal.HeaderTokens;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The parts of an HTTP/1.x message head that the analysis needs.
 *
 * @param request whether it is a request (else a response)
 * @param method the request method, or {@code null}
 * @param status the response status, or 0
 * @param http10 whether the version is HTTP/1.0
 * @param authorization the {@code Authorization} value, or {@code null}
 * @param wwwAuthenticate the {@code WWW-Authenticate} values
 * @param connection the {@code Connection} values joined, lower case, or {@code ""}
 * @param contentLength the {@code Content-Length}, -1 when absent, -2 when invalid
 * @param chunked whether {@code Transfer-Encoding} ends with {@code chunked}
 * @param forwarded the {@code Forwarded} value, or {@code null}
 * @param xForwardedFor the {@code X-Forwarded-For} value, or {@code null}
 * @param upgrade the {@code Upgrade} value (at most 64 characters kept), lower case, or {@code
 *     null}
 * @param cookie the {@code Cookie} values joined by {@code "; "} (at most {@value #MAX_COOKIE}
 *     characters kept), or {@code null}; read only for the configured affinity cookies
 */
record HttpHead(
    boolean request,
    String method,
    int status,
    boolean http10,
    String authorization,
    List<String> wwwAuthenticate,
    String connection,
    long contentLength,
    boolean chunked,
    String forwarded,
    String xForwardedFor,
    String upgrade,
    String cookie) {
  static final int MAX_COOKIE = 8192;

  /** Whether a {@code Connection} header names {@code token}. */
  boolean connectionHas(String token) {
    return HeaderTokens.has(connection, token);
  }

  /**
   * Parses a head (start line and header lines, ISO-8859-1, lines ending in LF or CRLF), or returns
   * {@code null} when the start line is not HTTP/1.x.
   */
  static HttpHead parse(byte[] b, int offset, int length) {
    return parse(b, offset, length, true);
  }

  /**
   * {@link #parse(byte[], int, int)}, keeping the {@code Cookie} values only when {@code cookies}
   * (a browser's run to kilobytes, and only the configured affinity cookies are read).
   */
  static HttpHead parse(byte[] b, int offset, int length, boolean cookies) {
    String text = new String(b, offset, length, java.nio.charset.StandardCharsets.ISO_8859_1);
    int eol = text.indexOf('\n');
    String start = trimEnd(text, 0, eol < 0 ? text.length() : eol);
    boolean request;
    String method = null;
    int status = 0;
    boolean http10;
    if (start.startsWith("HTTP/1.")) {
      request = false;
      http10 = start.startsWith("HTTP/1.0");
      if (start.length() < 12 || start.charAt(8) != ' ') {
        return null;
      }
      status = digits(start, 9, 12);
      if (status < 0) {
        return null;
      }
    } else {
      int sp = start.indexOf(' ');
      int last = start.lastIndexOf(' ');
      if (sp <= 0 || last <= sp || !start.startsWith("HTTP/1.", last + 1)) {
        return null;
      }
      request = true;
      method = start.substring(0, sp);
      http10 = start.startsWith("HTTP/1.0", last + 1);
    }
    String authorization = null;
    List<String> www = new ArrayList<>(1);
    StringBuilder connection = new StringBuilder();
    long contentLength = -1;
    boolean chunked = false;
    String forwarded = null;
    String xff = null;
    String upgrade = null;
    String cookie = null;
    int at = eol < 0 ? text.length() : eol + 1;
    while (at < text.length()) {
      int next = text.indexOf('\n', at);
      int lineEnd = next < 0 ? text.length() : next;
      int colon = text.indexOf(':', at);
      if (colon > at && colon < lineEnd) {
        // Only the values read are copied out of the head.
        int v = colon + 1;
        if (is(text, at, colon, "authorization")) {
          authorization = trimmed(text, v, lineEnd);
        } else if (is(text, at, colon, "www-authenticate")) {
          www.add(trimmed(text, v, lineEnd));
        } else if (is(text, at, colon, "connection")) {
          connection.append(connection.length() == 0 ? "" : ",").append(trimmed(text, v, lineEnd));
        } else if (is(text, at, colon, "content-length")) {
          contentLength = length(trimmed(text, v, lineEnd), contentLength);
        } else if (is(text, at, colon, "transfer-encoding")) {
          chunked = trimmed(text, v, lineEnd).toLowerCase(Locale.ROOT).endsWith("chunked");
        } else if (is(text, at, colon, "forwarded")) {
          forwarded = trimmed(text, v, lineEnd);
        } else if (is(text, at, colon, "x-forwarded-for")) {
          xff = xff == null ? trimmed(text, v, lineEnd) : xff + ", " + trimmed(text, v, lineEnd);
        } else if (is(text, at, colon, "upgrade")) {
          String value = trimmed(text, v, lineEnd);
          upgrade = value.substring(0, Math.min(value.length(), 64)).toLowerCase(Locale.ROOT);
        } else if (request && cookies && is(text, at, colon, "cookie")) {
          String value = trimmed(text, v, lineEnd);
          cookie = cookie == null ? value : cookie + "; " + value;
          if (cookie.length() > MAX_COOKIE) {
            cookie = cookie.substring(0, MAX_COOKIE);
          }
        }
      }
      at = lineEnd + 1;
    }
    return new HttpHead(
        request,
        method,
        status,
        http10,
        authorization,
        www,
        connection.toString().toLowerCase(Locale.ROOT),
        contentLength,
        chunked,
        forwarded,
        xff,
        upgrade,
        cookie);
  }

  private static boolean is(String text, int from, int colon, String name) {
    int end = colon;
    while (end > from && text.charAt(end - 1) == ' ') {
      end--;
    }
    return end - from == name.length() && text.regionMatches(true, from, name, 0, name.length());
  }

  private static String trimEnd(String text, int from, int to) {
    int end = to;
    while (end > from && (text.charAt(end - 1) == '\r')) {
      end--;
    }
    return text.substring(from, end);
  }

  /** {@code text.substring(from, to).trim()}, made in one copy. */
  private static String trimmed(String text, int from, int to) {
    int start = from;
    int end = to;
    while (start < end && text.charAt(start) <= ' ') {
      start++;
    }
    while (end > start && text.charAt(end - 1) <= ' ') {
      end--;
    }
    return text.substring(start, end);
  }

  private static int digits(String s, int from, int to) {
    int n = 0;
    for (int i = from; i < to; i++) {
      char c = s.charAt(i);
      if (c < '0' || c > '9') {
        return -1;
      }
      n = n * 10 + (c - '0');
    }
    return n;
  }

  private static long length(String value, long previous) {
    if (value.isEmpty() || value.length() > 18) {
      return -2;
    }
    for (int i = 0; i < value.length(); i++) {
      if (value.charAt(i) < '0' || value.charAt(i) > '9') {
        return -2;
      }
    }
    long n = Long.parseLong(value);
    return previous >= 0 && previous != n ? -2 : n;
  }
}
