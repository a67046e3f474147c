package io.github.ntlmaffinity.servlet;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.ntlmaffinity.ConnectionInfo;
import jakarta.servlet.ServletConnection;
import jakarta.servlet.http.Cookie;
import jakarta.servlet.http.HttpServletRequest;
import java.lang.reflect.Proxy;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The request view below the servlet seam: connection identity and its Servlet 5 fallback. */
class ServletRequestViewTest {

  @Test
  void connectionIdComesFromTheServletConnection() {
    HttpServletRequest request = request(connection("conn-7"), Map.of());

    ConnectionInfo c = new ServletRequestView(request).connection();

    assertThat(c.id()).isEqualTo("conn-7");
    assertThat(c.key()).isEqualTo("conn-7");
    assertThat(c.peer()).isEqualTo("10.0.0.1:51544");
    assertThat(c.local()).isEqualTo("10.0.0.10:8080");
    assertThat(c.protocol()).isEqualTo("HTTP/1.1");
  }

  @Test
  void withoutAServletConnectionTheKeyIsTheAddressesAndPorts() {
    HttpServletRequest request = request(null, Map.of());

    ConnectionInfo c = new ServletRequestView(request).connection();

    assertThat(c.id()).isNull();
    assertThat(c.key()).isEqualTo("10.0.0.1:51544>10.0.0.10:8080");
  }

  @Test
  void aRequestThatRefusesTheApiFallsBackForItselfOnly() {
    HttpServletRequest refusing = request(new UnsupportedOperationException(), Map.of());
    HttpServletRequest normal = request(connection("conn-8"), Map.of());

    assertThat(new ServletRequestView(refusing).connection().id()).isNull();
    assertThat(new ServletRequestView(normal).connection().id()).isEqualTo("conn-8");
  }

  @Test
  void repeatedHeadersAreJoinedAndCookiesFound() {
    HttpServletRequest request =
        request(
            connection("c"),
            Map.of("X-Forwarded-For", List.of("203.0.113.7", "10.0.0.2"), "Cookie", List.of()));
    ServletRequestView view = new ServletRequestView(request);

    assertThat(view.header("X-Forwarded-For")).isEqualTo("203.0.113.7, 10.0.0.2");
    assertThat(view.header("Authorization")).isNull();
    assertThat(view.cookie("SERVERID")).isEqualTo("node-b");
    assertThat(view.cookie("OTHER")).isNull();
  }

  private static ServletConnection connection(String id) {
    return (ServletConnection)
        Proxy.newProxyInstance(
            ServletRequestViewTest.class.getClassLoader(),
            new Class<?>[] {ServletConnection.class},
            (proxy, method, args) ->
                switch (method.getName()) {
                  case "getConnectionId" -> id;
                  case "getProtocol" -> "http/1.1";
                  case "getProtocolConnectionId" -> "";
                  case "isSecure" -> false;
                  default -> null;
                });
  }

  /**
   * A request on 10.0.0.10:8080 from 10.0.0.1:51544; {@code connection} is a ServletConnection, an
   * exception getServletConnection throws, or null.
   */
  private static HttpServletRequest request(Object connection, Map<String, List<String>> headers) {
    return (HttpServletRequest)
        Proxy.newProxyInstance(
            ServletRequestViewTest.class.getClassLoader(),
            new Class<?>[] {HttpServletRequest.class},
            (proxy, method, args) -> {
              switch (method.getName()) {
                case "getServletConnection":
                  if (connection instanceof RuntimeException e) {
                    throw e;
                  }
                  return connection;
                case "getLocalAddr":
                  return "10.0.0.10";
                case "getLocalPort":
                  return 8080;
                case "getRemoteAddr":
                  return "10.0.0.1";
                case "getRemotePort":
                  return 51544;
                case "getProtocol":
                  return "HTTP/1.1";
                case "getHeader":
                  List<String> first = headers.get((String) args[0]);
                  return first == null || first.isEmpty() ? null : first.get(0);
                case "getHeaders":
                  List<String> values = headers.get((String) args[0]);
                  return Collections.enumeration(values == null ? List.of() : values);
                case "getCookies":
                  return new Cookie[] {new Cookie("SERVERID", "node-b")};
                default:
                  return null;
              }
            });
  }
}
