package io.github.ntlmaffinity.servlet;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.util.Enumeration;

/** Whether a response ends its connection. */
final class ConnectionClose {
  private ConnectionClose() {}

  /**
   * Whether the connection closes after this response, as far as a filter can tell, by RFC 9112
   * section 9.3: {@code close} in any {@code Connection} line of the request or the response (a
   * proxy may add its own line, e.g. HAProxy's {@code option http-server-close} after a client's
   * {@code Connection: TE}), or an HTTP/1.0 request without {@code keep-alive}.
   */
  static boolean closes(HttpServletRequest request, HttpServletResponse response) {
    for (String value : response.getHeaders("Connection")) {
      if (hasToken(value, "close")) {
        return true;
      }
    }
    boolean keepAlive = false;
    Enumeration<String> requested = request.getHeaders("Connection");
    while (requested != null && requested.hasMoreElements()) {
      String value = requested.nextElement();
      if (hasToken(value, "close")) {
        return true;
      }
      keepAlive |= hasToken(value, "keep-alive");
    }
    return "HTTP/1.0".equals(request.getProtocol()) && !keepAlive;
  }

  private static boolean hasToken(String header, String token) {
    if (header == null) {
      return false;
    }
    for (String part : header.split(",")) {
      if (part.trim().equalsIgnoreCase(token)) {
        return true;
      }
    }
    return false;
  }
}
