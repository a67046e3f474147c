package io.github.ntlmaffinity.examples;

import io.github.ntlmaffinity.NtlmAffinity;
import io.github.ntlmaffinity.jetty.NtlmAffinityConnectionListener;
import io.github.ntlmaffinity.servlet.NtlmAffinityDiagnosticsServlet;
import io.github.ntlmaffinity.servlet.NtlmAffinityFilter;
import jakarta.servlet.DispatcherType;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.util.EnumSet;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import org.eclipse.jetty.ee10.servlet.FilterHolder;
import org.eclipse.jetty.ee10.servlet.ServletContextHandler;
import org.eclipse.jetty.ee10.servlet.ServletHolder;
import org.eclipse.jetty.io.Connection;
import org.eclipse.jetty.server.ConnectionMetaData;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.util.thread.QueuedThreadPool;

/**
 * One backend node of the example cluster: an embedded Jetty 12 (ee10) server with {@link
 * NtlmAffinityFilter} in front of a demo NTLM acceptor that protects every path, and the
 * diagnostics endpoint at {@value #DIAGNOSTICS_PATH} (HTML; JSON with {@code ?format=json}), and
 * the filter's probe endpoint at {@value #PROBE_PATH}.
 *
 * <pre>{@code
 * BackendNode node = BackendNode.create(NodeIdentity.NODE_A, UserTable.defaults());
 * Server server = node.createServer(8081);
 * server.start();
 * }</pre>
 *
 * <p>The filter is configured by its builder: the node's name, the NTLM names its CHALLENGEs carry
 * (NetBIOS and DNS), and the balancer on loopback as the trusted proxy. A Jetty {@code
 * Connection.Listener} on the connector tells the filter's engine and the acceptor when a
 * connection closes, so a CHALLENGE left waiting on it is reported as abandoned at once.
 */
public final class BackendNode {
  /** Where each node serves its diagnostics. */
  public static final String DIAGNOSTICS_PATH = "/ntlm-affinity";

  /**
   * Where the filter answers {@code ntlm-affinity probe --probe-path} itself (level 3): the node's
   * name and a token of the backend connection in every answer, with the public probe account.
   */
  public static final String PROBE_PATH = "/ntlm-affinity-probe";

  /** The balancer's address: its forwarded headers are believed. */
  static final String TRUSTED_PROXY = "127.0.0.1";

  private final NodeIdentity identity;
  private final NtlmAffinity affinity;
  private final AccessLog accessLog = new AccessLog(20_000);
  private final NtlmAcceptorServlet acceptor;
  private final Object monitor = new Object();
  private int openConnections;
  private ServerConnector connector;

  private BackendNode(NodeIdentity identity, UserTable users, NtlmAffinity affinity, Clock clock) {
    this.identity = identity;
    this.affinity = affinity;
    this.acceptor = new NtlmAcceptorServlet(identity, users, accessLog, clock);
  }

  /** A node with the filter configured for the example cluster. */
  public static BackendNode create(NodeIdentity identity, UserTable users) {
    return create(identity, users, Duration.ofSeconds(30));
  }

  /**
   * A node whose filter waits {@code challengeTimeout} for an AUTHENTICATE before it reports a
   * CHALLENGE abandoned.
   */
  static BackendNode create(NodeIdentity identity, UserTable users, Duration challengeTimeout) {
    Objects.requireNonNull(identity, "identity");
    Objects.requireNonNull(users, "users");
    NtlmAffinity affinity =
        NtlmAffinity.builder()
            .nodeName(identity.nodeName())
            .ntlmNames(identity.nbComputerName(), identity.dnsComputerName())
            .trustedProxies(TRUSTED_PROXY)
            .affinityCookies(LoadBalancer.AFFINITY_COOKIE)
            .challengeTimeout(challengeTimeout)
            .logRatePerMinute(1)
            .build();
    return new BackendNode(identity, users, affinity, Clock.systemUTC());
  }

  /**
   * The node's server on 127.0.0.1:{@code port} ({@code 0}: any free port), not started. A node has
   * one server: call this once.
   */
  public Server createServer(int port) {
    if (connector != null) {
      throw new IllegalStateException(identity.nodeName() + " already has its server");
    }
    QueuedThreadPool threads = new QueuedThreadPool(64, 4);
    threads.setName(identity.nodeName());
    Server server = new Server(threads);
    connector = new ServerConnector(server, 1, 1);
    connector.setHost("127.0.0.1");
    connector.setPort(port);
    // The engine hears of a close first, so whoever waits on the count sees its finding.
    connector.addEventListener(NtlmAffinityConnectionListener.of(affinity));
    connector.addEventListener(new ConnectionTracker());
    server.addConnector(connector);

    ServletContextHandler context = new ServletContextHandler("/");
    context.addFilter(
        new FilterHolder(new NtlmAffinityFilter(affinity, PROBE_PATH)),
        "/*",
        EnumSet.of(DispatcherType.REQUEST));
    context.addServlet(
        new ServletHolder(
            "ntlm-affinity-diagnostics", new NtlmAffinityDiagnosticsServlet(affinity)),
        DIAGNOSTICS_PATH);
    context.addServlet(new ServletHolder("ntlm-acceptor", acceptor), "/");
    server.setHandler(context);
    return server;
  }

  /** The node's identity. */
  public NodeIdentity identity() {
    return identity;
  }

  /** The filter's engine: findings, handshakes, counters. */
  public NtlmAffinity affinity() {
    return affinity;
  }

  /** The port the server listens on, once started. */
  public int port() {
    return connector == null ? -1 : connector.getLocalPort();
  }

  /** {@code http://127.0.0.1:<port>/}, once started. */
  public URI uri() {
    return URI.create("http://127.0.0.1:" + port() + "/");
  }

  /** The diagnostics page, once started. */
  public URI diagnosticsUri() {
    return uri().resolve(DIAGNOSTICS_PATH.substring(1));
  }

  AccessLog accessLog() {
    return accessLog;
  }

  /** Security contexts the acceptor holds for a coming AUTHENTICATE. */
  int pendingContexts() {
    return acceptor.pendingContexts();
  }

  /**
   * Waits until every connection to this node has closed (and the filter has been told), at most
   * {@code timeout}.
   *
   * @return whether none is open
   */
  boolean awaitNoConnections(Duration timeout) throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    synchronized (monitor) {
      while (openConnections > 0) {
        long left = deadline - System.nanoTime();
        if (left <= 0) {
          return false;
        }
        TimeUnit.NANOSECONDS.timedWait(monitor, left);
      }
      return true;
    }
  }

  /**
   * Counts connections and reports each close to the acceptor (the filter hears it from the shipped
   * listener).
   */
  private final class ConnectionTracker implements Connection.Listener {
    @Override
    public void onOpened(Connection connection) {
      synchronized (monitor) {
        openConnections++;
      }
    }

    @Override
    public void onClosed(Connection connection) {
      if (connection instanceof ConnectionMetaData metaData) {
        // The same id the servlet API reports as ServletConnection.getConnectionId().
        acceptor.connectionClosed(metaData.getId());
      }
      synchronized (monitor) {
        openConnections--;
        monitor.notifyAll();
      }
    }
  }
}
