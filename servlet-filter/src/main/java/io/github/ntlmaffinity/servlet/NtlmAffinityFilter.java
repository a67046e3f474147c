package io.github.ntlmaffinity.servlet;

import io.github.ntlmaffinity.Exchange;
import io.github.ntlmaffinity.NtlmAffinity;
import io.github.ntlmaffinity.internal.OnceLogger;
import jakarta.servlet.AsyncEvent;
import jakarta.servlet.AsyncListener;
import jakarta.servlet.DispatcherType;
import jakarta.servlet.Filter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.FilterConfig;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Watches the NTLM handshakes that pass through it and reports the ones a load balancer broke.
 * Register it in front of whatever authenticates with NTLM or Negotiate, so that it sees the {@code
 * Authorization} headers and the 401s with their CHALLENGEs.
 *
 * <p>By {@code web.xml}, configured with init-params (every one optional):
 *
 * <pre>{@code
 * <filter>
 *   <filter-name>ntlm-affinity</filter-name>
 *   <filter-class>io.github.ntlmaffinity.servlet.NtlmAffinityFilter</filter-class>
 *   <init-param><param-name>nodeName</param-name><param-value>node-a</param-value></init-param>
 *   <init-param><param-name>trustedProxies</param-name><param-value>10.0.0.0/8</param-value></init-param>
 *   <init-param><param-name>balancer</param-name><param-value>haproxy</param-value></init-param>
 * </filter>
 * <filter-mapping>
 *   <filter-name>ntlm-affinity</filter-name>
 *   <url-pattern>/*</url-pattern>
 * </filter-mapping>
 * }</pre>
 *
 * <p>By code, with a configured engine: {@code new NtlmAffinityFilter(NtlmAffinity.builder()
 * .nodeName("node-a").build())}.
 *
 * <p>Init-params map one-to-one onto {@link NtlmAffinity.Builder} methods, through {@link
 * NtlmAffinity.Builder#configure(Map)}: {@value #ENABLED_INIT_PARAM}, {@value
 * #NODE_NAME_INIT_PARAM}, {@value #NTLM_NAMES_INIT_PARAM}, {@value #TRUSTED_PROXIES_INIT_PARAM},
 * {@value #AFFINITY_COOKIES_INIT_PARAM}, {@value #BALANCER_INIT_PARAM}, {@value
 * #MAX_CONNECTIONS_INIT_PARAM}, {@value #MAX_CHALLENGES_INIT_PARAM}, {@value
 * #MAX_RETAINED_BYTES_INIT_PARAM}, {@value #CHALLENGE_TIMEOUT_INIT_PARAM}, {@value
 * #CONNECTION_IDLE_TIMEOUT_INIT_PARAM}, {@value #REPEATED_HANDSHAKE_THRESHOLD_INIT_PARAM}, {@value
 * #REPEATED_HANDSHAKE_WINDOW_INIT_PARAM}, {@value #LOG_RATE_PER_MINUTE_INIT_PARAM}, {@value
 * #RECENT_FINDINGS_INIT_PARAM}, {@value #RECENT_HANDSHAKES_INIT_PARAM}; the filter's own {@value
 * #PROBE_PATH_INIT_PARAM} and {@value #PROBE_REQUESTS_PER_MINUTE_INIT_PARAM} (the probe endpoint,
 * off by default). A bad value, or a name not in this list, is logged as an ERROR naming the
 * parameter (through the container's java.util.logging too when no SLF4J provider is bound), that
 * setting keeps its default, and the diagnostics endpoint shows the error; with {@value
 * #STRICT_INIT_PARAM}{@code =true} it fails {@link #init} instead. {@code enabled=false} turns the
 * filter into a pass-through.
 *
 * <p>The node's name, in order: the {@value #NODE_NAME_INIT_PARAM} init-param, the system property
 * {@value NtlmAffinity.Builder#NODE_NAME_PROPERTY}, the environment variable {@value
 * NtlmAffinity.Builder#NODE_NAME_ENVIRONMENT}, the servlet-context init-param {@value
 * #CONTEXT_NODE_NAME_PARAM}, {@code HOSTNAME}, this machine's host name. A WAR shared by every node
 * should leave it to the last ones, or set it per node outside the WAR.
 *
 * <p>Only the client's request is observed ({@code REQUEST} dispatches): mapped for {@code
 * FORWARD}, {@code INCLUDE}, {@code ASYNC} or {@code ERROR} too, the filter passes those dispatches
 * through, so that one message is not counted twice.
 *
 * <p>The filter never changes the request or the response and never fails a request: the
 * application's exceptions pass through unchanged, and any failure of its own is counted and logged
 * once. It publishes its engine as the servlet-context attribute {@link #AFFINITY_ATTRIBUTE}, where
 * {@link NtlmAffinityDiagnosticsServlet} finds it.
 */
public final class NtlmAffinityFilter implements Filter {
  public static final String ENABLED_INIT_PARAM = "enabled";
  public static final String NODE_NAME_INIT_PARAM = "nodeName";
  public static final String NTLM_NAMES_INIT_PARAM = "ntlmNames";
  public static final String TRUSTED_PROXIES_INIT_PARAM = "trustedProxies";
  public static final String AFFINITY_COOKIES_INIT_PARAM = "affinityCookies";
  public static final String BALANCER_INIT_PARAM = "balancer";
  public static final String MAX_CONNECTIONS_INIT_PARAM = "maxConnections";
  public static final String MAX_CHALLENGES_INIT_PARAM = "maxChallenges";
  public static final String MAX_RETAINED_BYTES_INIT_PARAM = "maxRetainedBytes";
  public static final String CHALLENGE_TIMEOUT_INIT_PARAM = "challengeTimeout";
  public static final String CONNECTION_IDLE_TIMEOUT_INIT_PARAM = "connectionIdleTimeout";
  public static final String REPEATED_HANDSHAKE_THRESHOLD_INIT_PARAM = "repeatedHandshakeThreshold";
  public static final String REPEATED_HANDSHAKE_WINDOW_INIT_PARAM = "repeatedHandshakeWindow";
  public static final String LOG_RATE_PER_MINUTE_INIT_PARAM = "logRatePerMinute";
  public static final String RECENT_FINDINGS_INIT_PARAM = "recentFindings";
  public static final String RECENT_HANDSHAKES_INIT_PARAM = "recentHandshakes";

  /**
   * A path of the application (e.g. {@code /ntlm-affinity-probe}) that the filter answers itself as
   * an NTLM server would, for level 3 of {@code ntlm-affinity probe}: it names this node and an
   * opaque token of the backend connection in every answer, and accepts only the public, powerless
   * probe account. Off when absent (the default). The path grants nothing, never reaches the
   * application, is rate-limited by {@value #PROBE_REQUESTS_PER_MINUTE_INIT_PARAM}, and its
   * handshakes never raise findings. See {@code docs/probe.md}.
   */
  public static final String PROBE_PATH_INIT_PARAM = "probePath";

  /** Probe-path requests answered per minute (a token bucket of that size); default 600. */
  public static final String PROBE_REQUESTS_PER_MINUTE_INIT_PARAM = "probeRequestsPerMinute";

  /**
   * {@code true}: a bad init-param fails {@link #init}, and with it the application. Default {@code
   * false}: a passive diagnostic tool must not take an application down over a typo, so a bad value
   * is logged as an ERROR naming it, that setting keeps its default, and the endpoint shows the
   * error.
   */
  public static final String STRICT_INIT_PARAM = "strict";

  /** The servlet-context init-param naming the node, read when the filter's own is not set. */
  public static final String CONTEXT_NODE_NAME_PARAM = "ntlmaffinity.nodeName";

  /** The servlet-context attribute under which the filter publishes its {@link NtlmAffinity}. */
  public static final String AFFINITY_ATTRIBUTE = NtlmAffinity.class.getName();

  private static final Logger log = LoggerFactory.getLogger(NtlmAffinityFilter.class);

  private volatile NtlmAffinity affinity;
  private volatile ProbeResponder probe;
  private String probePath;
  private int probeRequestsPerMinute = ProbeSettings.DEFAULT_REQUESTS_PER_MINUTE;
  private java.util.concurrent.ScheduledExecutorService expiry;
  private final OnceLogger failures = new OnceLogger(log);

  /** For {@code web.xml}: configured by init-params in {@link #init}. */
  public NtlmAffinityFilter() {}

  /** For code: uses {@code affinity} as configured; init-params are then ignored. */
  public NtlmAffinityFilter(NtlmAffinity affinity) {
    if (affinity == null) {
      throw new IllegalArgumentException("affinity must not be null");
    }
    this.affinity = affinity;
  }

  /**
   * For code, with the probe endpoint of {@code ntlm-affinity probe} (level 3) answered at {@code
   * probePath} (see {@link #PROBE_PATH_INIT_PARAM}); {@code null} leaves it off.
   *
   * @throws IllegalArgumentException when {@code probePath} is not a plain path starting with '/'
   */
  public NtlmAffinityFilter(NtlmAffinity affinity, String probePath) {
    this(affinity);
    this.probePath = probePath == null ? null : ProbeResponder.checkPath(probePath);
  }

  @Override
  public void init(FilterConfig config) throws ServletException {
    StartupLog.checkProvider(
        config == null || config.getServletContext() == null
            ? "?"
            : config.getServletContext().getContextPath());
    if (affinity == null) {
      FilterInitParams params = FilterInitParams.read(config);
      affinity = params.engine();
      probePath = params.probePath();
      probeRequestsPerMinute = params.probeRequestsPerMinute();
    }
    if (probePath != null && affinity.isEnabled()) {
      probe =
          new ProbeResponder(
              probePath, affinity.nodeName(), probeRequestsPerMinute, java.time.Clock.systemUTC());
      log.info(
          "ntlm-affinity probe endpoint on at {} (account {}; it grants nothing)",
          probePath,
          ProbeNtlm.ACCOUNT);
    }
    if (config != null && config.getServletContext() != null) {
      config.getServletContext().setAttribute(AFFINITY_ATTRIBUTE, affinity);
    }
    if (affinity.isEnabled()) {
      startExpiry(affinity);
    }
    log.info(
        "ntlm-affinity filter {} on node {}",
        affinity.isEnabled() ? "watching NTLM handshakes" : "disabled",
        affinity.nodeName());
  }

  /** The engine, once {@link #init} ran (or from the constructor). */
  public NtlmAffinity affinity() {
    return affinity;
  }

  @Override
  public void doFilter(ServletRequest req, ServletResponse res, FilterChain chain)
      throws IOException, ServletException {
    NtlmAffinity engine = affinity;
    if (engine == null
        || !engine.isEnabled()
        || req.getDispatcherType() != DispatcherType.REQUEST
        || !(req instanceof HttpServletRequest request)
        || !(res instanceof HttpServletResponse response)) {
      chain.doFilter(req, res);
      return;
    }
    ProbeResponder prober = probe;
    if (prober != null && prober.matches(request)) {
      // Answered here, before the engine: probe handshakes are never tracked.
      prober.respond(request, response);
      return;
    }
    Exchange exchange = engine.begin(new ServletRequestView(request));
    if (!exchange.isTracked()) {
      chain.doFilter(req, res);
      return;
    }
    ChallengeCapturingResponse capturing =
        exchange.wantsChallenge() ? new ChallengeCapturingResponse(response, exchange) : null;
    boolean threw = true;
    try {
      if (capturing == null) {
        chain.doFilter(request, response);
      } else {
        chain.doFilter(new ChallengeCapturingRequest(request, capturing), capturing);
      }
      threw = false;
    } finally {
      finish(exchange, request, response, capturing, threw);
    }
  }

  @Override
  public synchronized void destroy() {
    ProbeResponder prober = probe;
    if (prober != null) {
      // Counted apart from the filter's own counters: probe handshakes are not NTLM traffic.
      log.info("ntlm-affinity probe endpoint: {}", prober.counts());
    }
    if (expiry != null) {
      expiry.shutdownNow();
      expiry = null;
    }
  }

  /**
   * Expires the engine's tables every second on a daemon thread of the filter's own, from {@link
   * #init} to {@link #destroy}: a quiet node reports an abandoned challenge within a second of its
   * timeout rather than at its next NTLM request.
   */
  private synchronized void startExpiry(NtlmAffinity engine) {
    if (expiry != null) {
      return;
    }
    expiry =
        java.util.concurrent.Executors.newSingleThreadScheduledExecutor(
            r -> {
              Thread t = new Thread(r, "ntlm-affinity-expiry");
              t.setDaemon(true);
              return t;
            });
    expiry.scheduleWithFixedDelay(engine::expire, 1, 1, java.util.concurrent.TimeUnit.SECONDS);
  }

  private void finish(
      Exchange exchange,
      HttpServletRequest request,
      HttpServletResponse response,
      ChallengeCapturingResponse capturing,
      boolean threw) {
    try {
      if (threw && !response.isCommitted()) {
        // The container answers the application's exception with a 500 of its own, after us.
        exchange.complete(
            HttpServletResponse.SC_INTERNAL_SERVER_ERROR,
            ConnectionClose.closes(request, response));
      } else if (request.isAsyncStarted()) {
        request.getAsyncContext().addListener(new Completion(exchange, request, capturing));
      } else {
        complete(exchange, request, response, capturing);
      }
    } catch (RuntimeException e) {
      failures.warn("finish", e);
    }
  }

  private static void complete(
      Exchange exchange,
      HttpServletRequest request,
      HttpServletResponse response,
      ChallengeCapturingResponse capturing) {
    if (capturing != null && !capturing.captured()) {
      // Set on the response behind our back (e.g. by code that unwrapped it): late, but recorded.
      for (String value : response.getHeaders("WWW-Authenticate")) {
        exchange.challenge(value);
      }
    }
    exchange.complete(response.getStatus(), ConnectionClose.closes(request, response));
  }

  /** Completes the exchange once, when an async request finishes however it finishes. */
  private final class Completion implements AsyncListener {
    private final Exchange exchange;
    private final HttpServletRequest request;
    private final ChallengeCapturingResponse capturing;

    Completion(
        Exchange exchange, HttpServletRequest request, ChallengeCapturingResponse capturing) {
      this.exchange = exchange;
      this.request = request;
      this.capturing = capturing;
    }

    @Override
    public void onComplete(AsyncEvent event) {
      done(event);
    }

    @Override
    public void onTimeout(AsyncEvent event) {
      // The container completes the request after its error handling: onComplete follows.
    }

    @Override
    public void onError(AsyncEvent event) {
      // onComplete follows an error too.
    }

    @Override
    public void onStartAsync(AsyncEvent event) {
      event.getAsyncContext().addListener(this);
    }

    private void done(AsyncEvent event) {
      try {
        ServletResponse r = event.getSuppliedResponse();
        HttpServletResponse response =
            r instanceof HttpServletResponse http
                ? http
                : (HttpServletResponse) event.getAsyncContext().getResponse();
        complete(exchange, request, response, capturing);
      } catch (RuntimeException e) {
        failures.warn("async completion", e);
      }
    }
  }
}
