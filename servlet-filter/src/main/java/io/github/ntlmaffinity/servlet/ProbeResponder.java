package io.github.ntlmaffinity.servlet;

import io.github.ntlmaffinity.internal.KeyedHash;
import io.github.ntlmaffinity.internal.OnceLogger;
import io.github.ntlmaffinity.wire.AuthenticateMessage;
import io.github.ntlmaffinity.wire.DecodeResult;
import io.github.ntlmaffinity.wire.NegotiateMessage;
import io.github.ntlmaffinity.wire.NtlmDecoder;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.Base64;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The probe endpoint (level 3 of {@code ntlm-affinity probe}): answers one path as an NTLM server
 * would, so the probe sees which node and which backend connection got every leg of a handshake.
 * Internal, not API; switched on by the filter's {@code probePath}.
 *
 * <ul>
 *   <li>No {@code Authorization}: 401 {@code WWW-Authenticate: NTLM}; 200 on a connection that
 *       logged in here (as a server that keeps a connection authenticated).
 *   <li>A NEGOTIATE: 401 with a real CHALLENGE naming this node and a timestamp.
 *   <li>An AUTHENTICATE of the public probe account ({@link ProbeNtlm#ACCOUNT}): 200 only when its
 *       NTLMv2 response verifies against the CHALLENGE issued on this very backend connection; else
 *       401 saying why (another connection of this node, another node, none waiting).
 * </ul>
 *
 * <p>Every answer carries {@value #HEADER}: {@code node=NAME; connection=TOKEN; logins=N;
 * result=...}, where N counts the logins on this backend connection so far (this one included), and
 * TOKEN is a keyed hash (HMAC-SHA256 under a random key of this process, cut to 8 bytes) of the
 * container's connection id: the same connection gives the same token, and the id itself never
 * leaves. The endpoint grants nothing, never reaches the application, never feeds the tracker (so
 * its handshakes raise no findings), and answers at most {@code requestsPerMinute} requests per
 * minute (a token bucket; 429 beyond).
 */
final class ProbeResponder {
  static final String HEADER = "X-NTLM-Affinity-Probe";
  private static final long FILETIME_EPOCH_MILLIS = 11_644_473_600_000L;
  private static final int MAX_NAME = 64;

  private static final Logger log = LoggerFactory.getLogger(NtlmAffinityFilter.class);

  private final OnceLogger failures = new OnceLogger(log);
  private final String path;
  private final String name;
  private final String headerName;
  private final Clock clock;
  private final ProbeTable table = new ProbeTable();
  private final ProbeRateLimit rate;
  private final SecureRandom random = new SecureRandom();
  private final KeyedHash connectionHash = new KeyedHash();
  private final AtomicLong lastFiletime = new AtomicLong();
  private final AtomicLong requests = new AtomicLong();
  private final AtomicLong challenges = new AtomicLong();
  private final AtomicLong logins = new AtomicLong();
  private final AtomicLong refused = new AtomicLong();
  private final AtomicLong limited = new AtomicLong();

  ProbeResponder(String path, String nodeName, int requestsPerMinute, Clock clock) {
    this.path = path;
    String n = nodeName == null || nodeName.isBlank() ? "node" : nodeName.strip();
    this.name = n.length() > MAX_NAME ? n.substring(0, MAX_NAME) : n;
    this.headerName = headerSafe(name);
    this.clock = clock;
    this.rate = new ProbeRateLimit(requestsPerMinute, clock.millis());
  }

  /**
   * Checks a {@code probePath} value.
   *
   * @throws IllegalArgumentException saying what is wrong
   */
  static String checkPath(String value) {
    String p = value == null ? "" : value.strip();
    if (!p.startsWith("/") || p.length() > 200 || !p.matches("/[A-Za-z0-9._~!$&'()+,;=:@/-]*")) {
      throw new IllegalArgumentException(
          "init-param 'probePath' must be a path in the application starting with '/'"
              + " (letters, digits and -._~!$&'()+,;=:@/ only, at most 200), got '"
              + value
              + "'");
    }
    return p;
  }

  /** Whether {@code request} is for the probe path (within the application's context). */
  boolean matches(HttpServletRequest request) {
    String uri = request.getRequestURI();
    String context = request.getContextPath();
    return uri != null
        && uri.length() == context.length() + path.length()
        && uri.startsWith(context)
        && uri.endsWith(path);
  }

  /**
   * Answers a request for the probe path. An internal failure is logged once per kind and answered
   * 500; the application is never called.
   */
  void respond(HttpServletRequest request, HttpServletResponse response) throws IOException {
    try {
      answer(request, response);
    } catch (RuntimeException e) {
      failures.warn("probe endpoint", e);
      if (!response.isCommitted()) {
        response.reset();
        response.sendError(HttpServletResponse.SC_INTERNAL_SERVER_ERROR);
      }
    }
  }

  private void answer(HttpServletRequest request, HttpServletResponse response) throws IOException {
    requests.incrementAndGet();
    long now = clock.millis();
    String token = token(request);
    if (!rate.take(now)) {
      limited.incrementAndGet();
      response.setHeader("Retry-After", "60");
      answer(response, 429, token, "rate-limited", "more probe requests than allowed per minute");
      return;
    }
    String authorization = request.getHeader("Authorization");
    if (authorization == null) {
      if (table.isLoggedIn(token, now)) {
        answer(response, 200, token, "still-authenticated", "this connection logged in before");
      } else {
        response.setHeader("WWW-Authenticate", "NTLM");
        answer(response, 401, token, "offer", "send an NTLM NEGOTIATE");
      }
      return;
    }
    DecodeResult decoded = NtlmDecoder.decodeAuthorization(authorization);
    if (decoded instanceof DecodeResult.Ntlm ntlm) {
      String scheme = ntlm.scheme().name().equals("NEGOTIATE") ? "Negotiate" : "NTLM";
      if (ntlm.message() instanceof NegotiateMessage) {
        challenge(response, token, scheme, now);
        return;
      }
      if (ntlm.message() instanceof AuthenticateMessage m) {
        authenticate(response, token, authorization, m, now);
        return;
      }
    }
    refuse(
        response,
        token,
        "not-ntlm",
        "the Authorization header is not an NTLM NEGOTIATE or AUTHENTICATE");
  }

  /** Probe requests answered, CHALLENGEs issued, logins, refused AUTHENTICATEs, 429s. */
  Counts counts() {
    return new Counts(requests.get(), challenges.get(), logins.get(), refused.get(), limited.get());
  }

  private void challenge(HttpServletResponse response, String token, String scheme, long now)
      throws IOException {
    byte[] serverChallenge = new byte[8];
    random.nextBytes(serverChallenge);
    long wanted = (now + FILETIME_EPOCH_MILLIS) * 10_000L;
    long filetime = lastFiletime.updateAndGet(last -> Math.max(last + 1, wanted));
    table.challenged(token, serverChallenge, filetime, now);
    challenges.incrementAndGet();
    byte[] type2 = ProbeNtlm.challenge(name, serverChallenge, filetime);
    response.setHeader(
        "WWW-Authenticate", scheme + " " + Base64.getEncoder().encodeToString(type2));
    answer(response, 401, token, "challenge", "CHALLENGE issued on this connection");
  }

  private void authenticate(
      HttpServletResponse response,
      String token,
      String authorization,
      AuthenticateMessage m,
      long now)
      throws IOException {
    if (m.user() == null || !m.user().equalsIgnoreCase(ProbeNtlm.ACCOUNT)) {
      refuse(response, token, "not-probe-account", "only " + ProbeNtlm.ACCOUNT + " logs in here");
      return;
    }
    ProbeTable.Pending pending = table.pending(token, now);
    byte[] raw = raw(authorization);
    if (pending != null
        && raw != null
        && ProbeNtlm.verifies(raw, m.user(), m.domain(), pending.serverChallenge())) {
      table.loggedIn(token, now);
      logins.incrementAndGet();
      answer(
          response,
          200,
          token,
          "authenticated",
          "the AUTHENTICATE answers this connection's" + " CHALLENGE");
      return;
    }
    String issuer = m.challengeIssuer();
    Long stamp = m.challengeTimestamp();
    if (issuer != null && !issuer.equalsIgnoreCase(name)) {
      refuse(
          response,
          token,
          "other-node",
          "it answers a CHALLENGE of another node, " + headerSafe(issuer));
      return;
    }
    String other = stamp == null ? null : table.issuedOn(stamp);
    if (other != null && !other.equals(token)) {
      refuse(
          response,
          token,
          "other-connection",
          "it answers a CHALLENGE this node issued on" + " backend connection " + other);
    } else if (pending == null) {
      refuse(
          response,
          token,
          "no-challenge",
          "no CHALLENGE of this node waits on this"
              + " connection, and it answers none this node knows");
    } else {
      refuse(
          response,
          token,
          "does-not-verify",
          "it does not verify against this connection's"
              + " CHALLENGE (not NTLMv2, or not the probe account's password)");
    }
  }

  private void refuse(HttpServletResponse response, String token, String why, String sentence)
      throws IOException {
    refused.incrementAndGet();
    response.setHeader("WWW-Authenticate", "NTLM");
    answer(response, 401, token, "refused; reason=" + why, "refused: " + sentence);
  }

  private void answer(
      HttpServletResponse response, int status, String token, String result, String sentence)
      throws IOException {
    response.setStatus(status);
    response.setHeader(
        HEADER,
        "node="
            + headerName
            + "; connection="
            + token
            + "; logins="
            + table.loginsOn(token)
            + "; result="
            + result);
    response.setHeader("Cache-Control", "no-store");
    byte[] body =
        ("ntlm-affinity probe endpoint: node "
                + headerName
                + ", backend connection "
                + token
                + ": "
                + sentence
                + ". It grants nothing.\n")
            .getBytes(StandardCharsets.UTF_8);
    response.setContentType("text/plain;charset=UTF-8");
    response.setContentLength(body.length);
    response.getOutputStream().write(body);
  }

  /** The keyed hash of the connection's id: stable per connection, the id never shown. */
  private String token(HttpServletRequest request) {
    String id = ServletRequestView.connectionId(request);
    if (id == null || id.isEmpty()) {
      id = request.getRemoteAddr() + ":" + request.getRemotePort() + ">" + request.getLocalPort();
    }
    return connectionHash.hex(id, 8);
  }

  private static byte[] raw(String authorization) {
    int space = authorization.indexOf(' ');
    try {
      return space < 0
          ? null
          : ProbeNtlm.ntlmssp(
              Base64.getDecoder().decode(authorization.substring(space + 1).strip()));
    } catch (IllegalArgumentException e) {
      return null;
    }
  }

  /** Printable ASCII without separators: safe in a header and a log line. */
  private static String headerSafe(String s) {
    StringBuilder b = new StringBuilder(Math.min(s.length(), MAX_NAME));
    for (int i = 0; i < s.length() && b.length() < MAX_NAME; i++) {
      char c = s.charAt(i);
      b.append(c > 0x20 && c < 0x7f && c != ';' && c != ',' && c != '"' ? c : '_');
    }
    return b.toString();
  }

  /**
   * Counts of the probe endpoint, apart from the filter's.
   *
   * @param requests probe requests answered
   * @param challenges CHALLENGEs issued
   * @param logins AUTHENTICATEs accepted
   * @param refused AUTHENTICATEs (or other tokens) refused
   * @param rateLimited requests answered 429
   */
  record Counts(long requests, long challenges, long logins, long refused, long rateLimited) {}
}
