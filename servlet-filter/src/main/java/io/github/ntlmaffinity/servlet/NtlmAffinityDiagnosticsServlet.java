package io.github.ntlmaffinity.servlet;

import io.github.ntlmaffinity.DiagnosticsSnapshot;
import io.github.ntlmaffinity.NtlmAffinity;
import io.github.ntlmaffinity.internal.AddressRanges;
import io.github.ntlmaffinity.internal.config.EndpointSettings;
import io.github.ntlmaffinity.internal.report.DiagnosticsPage;
import io.github.ntlmaffinity.internal.report.PageAssets;
import jakarta.servlet.ServletConfig;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Enumeration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The diagnostics endpoint: what the filter found, as JSON ({@code Accept: application/json} or
 * {@code ?format=json}) or as an HTML page for a person, refreshing itself.
 *
 * <p><b>It shows user names, client addresses and your network's layout.</b> Access control is on
 * by default: only loopback clients are served. Init-params:
 *
 * <ul>
 *   <li>{@value #ALLOW_INIT_PARAM}: comma-separated addresses/CIDR blocks allowed without a token;
 *       default {@code 127.0.0.0/8, ::1}; empty allows no address.
 *   <li>{@value #TOKEN_INIT_PARAM}: a token of at least 16 characters; a request with {@code
 *       Authorization: Bearer <token>}, or with the token as the password of an HTTP Basic login
 *       (so a browser prompts for it), is served from any address. Unset: no token is accepted.
 *   <li>{@value #HOSTS_INIT_PARAM}: comma-separated host names an allow-listed request may name in
 *       {@code Host}, besides IP literals, {@code localhost} and this machine's own names.
 *   <li>{@value #MASK_USERS_INIT_PARAM}: {@code true} shows user names as {@code a***}.
 *   <li>{@value #REFRESH_SECONDS_INIT_PARAM}: the HTML page's refresh interval; 0 turns it off;
 *       default 5.
 * </ul>
 *
 * <p>Every other request gets a 403 with a one-line reason in plain text, never the data. The
 * allow-list is decided on the TCP peer: a request that shows signs of a forwarded address
 * (forwarded headers, or Tomcat's forwarded mark) needs the token, since the container may have
 * replaced its address; see {@link EndpointAccess}. Every method is checked; only GET and HEAD are
 * served. The servlet finds the filter's engine in the servlet-context attribute {@link
 * NtlmAffinityFilter#AFFINITY_ATTRIBUTE}, or is given one.
 */
public final class NtlmAffinityDiagnosticsServlet extends HttpServlet {
  private static final long serialVersionUID = 1L;

  public static final String ALLOW_INIT_PARAM = EndpointSettings.ALLOW;
  public static final String TOKEN_INIT_PARAM = EndpointSettings.TOKEN;
  public static final String MASK_USERS_INIT_PARAM = EndpointSettings.MASK_USERS;
  public static final String REFRESH_SECONDS_INIT_PARAM = EndpointSettings.REFRESH_SECONDS;
  public static final String HOSTS_INIT_PARAM = EndpointSettings.HOSTS;

  /**
   * {@code true}: a bad init-param fails {@code init}. Default {@code false}: it is logged as an
   * ERROR, the setting keeps a safe default (said in the message), and the page shows the error.
   */
  public static final String STRICT_INIT_PARAM = EndpointSettings.STRICT;

  private static final org.slf4j.Logger log =
      org.slf4j.LoggerFactory.getLogger(NtlmAffinityDiagnosticsServlet.class);

  private transient volatile NtlmAffinity affinity;
  private transient AddressRanges allowed;
  private transient byte[] token;
  private transient EndpointAccess access;
  private transient List<String> configurationErrors = List.of();
  private boolean maskUsers;
  private int refreshSeconds = 5;

  /** For {@code web.xml}: uses the filter's engine and init-params. */
  public NtlmAffinityDiagnosticsServlet() {}

  /** For code: shows {@code affinity}; init-params still configure access. */
  public NtlmAffinityDiagnosticsServlet(NtlmAffinity affinity) {
    this.affinity = affinity;
  }

  @Override
  public void init(ServletConfig config) throws ServletException {
    super.init(config);
    Map<String, String> params = new HashMap<>();
    for (Enumeration<String> names = config.getInitParameterNames();
        names != null && names.hasMoreElements(); ) {
      String name = names.nextElement();
      params.put(name, config.getInitParameter(name));
    }
    EndpointSettings settings = EndpointSettings.parse(params);
    boolean strict = settings.strict();
    List<String> errors = settings.errors();
    allowed = settings.allowed();
    token = settings.token();
    maskUsers = settings.maskUsers();
    refreshSeconds = settings.refreshSeconds();
    Set<String> hosts = settings.hosts();
    if (strict && !errors.isEmpty()) {
      // No cause: Tomcat logs a servlet's load failure by its root cause, which names no param.
      throw new ServletException("ntlm-affinity diagnostics: " + errors.get(0));
    }
    for (String error : errors) {
      StartupLog.error(log, "ntlm-affinity diagnostics: " + error);
    }
    configurationErrors = List.copyOf(errors);
    access = new EndpointAccess(allowed, token, hosts);
  }

  /** Every method is checked, TRACE and OPTIONS included; only GET and HEAD are served. */
  @Override
  protected void service(HttpServletRequest request, HttpServletResponse response)
      throws IOException {
    String refusal = refusal(request);
    if (refusal != null) {
      response.setStatus(HttpServletResponse.SC_FORBIDDEN);
      response.setHeader("Cache-Control", "no-store");
      if (token != null) {
        response.setHeader("WWW-Authenticate", "Basic realm=\"ntlm-affinity\", charset=\"UTF-8\"");
      }
      plain(response, "ntlm-affinity: " + refusal + "\n");
      return;
    }
    String method = request.getMethod();
    if (!"GET".equals(method) && !"HEAD".equals(method)) {
      response.setStatus(HttpServletResponse.SC_METHOD_NOT_ALLOWED);
      response.setHeader("Allow", "GET, HEAD");
      plain(response, "ntlm-affinity: only GET and HEAD\n");
      return;
    }
    try {
      doGet(request, response);
    } catch (RuntimeException e) {
      // Never a stack trace to a client: the container would render one.
      log("ntlm-affinity diagnostics: internal error", e);
      if (!response.isCommitted()) {
        response.reset();
        response.setStatus(HttpServletResponse.SC_INTERNAL_SERVER_ERROR);
        plain(response, "ntlm-affinity: internal error, see the server log\n");
      }
    }
  }

  private static void plain(HttpServletResponse response, String text) throws IOException {
    byte[] body = text.getBytes(StandardCharsets.UTF_8);
    response.setContentType("text/plain;charset=utf-8");
    response.setHeader("X-Content-Type-Options", "nosniff");
    response.setContentLength(body.length);
    response.getOutputStream().write(body);
  }

  @Override
  protected void doGet(HttpServletRequest request, HttpServletResponse response)
      throws IOException {
    NtlmAffinity engine = engine();
    response.setHeader("Cache-Control", "no-store");
    response.setHeader("X-Content-Type-Options", "nosniff");
    if (engine == null) {
      response.setStatus(HttpServletResponse.SC_SERVICE_UNAVAILABLE);
      response.setContentType("text/plain;charset=utf-8");
      response.getWriter().write("ntlm-affinity: no NtlmAffinityFilter has been initialised\n");
      return;
    }
    DiagnosticsSnapshot snapshot = withOwnErrors(engine.snapshot());
    String since = request.getParameter("since");
    if (since != null) {
      long cursor;
      try {
        cursor = Long.parseLong(since.trim());
      } catch (NumberFormatException e) {
        cursor = -1;
      }
      if (cursor < 0) {
        response.setStatus(HttpServletResponse.SC_BAD_REQUEST);
        plain(response, "ntlm-affinity: since must be a whole number >= 0\n");
        return;
      }
      snapshot = snapshot.since(cursor);
    }
    if (wantsJson(request)) {
      response.setContentType("application/json;charset=utf-8");
      response
          .getWriter()
          .write(snapshot.toJson(maskUsers, "true".equals(request.getParameter("pretty"))));
    } else {
      response.setContentType("text/html;charset=utf-8");
      response.setHeader("Content-Security-Policy", PageAssets.CONTENT_SECURITY_POLICY);
      response.getWriter().write(DiagnosticsPage.render(snapshot, maskUsers, refreshSeconds));
    }
  }

  /** The engine's snapshot with this servlet's own configuration errors added. */
  private DiagnosticsSnapshot withOwnErrors(DiagnosticsSnapshot s) {
    if (configurationErrors.isEmpty()) {
      return s;
    }
    List<String> all = new ArrayList<>(s.configurationErrors());
    for (String e : configurationErrors) {
      all.add("diagnostics servlet " + e);
    }
    return new DiagnosticsSnapshot(
        s.node(),
        s.ntlmNames(),
        s.balancer(),
        s.enabled(),
        s.startedAt(),
        s.takenAt(),
        s.counters(),
        s.trackedConnections(),
        s.trackedChallenges(),
        s.findings(),
        s.handshakes(),
        all,
        s.sequence(),
        s.droppedUpTo(),
        s.since());
  }

  private NtlmAffinity engine() {
    NtlmAffinity a = affinity;
    if (a == null && getServletContext() != null) {
      Object attr = getServletContext().getAttribute(NtlmAffinityFilter.AFFINITY_ATTRIBUTE);
      if (attr instanceof NtlmAffinity found) {
        a = found;
        affinity = found;
      }
    }
    return a;
  }

  /** {@code null} when the request may read the endpoint, else why not. */
  String refusal(HttpServletRequest request) {
    EndpointAccess a = access;
    if (a == null) {
      // Not initialised: serve nobody.
      return "the endpoint is not initialised";
    }
    return a.refusal(request);
  }

  private static boolean wantsJson(HttpServletRequest request) {
    if ("json".equalsIgnoreCase(request.getParameter("format"))) {
      return true;
    }
    if ("html".equalsIgnoreCase(request.getParameter("format"))) {
      return false;
    }
    String accept = request.getHeader("Accept");
    return accept != null && accept.contains("application/json") && !accept.contains("text/html");
  }
}
