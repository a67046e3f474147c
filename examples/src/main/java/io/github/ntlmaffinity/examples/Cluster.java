package io.github.ntlmaffinity.examples;

import java.time.Duration;
import java.util.List;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;

/**
 * The two nodes and, unless started without one, the balancer in front of them: started together,
 * stopped together.
 */
final class Cluster implements AutoCloseable {
  private final BackendNode nodeA;
  private final BackendNode nodeB;
  private final Server serverA;
  private final Server serverB;
  private final LoadBalancer balancer;
  private final Server balancerServer;

  private Cluster(
      BackendNode nodeA,
      Server serverA,
      BackendNode nodeB,
      Server serverB,
      LoadBalancer balancer,
      Server balancerServer) {
    this.nodeA = nodeA;
    this.serverA = serverA;
    this.nodeB = nodeB;
    this.serverB = serverB;
    this.balancer = balancer;
    this.balancerServer = balancerServer;
  }

  /**
   * Starts node-a and node-b on {@code portA} and {@code portB} and, when {@code mode} is not
   * {@code null}, a balancer in that mode on {@code port} (0: any free port).
   */
  static Cluster start(
      LoadBalancer.Mode mode,
      UserTable users,
      int portA,
      int portB,
      int port,
      Duration challengeTimeout)
      throws Exception {
    BackendNode a = BackendNode.create(NodeIdentity.NODE_A, users, challengeTimeout);
    BackendNode b = BackendNode.create(NodeIdentity.NODE_B, users, challengeTimeout);
    Server serverA = a.createServer(portA);
    Server serverB = b.createServer(portB);
    LoadBalancer balancer = null;
    Server balancerServer = null;
    try {
      serverA.start();
      serverB.start();
      if (mode != null) {
        balancer =
            LoadBalancer.create(
                mode,
                List.of(
                    new LoadBalancer.Backend(a.identity().nodeName(), "127.0.0.1", a.port()),
                    new LoadBalancer.Backend(b.identity().nodeName(), "127.0.0.1", b.port())));
        balancerServer = balancer.createServer(port);
        balancerServer.start();
      }
    } catch (Exception e) {
      stopQuietly(balancerServer);
      stopQuietly(serverB);
      stopQuietly(serverA);
      throw e;
    }
    return new Cluster(a, serverA, b, serverB, balancer, balancerServer);
  }

  BackendNode nodeA() {
    return nodeA;
  }

  BackendNode nodeB() {
    return nodeB;
  }

  List<BackendNode> nodes() {
    return List.of(nodeA, nodeB);
  }

  /** The balancer, or {@code null} for nodes only. */
  LoadBalancer balancer() {
    return balancer;
  }

  /**
   * Ends the run's traffic: stops the balancer, which closes every backend connection, waits until
   * both nodes have seen them close, and expires what timed out. A CHALLENGE still waiting for its
   * AUTHENTICATE is then reported abandoned by the node that issued it.
   *
   * @return whether every backend connection closed in time
   */
  boolean drain() throws Exception {
    if (balancerServer != null && balancerServer.isStarted()) {
      // Keep the port: a restart (for --serve) comes back where the report said.
      ((ServerConnector) balancerServer.getConnectors()[0]).setPort(balancer.port());
      balancerServer.stop();
    }
    boolean closed = true;
    for (BackendNode node : nodes()) {
      closed &= node.awaitNoConnections(Duration.ofSeconds(5));
      node.affinity().expire();
    }
    return closed;
  }

  /** Starts the balancer again after {@link #drain()}, on the same port. */
  void resume() throws Exception {
    if (balancerServer != null && !balancerServer.isStarted()) {
      balancerServer.start();
    }
  }

  /** Blocks until the servers stop (for {@code --serve} and {@code --nodes-only}). */
  void join() throws InterruptedException {
    serverA.join();
    serverB.join();
  }

  @Override
  public void close() {
    stopQuietly(balancerServer);
    stopQuietly(serverA);
    stopQuietly(serverB);
  }

  private static void stopQuietly(Server server) {
    if (server == null) {
      return;
    }
    try {
      server.stop();
    } catch (Exception e) {
      // Stopping is best effort: the JVM is about to end, or the test is done.
    }
  }
}
