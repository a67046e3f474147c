package io.github.ntlmaffinity.benchmarks;

import io.github.ntlmaffinity.NtlmAffinity;
import io.github.ntlmaffinity.servlet.NtlmAffinityFilter;
import jakarta.servlet.DispatcherType;
import jakarta.servlet.http.HttpServlet;
import java.util.EnumSet;
import org.eclipse.jetty.ee10.servlet.FilterHolder;
import org.eclipse.jetty.ee10.servlet.ServletContextHandler;
import org.eclipse.jetty.ee10.servlet.ServletHolder;
import org.eclipse.jetty.io.Connection;
import org.eclipse.jetty.server.ConnectionMetaData;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.util.thread.QueuedThreadPool;

/**
 * A benchmark's node: Jetty 12 (ee10), one connector on 127.0.0.1, the filter (unless the engine is
 * {@code null}) in front of one servlet on every path. Its threads are named after the node, so
 * {@link ThreadUsage} measures the server alone.
 */
record EmbeddedNode(String name, Server server, ServerConnector connector, NtlmAffinity affinity) {

  static EmbeddedNode start(String name, int threads, NtlmAffinity affinity, HttpServlet app)
      throws Exception {
    QueuedThreadPool pool = new QueuedThreadPool(threads, threads);
    pool.setName(name);
    Server server = new Server(pool);
    ServerConnector connector = new ServerConnector(server, 1, 1);
    connector.setHost("127.0.0.1");
    connector.setPort(0);
    // Longer than any run: a logged-in connection must stay open.
    connector.setIdleTimeout(3_600_000);
    server.addConnector(connector);
    ServletContextHandler context = new ServletContextHandler("/");
    if (affinity != null) {
      context.addFilter(
          new FilterHolder(new NtlmAffinityFilter(affinity)),
          "/*",
          EnumSet.of(DispatcherType.REQUEST));
      // As a Jetty integration should: a closed connection's open challenge is abandoned now.
      connector.addEventListener(
          new Connection.Listener() {
            @Override
            public void onClosed(Connection connection) {
              if (connection instanceof ConnectionMetaData metaData) {
                affinity.connectionClosed(metaData.getId());
              }
            }
          });
    }
    context.addServlet(new ServletHolder("app", app), "/");
    server.setHandler(context);
    server.start();
    return new EmbeddedNode(name, server, connector, affinity);
  }

  int port() {
    return connector.getLocalPort();
  }
}
