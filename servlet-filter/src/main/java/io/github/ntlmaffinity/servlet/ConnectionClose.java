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
    // getHeader first: containers build a collection or an Enumeration for every getHeaders call,
    // also for a header that is absent, and this runs for every NTLM response.
    if (response.getHeader("Connection") != null) {
      for (String value : response.getHeaders("Connection")) {
        if (hasToken(value, "close")) {
          return true;
        }
      }
    }
    boolean keepAlive = false;
    if (request.getHeader("Connection") != null) {
      Enumeration<String> requested = request.getHeaders("Connection");
      while (requested != null && requested.hasMoreElements()) {
        String value = requested.nextElement();
        if (hasToken(value, "close")) {
          return true;
        }
        keepAlive |= hasToken(value, "keep-alive");
      }
    }
    return "HTTP/1.0".equals(request.getProtocol()) && !keepAlive;
  }

  /**
   * Whether the comma-separated list {@code header} has an element equal to {@code token}, ignoring
   * case and white space (and other control characters) around it; read in place.
   */
  static boolean hasToken(String header, String token) {
    if (header == null) {
      return false;
    }
    int length = header.length();
    for (int from = 0; from <= length; ) {
      int comma = header.indexOf(',', from);
      int end = comma < 0 ? length : comma;
      int start = from;
      while (start < end && header.charAt(start) <= ' ') {
        start++;
      }
      int last = end;
      while (last > start && header.charAt(last - 1) <= ' ') {
        last--;
      }
      if (last - start == token.length()
          && header.regionMatches(true, start, token, 0, token.length())) {
        return true;
      }
      from = end + 1;
    }
    return false;
  }
}
