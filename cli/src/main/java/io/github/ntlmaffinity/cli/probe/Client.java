package io.github.ntlmaffinity.cli.probe;

import io.github.ntlmaffinity.wire.AuthScheme;
import io.github.ntlmaffinity.wire.ChallengeMessage;
import io.github.ntlmaffinity.wire.DecodeResult;
import io.github.ntlmaffinity.wire.NtlmDecoder;
import io.github.ntlmaffinity.wire.NtlmMessage;
import java.io.IOException;
import java.security.GeneralSecurityException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * One end client, as a browser is one: it keeps the balancer's cookies from one connection to the
 * next, and runs handshakes, each on a new client connection of its own. Cookie values are sent
 * back and never shown.
 */
final class Client {
  private static final String[] SERVED_BY = {"X-Served-By", "X-Backend-Server", "X-Upstream"};
  private static final int MAX_COOKIES = 20;
  private static final int MAX_TOKEN_CHARS = 65_536;

  private final Session session;
  private final Map<String, String> cookies = new LinkedHashMap<>();

  Client(Session session) {
    this.session = session;
  }

  /**
   * One handshake on a new client connection.
   *
   * @param mode what to send on it
   * @param step called before each leg, to run concurrent clients in step
   * @return the attempt, or {@code null} when the budget has no handshake left for it
   * @throws ProbeFailure when the balancer's answers end the run
   */
  Attempt handshake(int number, Attempt.Flow flow, Mode mode, Step step)
      throws ProbeFailure, IOException, InterruptedException {
    if (!session.budget().take(mode.negotiations())) {
      return null;
    }
    List<Leg> legs = new ArrayList<>();
    String what = number == 0 ? "the login on --backend" : "handshake #" + number;
    try (HttpLink link = session.open(what)) {
      int port = link.localPort();
      if (flow == Attempt.Flow.CHALLENGE_FIRST) {
        step.await();
        Reply offer = send(link, null, what);
        legs.add(leg(Leg.Kind.ANONYMOUS, offer, null));
        ProbeMark mark = ProbeMark.of(offer);
        if (mark != null && mark.result().equals("still-authenticated")) {
          // Level 3: a new client connection's first request on a backend connection on which
          // another client logged in.
          return new Attempt(number, flow, port, legs, Attempt.Outcome.ANSWERED_AS_LOGGED_IN);
        }
        if (offer.status() != 401 || !offer.offersNtlm()) {
          throw new ProbeFailure(
              what + ": the anonymous request got " + offer.status() + " without an NTLM offer");
        }
        if (offer.closes()) {
          return new Attempt(number, flow, port, legs, Attempt.Outcome.CLOSED_AFTER_CHALLENGE);
        }
      }
      byte[] challenge = null;
      for (int i = 0; i < mode.negotiations(); i++) {
        boolean paused = i > 0 && mode.idle();
        if (paused) {
          session.idle();
        }
        step.await();
        Reply reply;
        try {
          reply = send(link, session.scheme() + " " + NtlmTokens.negotiate(), what);
        } catch (ProbeFailure e) {
          if (paused && link.isClosed()) {
            return new Attempt(number, flow, port, legs, Attempt.Outcome.CLOSED_WHILE_IDLE);
          }
          throw e;
        }
        Challenge c = challengeOf(reply, what);
        challenge = c.bytes();
        legs.add(leg(Leg.Kind.NEGOTIATE, reply, c.message()));
        if (reply.closes()) {
          return new Attempt(number, flow, port, legs, Attempt.Outcome.CLOSED_AFTER_CHALLENGE);
        }
      }
      if (!mode.authenticate()) {
        boolean split = new Attempt(number, flow, port, legs, null).issuers().size() > 1;
        return new Attempt(
            number,
            flow,
            port,
            legs,
            split ? Attempt.Outcome.SPLIT_NODES : Attempt.Outcome.ONE_NODE);
      }
      if (mode.idle()) {
        session.idle();
      }
      step.await();
      String token;
      try {
        token = NtlmTokens.authenticate(challenge, session.credentials());
      } catch (GeneralSecurityException | IOException e) {
        throw new ProbeFailure(what + ": cannot answer the CHALLENGE: " + e.getMessage());
      }
      Reply done;
      try {
        done = send(link, session.scheme() + " " + token, what);
      } catch (ProbeFailure e) {
        if (mode.idle() && link.isClosed()) {
          return new Attempt(number, flow, port, legs, Attempt.Outcome.CLOSED_WHILE_IDLE);
        }
        throw e;
      }
      legs.add(leg(Leg.Kind.AUTHENTICATE, done, null));
      if (done.status() == 401 || done.status() == 407) {
        return new Attempt(number, flow, port, legs, Attempt.Outcome.REFUSED);
      }
      if (mode.followUp() && !done.closes()) {
        if (mode.idle()) {
          session.idle();
        }
        step.await();
        try {
          legs.add(leg(Leg.Kind.FOLLOW_UP, send(link, null, what), null));
        } catch (ProbeFailure e) {
          if (!link.isClosed()) {
            throw e;
          }
          legs.add(new Leg(Leg.Kind.FOLLOW_UP, 0, null, null, true, null, null));
        }
      }
      return new Attempt(number, flow, port, legs, Attempt.Outcome.LOGGED_IN);
    }
  }

  /** One request, with this client's cookies; 5xx ends the run. */
  Reply send(HttpLink link, String authorization, String what) throws IOException, ProbeFailure {
    List<String> lines = new ArrayList<>(2);
    if (!cookies.isEmpty()) {
      StringBuilder cookie = new StringBuilder("Cookie: ");
      cookies.forEach((k, v) -> cookie.append(k).append('=').append(v).append("; "));
      lines.add(cookie.substring(0, cookie.length() - 2));
    }
    if (authorization != null) {
      lines.add("Authorization: " + authorization);
    }
    Reply reply;
    try {
      reply = link.get(lines);
    } catch (Deadline.TimeUpException e) {
      throw e;
    } catch (IOException e) {
      if (e instanceof java.net.SocketTimeoutException && session.deadline().passed()) {
        throw new Deadline.TimeUpException();
      }
      throw new ProbeFailure(what + ": " + Session.describe(e));
    }
    session.saw(reply);
    for (String setCookie : reply.values("Set-Cookie")) {
      int eq = setCookie.indexOf('=');
      int end = setCookie.indexOf(';');
      if (eq > 0 && (end < 0 || eq < end) && cookies.size() < MAX_COOKIES) {
        cookies.put(
            setCookie.substring(0, eq).strip(),
            setCookie.substring(eq + 1, end < 0 ? setCookie.length() : end).strip());
      }
    }
    ProbeMark mark = reply.status() == 429 ? ProbeMark.of(reply) : null;
    if (mark != null && mark.result().equals("rate-limited")) {
      throw new ProbeFailure(
          what
              + ": the probe endpoint of "
              + mark.node()
              + " answered 429: its rate limit (probeRequestsPerMinute) is spent; wait a minute,"
              + " or send fewer handshakes (-n)");
    }
    if (reply.status() >= 500) {
      throw new ProbeFailure(
          what
              + ": the balancer answered "
              + reply.status()
              + " "
              + Terminal.escape(reply.reason())
              + " (is a backend down, or does the balancer refuse the request?)");
    }
    return reply;
  }

  private static Leg leg(Leg.Kind kind, Reply reply, ChallengeMessage challenge) {
    String servedBy = null;
    for (String name : SERVED_BY) {
      if (servedBy == null && reply.first(name) != null) {
        servedBy = Terminal.escape(reply.first(name));
      }
    }
    String issuer = null;
    String dns = null;
    if (challenge != null) {
      dns = Terminal.escape(challenge.targetInfo().dnsComputerName());
      issuer = challenge.targetInfo().nbComputerName();
      issuer = issuer != null ? issuer : challenge.targetInfo().dnsComputerName();
      issuer = issuer != null ? issuer : "target " + challenge.targetName();
      issuer = Terminal.escape(issuer);
    }
    return new Leg(
        kind, reply.status(), issuer, dns, reply.closes(), servedBy, ProbeMark.of(reply));
  }

  /** The CHALLENGE in a 401, with its bytes for the AUTHENTICATE; anything else ends the run. */
  private static Challenge challengeOf(Reply reply, String what) throws ProbeFailure {
    if (reply.status() != 401) {
      throw new ProbeFailure(
          what + ": the NEGOTIATE got " + reply.status() + " instead of a 401 with a CHALLENGE");
    }
    for (String value : reply.values("WWW-Authenticate")) {
      int space = value.indexOf(' ');
      if (space < 0) {
        continue;
      }
      String scheme = value.substring(0, space).toLowerCase(Locale.ROOT);
      if (!scheme.equals("ntlm") && !scheme.equals("negotiate")) {
        continue;
      }
      String base64 = value.substring(space + 1).strip();
      byte[] bytes;
      try {
        if (base64.length() > MAX_TOKEN_CHARS) {
          throw new IllegalArgumentException("too long");
        }
        bytes = Base64.getDecoder().decode(base64);
      } catch (IllegalArgumentException e) {
        throw new ProbeFailure(
            what + ": the CHALLENGE is not valid base64 (garbage from the backend?)");
      }
      AuthScheme auth = scheme.equals("ntlm") ? AuthScheme.NTLM : AuthScheme.NEGOTIATE;
      DecodeResult result = NtlmDecoder.decodeToken(auth, bytes);
      if (result instanceof DecodeResult.Ntlm ntlm
          && ntlm.message() instanceof ChallengeMessage message) {
        return new Challenge(message, raw(bytes));
      }
      if (result instanceof DecodeResult.Malformed bad) {
        throw new ProbeFailure(
            what
                + ": the backend's CHALLENGE is malformed ("
                + bad.reason()
                + ": "
                + Terminal.escape(bad.detail())
                + ")");
      }
      if (result instanceof DecodeResult.Ntlm ntlm) {
        NtlmMessage m = ntlm.message();
        throw new ProbeFailure(what + ": the backend answered a NEGOTIATE with a " + m.type());
      }
    }
    throw new ProbeFailure(
        what
            + ": the NEGOTIATE got a 401 without a CHALLENGE: the balancer may drop the"
            + " Authorization header, or the backend does not accept NTLM");
  }

  /** The NTLMSSP message inside a token (SPNEGO-wrapped or raw), for jcifs-ng. */
  private static byte[] raw(byte[] token) {
    byte[] signature = "NTLMSSP\0".getBytes(java.nio.charset.StandardCharsets.US_ASCII);
    for (int i = 0; i + signature.length <= token.length; i++) {
      if (java.util.Arrays.equals(token, i, i + signature.length, signature, 0, signature.length)) {
        return java.util.Arrays.copyOfRange(token, i, token.length);
      }
    }
    return token;
  }

  /** Runs concurrent clients leg by leg: each calls it before a leg. */
  interface Step {
    /** No waiting: sequential handshakes. */
    Step NONE = () -> {};

    void await() throws InterruptedException;
  }

  private record Challenge(ChallengeMessage message, byte[] bytes) {}

  /**
   * What a handshake sends.
   *
   * @param negotiations NEGOTIATEs on the connection (several show which node each reaches)
   * @param authenticate whether the AUTHENTICATE follows (level 2)
   * @param followUp whether a request without credentials follows a login
   * @param idle whether to pause {@code --idle} before the AUTHENTICATE and the follow-up
   */
  record Mode(int negotiations, boolean authenticate, boolean followUp, boolean idle) {}
}
