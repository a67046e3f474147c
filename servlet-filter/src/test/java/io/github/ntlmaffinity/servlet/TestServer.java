package io.github.ntlmaffinity.servlet;

import io.github.ntlmaffinity.NtlmAffinity;
import io.github.ntlmaffinity.testing.NtlmTestAcceptor;
import io.github.ntlmaffinity.testing.ServerIdentity;
import jakarta.servlet.DispatcherType;
import jakarta.servlet.Filter;
import jakarta.servlet.ServletContext;
import jakarta.servlet.http.HttpServlet;
import java.time.Clock;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.UnaryOperator;

/**
 * One backend node in a real container on 127.0.0.1, port 0: the filter on {@code /app/*} in front
 * of the NTLM acceptor and the other test servlets, the diagnostics endpoint beside them. Both
 * containers lay the application out identically:
 *
 * <table>
 *   <caption>Paths</caption>
 *   <tr><td>{@value #PROTECTED}</td><td>{@link NtlmTestAcceptor}</td></tr>
 *   <tr><td>{@value #ASYNC_PROTECTED}</td><td>the acceptor, answering asynchronously</td></tr>
 *   <tr><td>{@value #THROWING}</td><td>{@link TestServlets.Throwing}</td></tr>
 *   <tr><td>{@value #ASYNC}</td><td>{@link TestServlets.Async}</td></tr>
 *   <tr><td>{@value #CONNECTION}</td><td>{@link TestServlets.ConnectionEcho}</td></tr>
 *   <tr><td>{@value #FORWARDING}</td><td>forwards to {@value #PROTECTED}</td></tr>
 *   <tr><td>{@value #DIAGNOSTICS}</td><td>the endpoint, loopback only (by default)</td></tr>
 *   <tr><td>{@value #RESTRICTED_DIAGNOSTICS}</td><td>the endpoint allowing only 10.0.0.0/8, or
 *       the bearer token {@value #TOKEN}</td></tr>
 * </table>
 *
 * <p>{@link TestServlets.Outermost} runs before the ntlm-affinity filter on {@code /app/*}.
 */
abstract class TestServer implements AutoCloseable {
  static final String PROTECTED = "/app/protected";
  static final String ASYNC_PROTECTED = "/app/async-protected";
  static final String THROWING = "/app/throw";
  static final String ASYNC = "/app/async";
  static final String CONNECTION = "/app/connection";
  static final String FORWARDING = "/app/front";
  static final String DIAGNOSTICS = "/ntlm-affinity";
  static final String RESTRICTED_DIAGNOSTICS = "/ntlm-affinity-restricted";
  static final String TOKEN = "s3cret-token-for-tests";
  static final String FILTER_NAME = "ntlm-affinity";

  final Setup setup;
  final TestServlets.Throwing throwing = new TestServlets.Throwing();
  final TestServlets.Outermost outermost = new TestServlets.Outermost();
  final NtlmTestAcceptor acceptor;
  final NtlmTestAcceptor asyncAcceptor;

  TestServer(Setup setup) {
    this.setup = setup;
    NtlmTestAcceptor.Options options =
        new NtlmTestAcceptor.Options(setup.identity, setup.clock, setup.closeOnChallenge, false);
    this.acceptor = NtlmTestAcceptor.create(options);
    this.asyncAcceptor = NtlmTestAcceptor.create(options.async(true));
  }

  /** The HTTP/1.1 port. */
  abstract int port();

  /** The port that speaks h2c (prior knowledge), or -1. */
  abstract int h2cPort();

  abstract ServletContext servletContext();

  /** The engine the filter published, or {@code null} without a filter. */
  NtlmAffinity affinity() {
    return (NtlmAffinity) servletContext().getAttribute(NtlmAffinityFilter.AFFINITY_ATTRIBUTE);
  }

  @Override
  public abstract void close() throws Exception;

  /** The filter as the setup asks: by class with init-params, or an instance with its engine. */
  Filter filter() {
    return setup.filterInitParams != null
        ? new NtlmAffinityFilter()
        : new NtlmAffinityFilter(setup.affinity());
  }

  /** The servlets by path. */
  Map<String, HttpServlet> servlets() {
    Map<String, HttpServlet> servlets = new LinkedHashMap<>();
    servlets.put(PROTECTED, acceptor);
    servlets.put(ASYNC_PROTECTED, asyncAcceptor);
    servlets.put(THROWING, throwing);
    servlets.put(ASYNC, new TestServlets.Async());
    servlets.put(CONNECTION, new TestServlets.ConnectionEcho());
    servlets.put(FORWARDING, new TestServlets.Forwarding(PROTECTED));
    return servlets;
  }

  /** Init-params of the restricted endpoint. */
  static Map<String, String> restrictedDiagnostics() {
    return Map.of(
        NtlmAffinityDiagnosticsServlet.ALLOW_INIT_PARAM,
        "10.0.0.0/8",
        NtlmAffinityDiagnosticsServlet.TOKEN_INIT_PARAM,
        TOKEN);
  }

  /** The containers the scenarios run on. */
  enum Container {
    JETTY {
      @Override
      TestServer start(Setup setup) throws Exception {
        return JettyTestServer.start(setup);
      }
    },
    TOMCAT {
      @Override
      TestServer start(Setup setup) throws Exception {
        return TomcatTestServer.start(setup);
      }
    };

    /**
     * Starts a server; throws when the application fails to start (a filter's or servlet's {@code
     * init} failed), with that failure in the cause chain.
     */
    abstract TestServer start(Setup setup) throws Exception;
  }

  /** What a node looks like. Mutable; each test configures its own. */
  static final class Setup {
    String nodeName = "node-a";
    ServerIdentity identity = ServerIdentity.NODE_A;
    Clock clock = Clock.systemUTC();
    UnaryOperator<NtlmAffinity.Builder> configure = b -> b;
    boolean filter = true;
    boolean closeOnChallenge;
    boolean h2c;

    /** Records the node's observations and findings for a replay check, or {@code null}. */
    ReplayCheck replayCheck;

    /** The container applies forwarded headers: Jetty's customizer, Tomcat's RemoteIpValve. */
    boolean forwardedHeaders;

    /** The dispatcher types the filter is mapped for; default REQUEST only, as web.xml's. */
    EnumSet<DispatcherType> dispatcherTypes = EnumSet.of(DispatcherType.REQUEST);

    /** When set, the filter is registered by class with these init-params, as by web.xml. */
    Map<String, String> filterInitParams;

    /** Init-params of the endpoint at {@link #DIAGNOSTICS}. */
    Map<String, String> diagnosticsInitParams = Map.of();

    static Setup node(String name, ServerIdentity identity) {
      Setup s = new Setup();
      s.nodeName = name;
      s.identity = identity;
      return s;
    }

    Setup clock(Clock c) {
      this.clock = c;
      return this;
    }

    Setup configure(UnaryOperator<NtlmAffinity.Builder> c) {
      this.configure = c;
      return this;
    }

    Setup withoutFilter() {
      this.filter = false;
      return this;
    }

    Setup closeOnChallenge() {
      this.closeOnChallenge = true;
      return this;
    }

    Setup allDispatcherTypes() {
      this.dispatcherTypes = EnumSet.allOf(DispatcherType.class);
      return this;
    }

    Setup forwardedHeaders() {
      this.forwardedHeaders = true;
      return this;
    }

    Setup h2c() {
      this.h2c = true;
      return this;
    }

    Setup filterInitParams(Map<String, String> params) {
      this.filterInitParams = params;
      return this;
    }

    Setup diagnosticsInitParams(Map<String, String> params) {
      this.diagnosticsInitParams = params;
      return this;
    }

    NtlmAffinity affinity() {
      NtlmAffinity.Builder b =
          configure.apply(
              NtlmAffinity.builder().nodeName(nodeName).clock(clock).logRatePerMinute(60));
      return (replayCheck == null ? b : replayCheck.record(b, nodeName, configure)).build();
    }
  }
}
