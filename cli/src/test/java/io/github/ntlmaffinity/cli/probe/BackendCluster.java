package io.github.ntlmaffinity.cli.probe;

import io.github.ntlmaffinity.examples.BackendNode;
import io.github.ntlmaffinity.examples.NodeIdentity;
import io.github.ntlmaffinity.examples.UserTable;
import java.util.ArrayList;
import java.util.List;
import org.eclipse.jetty.server.Server;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * Two real NTLM acceptor nodes of the examples module (NODE-A, NODE-B) on loopback ports, with the
 * account {@code EXAMPLE\alice} / {@code Passw0rd!}. A test class shares one cluster:
 *
 * <pre>{@code
 * @RegisterExtension static final BackendCluster cluster = BackendCluster.perClass();
 * }</pre>
 */
final class BackendCluster implements AutoCloseable, BeforeAllCallback, AfterAllCallback {
  static final String USER = "EXAMPLE\\alice";
  static final String PASSWORD = "Passw0rd!";
  static final String PASSWORD_ENV = "PROBE_TEST_PASSWORD";

  private final List<BackendNode> nodes = new ArrayList<>();
  private final List<Server> servers = new ArrayList<>();

  private BackendCluster() {}

  /** A cluster that starts before the first test of the class and stops after the last. */
  static BackendCluster perClass() {
    return new BackendCluster();
  }

  static BackendCluster start() throws Exception {
    BackendCluster cluster = new BackendCluster();
    cluster.open();
    return cluster;
  }

  @Override
  public void beforeAll(ExtensionContext context) throws Exception {
    open();
  }

  @Override
  public void afterAll(ExtensionContext context) throws Exception {
    close();
  }

  int portA() {
    return nodes.get(0).port();
  }

  int portB() {
    return nodes.get(1).port();
  }

  /** The nodes' engines: what each node's filter tracked. */
  List<io.github.ntlmaffinity.NtlmAffinity> engines() {
    return nodes.stream().map(BackendNode::affinity).toList();
  }

  String urlA() {
    return "http://127.0.0.1:" + portA() + "/app/";
  }

  @Override
  public void close() throws Exception {
    for (Server server : servers) {
      server.stop();
    }
    servers.clear();
    nodes.clear();
  }

  private void open() throws Exception {
    try {
      for (NodeIdentity identity : List.of(NodeIdentity.NODE_A, NodeIdentity.NODE_B)) {
        BackendNode node = BackendNode.create(identity, UserTable.defaults());
        Server server = node.createServer(0);
        servers.add(server);
        server.start();
        nodes.add(node);
      }
    } catch (Exception e) {
      close();
      throw e;
    }
  }
}
