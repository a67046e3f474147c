package io.github.ntlmaffinity;

/**
 * The TCP connection an HTTP exchange came on, as the container sees it.
 *
 * <p>Behind a load balancer the remote address and port are the balancer's side of the backend
 * connection: the ephemeral port tells the balancer's connections apart. A container that applies
 * forwarded headers (Jetty's ForwardedRequestCustomizer, Tomcat's RemoteIpValve) reports the end
 * client there instead, hiding the balancer's port; the container's connection id still tells
 * connections apart.
 *
 * @param id the container's own connection id (Servlet 6 {@code
 *     ServletConnection.getConnectionId()}), or {@code null} when the container has none
 * @param localAddress the server-side address
 * @param localPort the server-side port
 * @param remoteAddress the peer's address (the balancer's, behind one)
 * @param remotePort the peer's port
 * @param protocol {@code HTTP/1.1}, {@code HTTP/2.0}, ...
 */
public record ConnectionInfo(
    String id,
    String localAddress,
    int localPort,
    String remoteAddress,
    int remotePort,
    String protocol) {

  /**
   * The key that identifies the connection: the container's id when it has one, else the four
   * addresses and ports.
   */
  public String key() {
    if (id != null && !id.isEmpty()) {
      return id;
    }
    return peer() + '>' + local();
  }

  /** The peer as {@code address:port}. */
  public String peer() {
    return hostPort(remoteAddress, remotePort);
  }

  /** The local end as {@code address:port}. */
  public String local() {
    return hostPort(localAddress, localPort);
  }

  /** Whether the protocol multiplexes requests (HTTP/2, HTTP/3), which breaks NTLM. */
  public boolean isMultiplexed() {
    return protocol != null && (protocol.startsWith("HTTP/2") || protocol.startsWith("HTTP/3"));
  }

  private static String hostPort(String address, int port) {
    if (address == null) {
      return "?:" + port;
    }
    return address.indexOf(':') >= 0 ? '[' + address + "]:" + port : address + ':' + port;
  }
}
