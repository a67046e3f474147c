package io.github.ntlmaffinity.examples;

import java.net.InetSocketAddress;
import org.eclipse.jetty.server.Server;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * A demo node (NODE-A, the default accounts) on a port of its own, started before each test and
 * stopped after it:
 *
 * <pre>{@code
 * @RegisterExtension final RunningNode running = new RunningNode();
 * }</pre>
 */
final class RunningNode implements BeforeEachCallback, AfterEachCallback {
  private BackendNode node;
  private Server server;

  @Override
  public void beforeEach(ExtensionContext context) throws Exception {
    node = BackendNode.create(NodeIdentity.NODE_A, UserTable.defaults());
    server = node.createServer(0);
    server.start();
  }

  @Override
  public void afterEach(ExtensionContext context) throws Exception {
    server.stop();
  }

  BackendNode node() {
    return node;
  }

  /** 127.0.0.1 and the node's port. */
  InetSocketAddress address() {
    return new InetSocketAddress("127.0.0.1", node.port());
  }
}
