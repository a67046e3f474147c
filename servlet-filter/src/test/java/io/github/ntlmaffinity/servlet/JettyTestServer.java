package io.github.ntlmaffinity.servlet;

import io.github.ntlmaffinity.testing.RawConnection;
import jakarta.servlet.DispatcherType;
import jakarta.servlet.ServletContext;
import jakarta.servlet.http.HttpServlet;
import java.util.EnumSet;
import java.util.Map;
import org.eclipse.jetty.ee10.servlet.FilterHolder;
import org.eclipse.jetty.ee10.servlet.ServletContextHandler;
import org.eclipse.jetty.ee10.servlet.ServletHolder;
import org.eclipse.jetty.http2.server.HTTP2CServerConnectionFactory;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.util.thread.QueuedThreadPool;

/** A node in embedded Jetty 12 (ee10): an HTTP/1.1 connector, and an h2c one when asked. */
final class JettyTestServer extends TestServer {
  private final Server server;
  private final ServerConnector http;
  private final ServerConnector h2c;
  private final ServletContextHandler context;

  private JettyTestServer(Setup setup) {
    super(setup);
    QueuedThreadPool threads = new QueuedThreadPool(24, 4);
    threads.setName("jetty-" + setup.nodeName);
    server = new Server(threads);
    HttpConfiguration config = new HttpConfiguration();
    if (setup.forwardedHeaders) {
      config.addCustomizer(new org.eclipse.jetty.server.ForwardedRequestCustomizer());
    }
    http = new ServerConnector(server, 1, 1, new HttpConnectionFactory(config));
    http.setHost("127.0.0.1");
    http.setPort(0);
    server.addConnector(http);
    if (setup.h2c) {
      h2c =
          new ServerConnector(
              server,
              1,
              1,
              new HttpConnectionFactory(config),
              new HTTP2CServerConnectionFactory(config));
      h2c.setHost("127.0.0.1");
      h2c.setPort(0);
      server.addConnector(h2c);
    } else {
      h2c = null;
    }

    context = new ServletContextHandler("/");
    FilterHolder outer = new FilterHolder(outermost);
    outer.setName("outermost");
    outer.setAsyncSupported(true);
    context.addFilter(outer, "/app/*", EnumSet.of(DispatcherType.REQUEST));
    if (setup.filter) {
      FilterHolder filter;
      if (setup.filterInitParams != null) {
        filter = new FilterHolder(NtlmAffinityFilter.class);
        setup.filterInitParams.forEach(filter::setInitParameter);
      } else {
        filter = new FilterHolder(filter());
      }
      filter.setName(FILTER_NAME);
      filter.setAsyncSupported(true);
      context.addFilter(filter, "/app/*", setup.dispatcherTypes);
    }
    for (Map.Entry<String, HttpServlet> s : servlets().entrySet()) {
      ServletHolder holder = new ServletHolder(s.getKey().substring(1), s.getValue());
      holder.setAsyncSupported(true);
      context.addServlet(holder, s.getKey());
    }
    ServletHolder diagnostics =
        new ServletHolder("diagnostics", new NtlmAffinityDiagnosticsServlet());
    diagnostics.setInitParameter(
        NtlmAffinityDiagnosticsServlet.HOSTS_INIT_PARAM, RawConnection.HOST);
    setup.diagnosticsInitParams.forEach(diagnostics::setInitParameter);
    diagnostics.setInitOrder(1);
    context.addServlet(diagnostics, DIAGNOSTICS);
    ServletHolder restricted =
        new ServletHolder("restricted-diagnostics", new NtlmAffinityDiagnosticsServlet());
    restricted.setInitParameter(
        NtlmAffinityDiagnosticsServlet.HOSTS_INIT_PARAM, RawConnection.HOST);
    restrictedDiagnostics().forEach(restricted::setInitParameter);
    context.addServlet(restricted, RESTRICTED_DIAGNOSTICS);
    server.setHandler(context);
  }

  static JettyTestServer start(Setup setup) throws Exception {
    JettyTestServer s = new JettyTestServer(setup);
    try {
      s.server.start();
    } catch (Exception e) {
      s.close();
      throw e;
    }
    if (!s.context.isAvailable()) {
      s.close();
      throw new IllegalStateException("the context did not start");
    }
    return s;
  }

  @Override
  int port() {
    return http.getLocalPort();
  }

  @Override
  int h2cPort() {
    return h2c == null ? -1 : h2c.getLocalPort();
  }

  @Override
  ServletContext servletContext() {
    return context.getServletContext();
  }

  @Override
  public void close() throws Exception {
    server.stop();
  }
}
