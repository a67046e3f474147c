package io.github.ntlmaffinity.servlet;

import io.github.ntlmaffinity.internal.AddressRanges;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletRequestWrapper;
import jakarta.servlet.http.HttpServletRequest;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Base64;
import java.util.Locale;
import java.util.Set;

/**
 * Who may read the diagnostics endpoint: a decision, with a one-line reason when the answer is no.
 *
 * <p>The allow-list is decided on the TCP peer the container saw, never on a forwarded address: the
 * innermost request is asked (a filter such as Spring's {@code ForwardedHeaderFilter} wraps the
 * request with the forwarded address), and when the container itself applies forwarded headers
 * (Jetty's {@code ForwardedRequestCustomizer}, Tomcat's {@code RemoteIpValve}, Spring's {@code
 * server.forward-headers-strategy}), which a servlet cannot undo, the allow-list alone grants
 * nothing: the request carries {@code Forwarded}/{@code X-Forwarded-For}/{@code X-Real-IP}, or
 * Tomcat marks it forwarded. Such a request needs the token. An allow-listed request must also name
 * this host in {@code Host} (an IP literal, {@code localhost}, this machine's names, or one of the
 * configured hosts), so a page of another site that a browser inside the allow-list loads cannot
 * read the endpoint by DNS rebinding. The token is accepted as {@code Authorization: Bearer
 * <token>}, or as the password of an HTTP Basic login (any user name), so a browser can prompt for
 * it.
 */
final class EndpointAccess {
  /** Set by Tomcat's RemoteIpValve and RemoteIpFilter on a request whose address they replaced. */
  static final String TOMCAT_FORWARDED_ATTRIBUTE = "org.apache.tomcat.request.forwarded";

  private static final String[] FORWARDING_HEADERS = {"Forwarded", "X-Forwarded-For", "X-Real-IP"};

  private final AddressRanges allowed;
  private final byte[] token;
  private final Set<String> hosts;

  /**
   * @param allowed addresses served without the token
   * @param token the token, or {@code null} for none
   * @param hosts extra host names an allow-listed request may name in {@code Host}, lower case
   */
  EndpointAccess(AddressRanges allowed, byte[] token, Set<String> hosts) {
    this.allowed = allowed;
    this.token = token;
    this.hosts = hosts;
  }

  /** {@code null} when the request may read the endpoint, else why not, in one line. */
  String refusal(HttpServletRequest request) {
    if (hasToken(request)) {
      return null;
    }
    ServletRequest inner = innermost(request);
    String peer = inner.getRemoteAddr();
    if (allowed == null || !allowed.contains(peer)) {
      return "not allowed from " + shown(peer) + ": see the allow and token init-params";
    }
    if (forwarded(inner)) {
      return "the request came through a proxy whose forwarded address the container applies:"
          + " the allow-list cannot be trusted for it, present the token";
    }
    String host = hostOf(request.getHeader("Host"));
    if (!hostAllowed(host)) {
      return "Host is not a name of this server (add it to the hosts init-param): refused against"
          + " DNS rebinding";
    }
    return null;
  }

  /**
   * The address as it may be repeated to the client: an IP literal as it is, anything else (a
   * container that copied a forwarded header's text) not at all.
   */
  static String shown(String address) {
    if (address == null || address.isEmpty() || address.length() > 45) {
      return "this address";
    }
    for (int i = 0; i < address.length(); i++) {
      char c = address.charAt(i);
      boolean ok =
          (c >= '0' && c <= '9')
              || (c >= 'a' && c <= 'f')
              || (c >= 'A' && c <= 'F')
              || c == '.'
              || c == ':';
      if (!ok) {
        return "this address";
      }
    }
    return address;
  }

  private boolean hasToken(HttpServletRequest request) {
    if (token == null) {
      return false;
    }
    String auth = request.getHeader("Authorization");
    if (auth == null) {
      return false;
    }
    String presented;
    if (auth.regionMatches(true, 0, "Bearer ", 0, 7)) {
      presented = auth.substring(7).trim();
    } else if (auth.regionMatches(true, 0, "Basic ", 0, 6)) {
      presented = basicPassword(auth.substring(6).trim());
    } else {
      return false;
    }
    return presented != null
        && MessageDigest.isEqual(presented.getBytes(StandardCharsets.UTF_8), token);
  }

  private static String basicPassword(String credentials) {
    if (credentials.length() > 4096) {
      return null;
    }
    try {
      String decoded = new String(Base64.getDecoder().decode(credentials), StandardCharsets.UTF_8);
      int colon = decoded.indexOf(':');
      return colon < 0 ? null : decoded.substring(colon + 1);
    } catch (IllegalArgumentException e) {
      return null;
    }
  }

  private static ServletRequest innermost(ServletRequest request) {
    ServletRequest r = request;
    for (int i = 0; i < 64 && r instanceof ServletRequestWrapper w; i++) {
      r = w.getRequest();
    }
    return r;
  }

  private static boolean forwarded(ServletRequest inner) {
    if (Boolean.TRUE.equals(inner.getAttribute(TOMCAT_FORWARDED_ATTRIBUTE))) {
      return true;
    }
    if (inner instanceof HttpServletRequest http) {
      for (String name : FORWARDING_HEADERS) {
        if (http.getHeader(name) != null) {
          return true;
        }
      }
    }
    return false;
  }

  /** The host of a {@code Host} header, lower case, without port or IPv6 brackets. */
  static String hostOf(String header) {
    if (header == null) {
      return "";
    }
    String h = header.trim().toLowerCase(Locale.ROOT);
    if (h.startsWith("[")) {
      int end = h.indexOf(']');
      return end < 0 ? h : h.substring(1, end);
    }
    int colon = h.lastIndexOf(':');
    return colon < 0 ? h : h.substring(0, colon);
  }

  private boolean hostAllowed(String host) {
    if (host.isEmpty()) {
      // HTTP/1.0 without Host: no browser sends that.
      return true;
    }
    if (host.equals("localhost") || host.endsWith(".localhost") || isIpLiteral(host)) {
      return true;
    }
    if (hosts.contains(host)) {
      return true;
    }
    return LocalNames.ALL.contains(host);
  }

  private static boolean isIpLiteral(String host) {
    if (host.indexOf(':') >= 0) {
      return true;
    }
    for (int i = 0; i < host.length(); i++) {
      char c = host.charAt(i);
      if (c != '.' && (c < '0' || c > '9')) {
        return false;
      }
    }
    return true;
  }

  /** This machine's own names, looked up once. */
  private static final class LocalNames {
    static final Set<String> ALL = lookUp();

    private static Set<String> lookUp() {
      java.util.Set<String> names = new java.util.HashSet<>();
      try {
        InetAddress local = InetAddress.getLocalHost();
        names.add(local.getHostName().toLowerCase(Locale.ROOT));
        names.add(local.getCanonicalHostName().toLowerCase(Locale.ROOT));
      } catch (java.io.IOException | SecurityException e) {
        // No name to add: IP literals and localhost still work, and the hosts init-param.
      }
      String env = System.getenv("HOSTNAME");
      if (env != null && !env.isBlank()) {
        names.add(env.trim().toLowerCase(Locale.ROOT));
      }
      return Set.copyOf(names);
    }
  }
}
