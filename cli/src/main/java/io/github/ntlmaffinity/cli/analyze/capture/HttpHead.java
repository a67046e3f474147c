package io.github.ntlmaffinity.cli.analyze.capture;

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
    String xForwardedFor) {

  /** Whether a {@code Connection} header names {@code token}. */
  boolean connectionHas(String token) {
    for (String t : connection.split(",")) {
      if (t.trim().equals(token)) {
        return true;
      }
    }
    return false;
  }

  /**
   * Parses a head (start line and header lines, ISO-8859-1, lines ending in LF or CRLF), or returns
   * {@code null} when the start line is not HTTP/1.x.
   */
  static HttpHead parse(byte[] b, int length) {
    String text = new String(b, 0, length, java.nio.charset.StandardCharsets.ISO_8859_1);
    String[] lines = text.split("\r?\n");
    if (lines.length == 0) {
      return null;
    }
    String start = lines[0];
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
      try {
        status = Integer.parseInt(start.substring(9, 12));
      } catch (NumberFormatException e) {
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
    for (int i = 1; i < lines.length; i++) {
      String line = lines[i];
      int colon = line.indexOf(':');
      if (colon <= 0) {
        continue;
      }
      String name = line.substring(0, colon).trim().toLowerCase(Locale.ROOT);
      String value = line.substring(colon + 1).trim();
      switch (name) {
        case "authorization" -> authorization = value;
        case "www-authenticate" -> www.add(value);
        case "connection" -> connection.append(connection.length() == 0 ? "" : ",").append(value);
        case "content-length" -> contentLength = length(value, contentLength);
        case "transfer-encoding" -> chunked = value.toLowerCase(Locale.ROOT).endsWith("chunked");
        case "forwarded" -> forwarded = value;
        case "x-forwarded-for" -> xff = xff == null ? value : xff + ", " + value;
        default -> {}
      }
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
        xff);
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
