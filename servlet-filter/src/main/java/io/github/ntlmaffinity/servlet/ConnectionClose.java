package io.github.ntlmaffinity.servlet;

import io.github.ntlmaffinity.internal.HeaderTokens;
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
    // getHeader first: containers build a collection or an Enumeration for every getHeaders call,
    // also for a header that is absent, and this runs for every NTLM response.
    if (response.getHeader("Connection") != null) {
      for (String value : response.getHeaders("Connection")) {
        if (HeaderTokens.has(value, "close")) {
          return true;
        }
      }
    }
    boolean keepAlive = false;
    if (request.getHeader("Connection") != null) {
      Enumeration<String> requested = request.getHeaders("Connection");
      while (requested != null && requested.hasMoreElements()) {
        String value = requested.nextElement();
        if (HeaderTokens.has(value, "close")) {
          return true;
        }
        keepAlive |= HeaderTokens.has(value, "keep-alive");
      }
    }
    return "HTTP/1.0".equals(request.getProtocol()) && !keepAlive;
  }
}
