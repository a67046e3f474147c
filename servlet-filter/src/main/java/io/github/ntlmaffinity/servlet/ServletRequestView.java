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
  private String connectionId;

  ServletRequestView(HttpServletRequest request) {
    this.request = request;
  }

  @Override
  public String header(String name) {
    // getHeader first: containers (Jetty 12, Tomcat) build an Enumeration for every getHeaders
    // call, also for a header that is absent, which every request without NTLM would pay.
    if (request.getHeader(name) == null) {
      return null;
    }
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
  public String connectionKey() {
    // The container's id is the key when there is one: the addresses are not needed to find it.
    if (connectionId == null) {
      connectionId = connectionId(request);
    }
    return connectionId != null && !connectionId.isEmpty() ? connectionId : connection().key();
  }

  @Override
  public ConnectionInfo connection() {
    if (connection == null) {
      if (connectionId == null) {
        connectionId = connectionId(request);
      }
      connection =
          new ConnectionInfo(
              connectionId,
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
