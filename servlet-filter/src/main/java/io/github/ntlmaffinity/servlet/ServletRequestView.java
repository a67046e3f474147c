package io.github.ntlmaffinity.servlet;

import io.github.ntlmaffinity.ConnectionInfo;
import io.github.ntlmaffinity.ExchangeRequest;
import jakarta.servlet.ServletConnection;
import jakarta.servlet.http.Cookie;
import jakarta.servlet.http.HttpServletRequest;
import java.util.Enumeration;

/**
 * Core's view of an {@link HttpServletRequest}. Everything but {@code Authorization} is computed
 * only when the tracker asks, which it does only for NTLM traffic.
 */
final class ServletRequestView implements ExchangeRequest {
  /** Whether the container offers Servlet 6's {@code getServletConnection()}; probed once. */
  private static volatile boolean servletConnections = hasServletConnectionApi();

  private final HttpServletRequest request;
  private ConnectionInfo connection;

  ServletRequestView(HttpServletRequest request) {
    this.request = request;
  }

  @Override
  public String header(String name) {
    Enumeration<String> values = request.getHeaders(name);
    if (values == null || !values.hasMoreElements()) {
      return null;
    }
    String first = values.nextElement();
    if (!values.hasMoreElements()) {
      return first;
    }
    StringBuilder joined = new StringBuilder(first);
    while (values.hasMoreElements()) {
      joined.append(", ").append(values.nextElement());
    }
    return joined.toString();
  }

  @Override
  public ConnectionInfo connection() {
    if (connection == null) {
      connection =
          new ConnectionInfo(
              connectionId(request),
              request.getLocalAddr(),
              request.getLocalPort(),
              request.getRemoteAddr(),
              request.getRemotePort(),
              request.getProtocol());
    }
    return connection;
  }

  @Override
  public String cookie(String name) {
    Cookie[] cookies = request.getCookies();
    if (cookies == null) {
      return null;
    }
    for (Cookie c : cookies) {
      if (name.equals(c.getName())) {
        return c.getValue();
      }
    }
    return null;
  }

  /**
   * The container's connection id (Servlet 6), or {@code null} on a Servlet 5 container, where the
   * tracker falls back to the addresses and ports.
   */
  static String connectionId(HttpServletRequest request) {
    if (!servletConnections) {
      return null;
    }
    try {
      ServletConnection c = request.getServletConnection();
      return c == null ? null : c.getConnectionId();
    } catch (NoSuchMethodError | AbstractMethodError e) {
      // A Servlet 5 container: the API is absent for good.
      servletConnections = false;
      return null;
    } catch (UnsupportedOperationException e) {
      // One request (or wrapper) without it: fall back for this request only.
      return null;
    }
  }

  private static boolean hasServletConnectionApi() {
    try {
      HttpServletRequest.class.getMethod("getServletConnection");
      return true;
    } catch (NoSuchMethodException | LinkageError e) {
      return false;
    }
  }
}
