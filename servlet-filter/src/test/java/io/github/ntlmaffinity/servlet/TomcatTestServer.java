package io.github.ntlmaffinity.servlet;

import io.github.ntlmaffinity.testing.RawConnection;
import jakarta.servlet.DispatcherType;
import jakarta.servlet.ServletContext;
import jakarta.servlet.http.HttpServlet;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Handler;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import org.apache.catalina.LifecycleState;
import org.apache.catalina.Wrapper;
import org.apache.catalina.connector.Connector;
import org.apache.catalina.core.StandardContext;
import org.apache.catalina.startup.Tomcat;
import org.apache.coyote.http2.Http2Protocol;
import org.apache.tomcat.util.descriptor.web.FilterDef;
import org.apache.tomcat.util.descriptor.web.FilterMap;

/**
 * A node in embedded Tomcat 11: one HTTP/1.1 connector, which also speaks h2c (upgrade and prior
 * knowledge) when asked. Base directory under {@code target/}.
 */
final class TomcatTestServer extends TestServer {
  private final Tomcat tomcat;
  private final Connector connector;
  private final StandardContext context;

  private TomcatTestServer(Setup setup) throws Exception {
    super(setup);
    Path target = Path.of("target");
    Files.createDirectories(target);
    tomcat = new Tomcat();
    tomcat.setBaseDir(Files.createTempDirectory(target, "tomcat-").toAbsolutePath().toString());
    connector = new Connector("HTTP/1.1");
    connector.setPort(0);
    connector.setProperty("address", "127.0.0.1");
    if (setup.h2c) {
      connector.addUpgradeProtocol(new Http2Protocol());
    }
    tomcat.setConnector(connector);

    context = (StandardContext) tomcat.addContext("", null);
    context.setFailCtxIfServletStartFails(true);
    if (setup.forwardedHeaders) {
      // Its default internal proxies include 127.0.0.0/8: the tests' own address.
      context.getPipeline().addValve(new org.apache.catalina.valves.RemoteIpValve());
    }
    addFilter("outermost", outermost, null, EnumSet.of(DispatcherType.REQUEST));
    if (setup.filter) {
      addFilter(
          FILTER_NAME,
          setup.filterInitParams == null ? filter() : null,
          setup.filterInitParams,
          setup.dispatcherTypes);
    }
    for (Map.Entry<String, HttpServlet> s : servlets().entrySet()) {
      String name = s.getKey().substring(1);
      Wrapper w = Tomcat.addServlet(context, name, s.getValue());
      w.setAsyncSupported(true);
      context.addServletMappingDecoded(s.getKey(), name);
    }
    Wrapper diagnostics =
        Tomcat.addServlet(context, "diagnostics", new NtlmAffinityDiagnosticsServlet());
    diagnostics.addInitParameter(
        NtlmAffinityDiagnosticsServlet.HOSTS_INIT_PARAM, RawConnection.HOST);
    setup.diagnosticsInitParams.forEach(diagnostics::addInitParameter);
    diagnostics.setLoadOnStartup(1);
    context.addServletMappingDecoded(DIAGNOSTICS, "diagnostics");
    Wrapper restricted =
        Tomcat.addServlet(context, "restricted-diagnostics", new NtlmAffinityDiagnosticsServlet());
    restricted.addInitParameter(
        NtlmAffinityDiagnosticsServlet.HOSTS_INIT_PARAM, RawConnection.HOST);
    restrictedDiagnostics().forEach(restricted::addInitParameter);
    context.addServletMappingDecoded(RESTRICTED_DIAGNOSTICS, "restricted-diagnostics");
  }

  static TomcatTestServer start(Setup setup) throws Exception {
    TomcatTestServer s = new TomcatTestServer(setup);
    // Tomcat logs a failing filter or servlet init and marks the context FAILED: catch the log.
    List<Throwable> failures = new CopyOnWriteArrayList<>();
    Handler capture =
        new Handler() {
          @Override
          public void publish(LogRecord record) {
            if (record.getThrown() != null) {
              failures.add(record.getThrown());
            }
          }

          @Override
          public void flush() {}

          @Override
          public void close() {}
        };
    Logger catalina = Logger.getLogger("org.apache.catalina.core");
    catalina.addHandler(capture);
    try {
      s.tomcat.start();
    } catch (Exception e) {
      s.close();
      throw e;
    } finally {
      catalina.removeHandler(capture);
    }
    if (s.context.getState() != LifecycleState.STARTED) {
      s.close();
      IllegalStateException e =
          new IllegalStateException(
              "the context did not start", failures.isEmpty() ? null : failures.get(0));
      failures.stream().skip(1).forEach(e::addSuppressed);
      throw e;
    }
    return s;
  }

  private void addFilter(
      String name,
      jakarta.servlet.Filter instance,
      Map<String, String> params,
      EnumSet<DispatcherType> dispatcherTypes) {
    FilterDef def = new FilterDef();
    def.setFilterName(name);
    if (instance != null) {
      def.setFilter(instance);
      def.setFilterClass(instance.getClass().getName());
    } else {
      def.setFilterClass(NtlmAffinityFilter.class.getName());
    }
    if (params != null) {
      params.forEach(def::addInitParameter);
    }
    def.setAsyncSupported("true");
    context.addFilterDef(def);
    FilterMap map = new FilterMap();
    map.setFilterName(name);
    map.addURLPattern("/app/*");
    dispatcherTypes.forEach(t -> map.setDispatcher(t.name()));
    context.addFilterMap(map);
  }

  @Override
  int port() {
    return connector.getLocalPort();
  }

  @Override
  int h2cPort() {
    return setup.h2c ? connector.getLocalPort() : -1;
  }

  @Override
  ServletContext servletContext() {
    return context.getServletContext();
  }

  @Override
  public void close() throws Exception {
    tomcat.stop();
    tomcat.destroy();
  }
}
