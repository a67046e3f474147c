package io.github.ntlmaffinity.cli.probe;

import io.github.ntlmaffinity.examples.BackendNode;
import io.github.ntlmaffinity.examples.NodeIdentity;
import io.github.ntlmaffinity.examples.UserTable;
import java.util.ArrayList;
import java.util.List;
import org.eclipse.jetty.server.Server;

/**
 * Two real NTLM acceptor nodes of the examples module (NODE-A, NODE-B) on loopback ports, with the
 * account {@code EXAMPLE\alice} / {@code Passw0rd!}.
 */
final class BackendCluster implements AutoCloseable {
  static final String USER = "EXAMPLE\\alice";
  static final String PASSWORD = "Passw0rd!";
  static final String PASSWORD_ENV = "PROBE_TEST_PASSWORD";

  private final List<BackendNode> nodes = new ArrayList<>();
  private final List<Server> servers = new ArrayList<>();

  private BackendCluster() {}

  static BackendCluster start() throws Exception {
    BackendCluster cluster = new BackendCluster();
    try {
      for (NodeIdentity identity : List.of(NodeIdentity.NODE_A, NodeIdentity.NODE_B)) {
        BackendNode node = BackendNode.create(identity, UserTable.defaults());
        Server server = node.createServer(0);
        cluster.servers.add(server);
        server.start();
        cluster.nodes.add(node);
      }
      return cluster;
    } catch (Exception e) {
      cluster.close();
      throw e;
    }
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
  }
}
