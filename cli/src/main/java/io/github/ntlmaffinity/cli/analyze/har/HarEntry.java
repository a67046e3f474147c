package io.github.ntlmaffinity.cli.analyze.har;

import java.time.Instant;
import java.util.List;

/**
 * One HAR entry, reduced to what the analysis reads: no body, no cookie, no header but the ones
 * that carry or shape NTLM. Header-derived strings are cut to a bounded length. Internal, not API.
 *
 * @param index the entry's position in the file, from 0
 * @param started {@code startedDateTime}
 * @param method the request method
 * @param url the request URL, cut
 * @param origin {@code scheme://host:port} of the URL
 * @param host the URL's host
 * @param httpVersion the protocol ({@code response.httpVersion}, else {@code request.httpVersion})
 * @param status the response status, 0 when none (a failed request)
 * @param connection the client connection's id ({@code connection}), or {@code null}
 * @param serverIp {@code serverIPAddress}, or {@code null}
 * @param authorization the request's {@code Authorization} value, or {@code null}
 * @param wwwAuthenticate the response's {@code WWW-Authenticate} values
 * @param closes whether the response closes the connection ({@code Connection: close}, or HTTP/1.0
 *     without keep-alive)
 * @param headerCount how many request headers the entry listed (0 suggests a sanitised export)
 */
record HarEntry(
    int index,
    Instant started,
    String method,
    String url,
    String origin,
    String host,
    String httpVersion,
    int status,
    String connection,
    String serverIp,
    String authorization,
    List<String> wwwAuthenticate,
    boolean closes,
    int headerCount) {

  /** Whether the protocol multiplexes requests (HTTP/2, HTTP/3). */
  boolean multiplexed() {
    if (httpVersion == null) {
      return false;
    }
    String v = httpVersion.toLowerCase(java.util.Locale.ROOT);
    return v.equals("h2")
        || v.equals("h3")
        || v.startsWith("http/2")
        || v.startsWith("http/3")
        || v.startsWith("h3-");
  }
}
