package io.github.ntlmaffinity.servlet;

import io.github.ntlmaffinity.DiagnosticsSnapshot;
import io.github.ntlmaffinity.NtlmAffinity;
import io.github.ntlmaffinity.internal.AddressRanges;
import jakarta.servlet.ServletConfig;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Arrays;

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
 *   <li>{@value #TOKEN_INIT_PARAM}: a bearer token; a request with {@code Authorization: Bearer
 *       <token>} is served from any address. Unset: no token is accepted.
 *   <li>{@value #MASK_USERS_INIT_PARAM}: {@code true} shows user names as {@code a***}.
 *   <li>{@value #REFRESH_SECONDS_INIT_PARAM}: the HTML page's refresh interval; 0 turns it off;
 *       default 5.
 * </ul>
 *
 * <p>Every other request gets a bare 403. The remote address is the container's: behind a proxy
 * whose forwarded headers the container applies, it is the forwarded one. The servlet finds the
 * filter's engine in the servlet-context attribute {@link NtlmAffinityFilter#AFFINITY_ATTRIBUTE},
 * or is given one.
 */
public final class NtlmAffinityDiagnosticsServlet extends HttpServlet {
  private static final long serialVersionUID = 1L;

  public static final String ALLOW_INIT_PARAM = "allow";
  public static final String TOKEN_INIT_PARAM = "token";
  public static final String MASK_USERS_INIT_PARAM = "maskUsers";
  public static final String REFRESH_SECONDS_INIT_PARAM = "refreshSeconds";

  private static final String DEFAULT_ALLOW = "127.0.0.0/8, ::1";

  private transient volatile NtlmAffinity affinity;
  private transient AddressRanges allowed;
  private transient byte[] token;
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
    String allow = config.getInitParameter(ALLOW_INIT_PARAM);
    try {
      allowed = AddressRanges.parse(Arrays.asList(list(allow == null ? DEFAULT_ALLOW : allow)));
    } catch (IllegalArgumentException e) {
      // No cause: Tomcat logs a servlet's load failure by its root cause, which names no param.
      throw new ServletException(
          "ntlm-affinity diagnostics: init-param '" + ALLOW_INIT_PARAM + "': " + e.getMessage());
    }
    String t = config.getInitParameter(TOKEN_INIT_PARAM);
    if (t != null && !t.isBlank()) {
      if (t.trim().length() < 16) {
        throw new ServletException(
            "ntlm-affinity diagnostics: init-param '"
                + TOKEN_INIT_PARAM
                + "' must be at least 16 characters");
      }
      token = t.trim().getBytes(StandardCharsets.UTF_8);
    }
    String mask = config.getInitParameter(MASK_USERS_INIT_PARAM);
    if (mask != null) {
      if (!mask.trim().equalsIgnoreCase("true") && !mask.trim().equalsIgnoreCase("false")) {
        throw new ServletException(
            "ntlm-affinity diagnostics: init-param '"
                + MASK_USERS_INIT_PARAM
                + "' must be true or false");
      }
      maskUsers = Boolean.parseBoolean(mask.trim());
    }
    String refresh = config.getInitParameter(REFRESH_SECONDS_INIT_PARAM);
    if (refresh != null) {
      try {
        refreshSeconds = Integer.parseInt(refresh.trim());
      } catch (NumberFormatException e) {
        refreshSeconds = -1;
      }
      if (refreshSeconds < 0) {
        throw new ServletException(
            "ntlm-affinity diagnostics: init-param '"
                + REFRESH_SECONDS_INIT_PARAM
                + "' must be a whole number >= 0");
      }
    }
  }

  @Override
  protected void doGet(HttpServletRequest request, HttpServletResponse response)
      throws IOException {
    if (!permitted(request)) {
      response.setStatus(HttpServletResponse.SC_FORBIDDEN);
      response.setContentLength(0);
      return;
    }
    NtlmAffinity engine = engine();
    response.setHeader("Cache-Control", "no-store");
    response.setHeader("X-Content-Type-Options", "nosniff");
    if (engine == null) {
      response.setStatus(HttpServletResponse.SC_SERVICE_UNAVAILABLE);
      response.setContentType("text/plain;charset=utf-8");
      response.getWriter().write("ntlm-affinity: no NtlmAffinityFilter has been initialised\n");
      return;
    }
    DiagnosticsSnapshot snapshot = engine.snapshot();
    if (wantsJson(request)) {
      response.setContentType("application/json;charset=utf-8");
      response
          .getWriter()
          .write(snapshot.toJson(maskUsers, "true".equals(request.getParameter("pretty"))));
    } else {
      response.setContentType("text/html;charset=utf-8");
      response.setHeader(
          "Content-Security-Policy", "default-src 'none'; style-src 'unsafe-inline'");
      response.getWriter().write(DiagnosticsPage.render(snapshot, maskUsers, refreshSeconds));
    }
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

  boolean permitted(HttpServletRequest request) {
    if (allowed != null && allowed.contains(request.getRemoteAddr())) {
      return true;
    }
    if (token == null) {
      return false;
    }
    String auth = request.getHeader("Authorization");
    if (auth == null || !auth.regionMatches(true, 0, "Bearer ", 0, 7)) {
      return false;
    }
    byte[] presented = auth.substring(7).trim().getBytes(StandardCharsets.UTF_8);
    return MessageDigest.isEqual(presented, token);
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

  private static String[] list(String value) {
    return Arrays.stream(value.split(","))
        .map(String::trim)
        .filter(s -> !s.isEmpty())
        .toArray(String[]::new);
  }
}
