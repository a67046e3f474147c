package io.github.ntlmaffinity.internal.engine;

import io.github.ntlmaffinity.ConnectionInfo;
import io.github.ntlmaffinity.Handshake;
import io.github.ntlmaffinity.internal.config.Settings;
import java.time.Instant;
import java.util.List;

/**
 * How handshakes and connections end, and the checks made when a connection changes hands: a
 * challenge abandoned (by a new NEGOTIATE, another request, a close, the timeout), a handshake
 * ended (and counted against its client: the credential-prompt loop), a connection another client
 * or user takes over. The tracker calls it under its lock, in its order of operations.
 */
final class Endings {
  private final Settings settings;
  private final CounterSet counters;
  private final Tables tables;
  private final FindingWords words;

  Endings(Settings settings, CounterSet counters, Tables tables, FindingWords words) {
    this.settings = settings;
    this.counters = counters;
    this.tables = tables;
    this.words = words;
  }

  void sweep(long nowMillis, Outbox out) {
    List<ChallengeRecord> expired = tables.sweep(nowMillis);
    if (expired.isEmpty()) {
      return;
    }
    Instant now = Instant.ofEpochMilli(nowMillis);
    String reason = FindingWords.timedOut(settings.challengeTimeout());
    for (ChallengeRecord r : expired) {
      reportAbandoned(r.handshake, reason, now, out, true);
      out.changed(r.handshake);
    }
  }

  void close(ConnectionState conn, Instant now, Outbox out) {
    if (conn.pending != null) {
      HandshakeState h = conn.pending;
      conn.pending = null;
      // The challenge stays matchable by timestamp: its AUTHENTICATE may still turn up
      // elsewhere, and that is the split to report.
      reportAbandoned(h, FindingWords.CONNECTION_CLOSED, now, out, true);
      out.changed(h);
    }
    tables.forget(conn);
  }

  void abandon(HandshakeState h, String reason, Instant now, Outbox out) {
    ConnectionState conn = h.challenge == null ? null : h.challenge.connection;
    if (conn != null && conn.pending == h) {
      conn.pending = null;
    }
    // As in close(): the challenge stays matchable by timestamp until it expires. Its
    // AUTHENTICATE may still turn up on another connection (a pooled balancer connection gave
    // this one to another client), and that is the split across connections to report.
    reportAbandoned(h, reason, now, out, true);
    out.changed(h);
  }

  /**
   * Reports CHALLENGE_ABANDONED once per handshake; counts the abandoned challenge once; ends the
   * handshake only if {@code end} (not when its AUTHENTICATE is still to be answered elsewhere).
   */
  void reportAbandoned(HandshakeState h, String reason, Instant now, Outbox out, boolean end) {
    if (!h.abandonCounted) {
      h.abandonCounted = true;
      counters.handshakesAbandoned.increment();
    }
    if (end && h.isOpen()) {
      end(h, Handshake.Outcome.ABANDONED, now, out);
    }
    if (!h.challengeReported) {
      h.challengeReported = true;
      out.found(words.abandoned(h, reason, now));
    }
  }

  /** Another end client on a connection a login authenticated: reported once per client. */
  void sharedCheck(
      ConnectionState conn,
      ConnectionInfo info,
      ClientId client,
      boolean carriesNtlm,
      Instant now,
      Outbox out) {
    ClientId owner = conn.authenticated;
    if (owner == null || !client.differsFrom(owner)) {
      return;
    }
    if (conn.sharedWith != null && !client.differsFrom(conn.sharedWith)) {
      return;
    }
    conn.sharedWith = client;
    out.found(words.sharedAfterLogin(conn, info, client, carriesNtlm, now));
  }

  /**
   * A login that succeeds on a connection another user, or another workstation, had authenticated:
   * the balancer hands one backend connection to different users, which no forwarded address needs
   * to show. Anonymous logins and a missing name are no evidence.
   */
  void otherUserCheck(ConnectionState conn, HandshakeState h, Instant now, Outbox out) {
    String before = conn.authenticatedUser;
    if (before == null || before.isEmpty() || h.user == null || h.user.isEmpty()) {
      return;
    }
    String ws = conn.authenticatedWorkstation;
    boolean otherWorkstation =
        ws != null
            && !ws.isEmpty()
            && h.workstation != null
            && !h.workstation.isEmpty()
            && !ws.equalsIgnoreCase(h.workstation);
    if (!before.equalsIgnoreCase(h.user) || otherWorkstation) {
      out.found(words.sharedByUsers(conn, h, now));
    }
  }

  /**
   * Ends a handshake. An unsuccessful end (failed or abandoned) counts against its client: {@code
   * repeatedHandshakeThreshold} of them within the window is the credential-prompt loop.
   */
  void end(HandshakeState h, Handshake.Outcome outcome, Instant now, Outbox out) {
    h.end(outcome, now);
    if (outcome == Handshake.Outcome.SUCCEEDED || h.failureCounted || h.client == null) {
      return;
    }
    h.failureCounted = true;
    String client = h.client.display();
    int count = tables.failed(client, now.toEpochMilli());
    if (count == settings.repeatedHandshakeThreshold()) {
      out.found(words.repeated(h, client, count, settings.repeatedHandshakeWindow(), now));
    }
  }
}
