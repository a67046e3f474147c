package io.github.ntlmaffinity.examples;

import java.net.URI;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.util.thread.QueuedThreadPool;

/**
 * The example cluster's front load balancer: Jetty's own reverse proxy ({@code
 * ProxyHandler.Reverse}, which sends to the backends with {@code HttpClient} and its connection
 * pool) in one of three {@link Mode modes}.
 *
 * <pre>{@code
 * LoadBalancer balancer = LoadBalancer.create(Mode.STICKY, List.of(
 *     new LoadBalancer.Backend("node-a", "127.0.0.1", 8081),
 *     new LoadBalancer.Backend("node-b", "127.0.0.1", 8082)));
 * Server server = balancer.createServer(8080);
 * server.start();
 * }</pre>
 *
 * <p>In every mode it passes {@code Authorization} and {@code WWW-Authenticate} through unchanged,
 * and adds {@code X-Forwarded-For} (and Jetty's {@code Forwarded}) naming the client.
 */
public final class LoadBalancer {
  /** The affinity cookie the {@code cookie-pooled} and {@code sticky} modes insert. */
  public static final String AFFINITY_COOKIE = "SRV";

  /** Backend connections per node in {@code cookie-pooled} mode, handed out in turn. */
  static final int POOLED_CONNECTIONS = 3;

  private final Mode mode;
  private final List<Backend> backends;
  private ServerConnector connector;

  private LoadBalancer(Mode mode, List<Backend> backends) {
    this.mode = Objects.requireNonNull(mode, "mode");
    if (backends.isEmpty()) {
      throw new IllegalArgumentException("a balancer needs at least one backend");
    }
    this.backends = List.copyOf(backends);
  }

  /** A balancer in {@code mode} over {@code backends}, chosen in this order. */
  public static LoadBalancer create(Mode mode, List<Backend> backends) {
    return new LoadBalancer(mode, backends);
  }

  /**
   * The balancer's server on 127.0.0.1:{@code port} ({@code 0}: any free port), not started. A
   * balancer has one server: call this once.
   */
  public Server createServer(int port) {
    if (connector != null) {
      throw new IllegalStateException("this balancer already has its server");
    }
    QueuedThreadPool threads = new QueuedThreadPool(64, 4);
    threads.setName("balancer");
    Server server = new Server(threads);
    connector = new ServerConnector(server, 1, 1);
    connector.setHost("127.0.0.1");
    connector.setPort(port);
    server.addConnector(connector);
    server.setHandler(BalancingProxy.create(mode, backends));
    return server;
  }

  /** The mode. */
  public Mode mode() {
    return mode;
  }

  /** The backends, in balancing order. */
  public List<Backend> backends() {
    return backends;
  }

  /** The port the server listens on, once started (also while it is stopped for a restart). */
  public int port() {
    if (connector == null) {
      return -1;
    }
    int port = connector.getLocalPort();
    return port > 0 ? port : connector.getPort();
  }

  /** {@code http://127.0.0.1:<port>/}, once started. */
  public URI uri() {
    return URI.create("http://127.0.0.1:" + port() + "/");
  }

  /** How the balancer picks a node and a backend connection. */
  public enum Mode {
    /**
     * Every request to the next node in turn, over the proxy's pooled backend connections: the
     * broken balancer of the field report. The legs of one handshake land on different nodes.
     */
    ROUND_ROBIN(
        "round-robin",
        "every request to the next node, pooled backend connections (the field report's balancer)"),
    /**
     * Node persistence by the {@value #AFFINITY_COOKIE} cookie (inserted on the first response),
     * but backend connections are still pooled and shared: {@value #POOLED_CONNECTIONS} per node,
     * handed out in turn. The legs stay on one node yet change connection: persistence alone is not
     * enough.
     */
    COOKIE_POOLED(
        "cookie-pooled", "node persistence by cookie, but pooled, shared backend connections"),
    /**
     * Each client connection pinned to one node (by cookie, else in turn) and to one backend
     * connection of its own, opened for it and closed with it, as HAProxy does for NTLM: the fix.
     */
    STICKY(
        "sticky",
        "each client connection pinned to one node and one dedicated backend connection (the fix)");

    private final String label;
    private final String description;

    Mode(String label, String description) {
      this.label = label;
      this.description = description;
    }

    /** The name on the command line: {@code round-robin}, {@code cookie-pooled}, {@code sticky}. */
    public String label() {
      return label;
    }

    /** One line: what the mode does. */
    public String description() {
      return description;
    }

    /**
     * The mode named {@code label}, case-insensitive.
     *
     * @throws IllegalArgumentException for another name
     */
    public static Mode of(String label) {
      for (Mode m : values()) {
        if (m.label.equals(label.toLowerCase(Locale.ROOT))) {
          return m;
        }
      }
      throw new IllegalArgumentException(
          "unknown mode '" + label + "': round-robin, cookie-pooled or sticky");
    }
  }

  /**
   * A backend node.
   *
   * @param name the node's name, the value of the affinity cookie that selects it
   * @param host its address
   * @param port its port
   */
  public record Backend(String name, String host, int port) {

    /** {@code http://host:port/}. */
    public URI uri() {
      return URI.create("http://" + host + ':' + port + '/');
    }
  }
}
