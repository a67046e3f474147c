package io.github.ntlmaffinity.internal.engine;

import io.github.ntlmaffinity.Finding;
import io.github.ntlmaffinity.Handshake;
import io.github.ntlmaffinity.internal.config.Settings;
import io.github.ntlmaffinity.wire.AuthenticateMessage;
import io.github.ntlmaffinity.wire.MessageType;
import java.time.Instant;

/**
 * What each leg of a handshake does to the tables and to its handshake: a NEGOTIATE starts one, a
 * CHALLENGE waits on its connection, an AUTHENTICATE is correlated and answers one, a response sets
 * the statuses and ends it. Called by {@link Tracker} under its lock, in its order.
 */
final class Legs {
  private final Tracker tracker;
  private final Settings settings;
  private final CounterSet counters;
  private final Tables tables;
  private final Endings endings;
  private final FindingWords words;
  private final AuthenticateWords authWords;
  private long handshakeSeq;

  Legs(
      Tracker tracker,
      Settings settings,
      CounterSet counters,
      Tables tables,
      Endings endings,
      FindingWords words) {
    this.tracker = tracker;
    this.settings = settings;
    this.counters = counters;
    this.tables = tables;
    this.endings = endings;
    this.words = words;
    this.authWords = new AuthenticateWords(words);
  }

  TrackedExchange negotiate(
      ConnectionState conn,
      ClientId client,
      String summary,
      String workstation,
      Instant now,
      Outbox out) {
    HandshakeState superseded = conn.pending;
    if (superseded != null) {
      endings.abandon(superseded, FindingWords.NEW_NEGOTIATE, now, out);
    }
    if (conn.current != null && conn.current.isOpen() && conn.current.challenge == null) {
      // A NEGOTIATE that got no CHALLENGE is simply superseded.
      endings.end(conn.current, Handshake.Outcome.FAILED, now, out);
      out.changed(conn.current);
    }
    HandshakeState h = newHandshake(now, client);
    h.negotiateWorkstation = workstation;
    if (superseded != null) {
      superseded.interleavedHandshake = h.id;
      superseded.interleavedClient = client.display();
    }
    int leg = h.leg(MessageType.NEGOTIATE, now, conn.info, client, summary, null);
    conn.current = h;
    counters.handshakesStarted.increment();
    return new TrackedExchange(tracker, conn, h, MessageType.NEGOTIATE, leg, client);
  }

  TrackedExchange authenticate(
      ConnectionState conn,
      ClientId client,
      AuthenticateMessage a,
      StoredNames names,
      String summary,
      Instant now,
      Outbox out) {
    Verdict verdict =
        Correlator.correlate(
            names, a.challengeTimestamp(), conn, client, tables, now, settings.challengeTimeout());
    HandshakeState h = answer(verdict, conn);
    if (conn.pending != null && conn.pending != h) {
      endings.abandon(conn.pending, FindingWords.ANSWERED_OTHER_CHALLENGE, now, out);
    }
    if (h == null) {
      // An orphan leg: keep a record so the diagnostics view shows it.
      h = newHandshake(now, client);
    }
    h.user = names.user();
    h.domain = names.domain();
    h.workstation = names.workstation();
    Finding finding =
        authWords.forVerdict(
            verdict,
            a,
            names,
            conn,
            h,
            client,
            now,
            tables.ownNames(),
            settings.maxChallenges(),
            settings.challengeTimeout());
    if (finding != null) {
      out.found(finding);
    }
    if (verdict instanceof Verdict.OtherConnection) {
      // The handshake goes on, on the wrong connection: its outcome is the AUTHENTICATE's status.
      endings.reportAbandoned(h, FindingWords.authenticateElsewhere(conn.info), now, out, false);
    }
    if (a.responseKind().isWeak()) {
      out.found(authWords.weakNtlm(a, names, conn, h, client, now));
    }
    if (h.client == null) {
      h.client = client;
    }
    int leg = h.leg(MessageType.AUTHENTICATE, now, conn.info, client, summary, names.user());
    conn.current = h;
    return new TrackedExchange(tracker, conn, h, MessageType.AUTHENTICATE, leg, client);
  }

  /**
   * Applies a verdict to the tables: the challenge it answers is closed and no longer waits on its
   * connection. Returns the handshake the AUTHENTICATE belongs to, or {@code null} for none.
   */
  private HandshakeState answer(Verdict verdict, ConnectionState conn) {
    ChallengeRecord record;
    HandshakeState h;
    if (verdict instanceof Verdict.SameConnection same) {
      record = same.record();
      h = same.handshake();
    } else if (verdict instanceof Verdict.OtherConnection other) {
      record = other.record();
      h = record.handshake;
    } else if (verdict instanceof Verdict.Interleaved interleaved) {
      record = interleaved.record();
      h = record.handshake;
    } else if (verdict instanceof Verdict.Continues continues) {
      return continues.handshake();
    } else {
      return null;
    }
    if (record != null) {
      tables.answered(record);
      if (record.connection.pending == h) {
        record.connection.pending = null;
      }
    }
    if (conn.pending == h) {
      conn.pending = null;
    }
    return h;
  }

  private HandshakeState newHandshake(Instant now, ClientId client) {
    return new HandshakeState(
        settings.nodeName() + "-" + ++handshakeSeq, settings.nodeName(), now, client);
  }

  /**
   * A CHALLENGE on the response to {@code exchange}'s NEGOTIATE: it now waits on its connection.
   */
  void challenge(
      TrackedExchange exchange,
      String summary,
      String nbName,
      String dnsName,
      Long timestamp,
      Instant now) {
    ConnectionState conn = exchange.connection;
    HandshakeState h = exchange.handshake;
    if (h == null || h.challenge != null) {
      // A CHALLENGE answering something that was not a fresh NEGOTIATE: nothing to attach.
      return;
    }
    tables.learnNames(nbName, dnsName);
    ChallengeRecord record = new ChallengeRecord(timestamp, conn, h, now);
    h.challenge = record;
    conn.pending = h;
    h.leg(MessageType.CHALLENGE, now, conn.info, null, summary, null);
    record.bytes = h.estimatedBytes();
    tables.issued(record);
  }

  /** The response to {@code exchange} completed with {@code status}: the statuses and the end. */
  void completed(TrackedExchange exchange, int status, boolean closes, Instant now, Outbox out) {
    ConnectionState conn = exchange.connection;
    HandshakeState h = exchange.handshake;
    if (h != null) {
      h.status(exchange.leg, status);
      if (exchange.type == MessageType.NEGOTIATE) {
        h.status(MessageType.CHALLENGE, status);
        if (h.challenge == null) {
          if (h.isOpen() && status != 401) {
            endings.end(h, Handshake.Outcome.FAILED, now, out);
          }
        } else if (closes && h.challenge.open) {
          h.challengeReported = true;
          out.found(words.challengeOnClosing(h, conn.info, now));
        }
      } else if (exchange.type == MessageType.AUTHENTICATE
          && (h.isOpen() || h.outcome == Handshake.Outcome.ABANDONED)) {
        // An abandoned handshake whose AUTHENTICATE came after all ends as it is answered.
        if (status < 400) {
          endings.end(h, Handshake.Outcome.SUCCEEDED, now, out);
          counters.handshakesSucceeded.increment();
          endings.otherUserCheck(conn, h, now, out);
          conn.authenticated = exchange.client;
          conn.authenticatedUser = h.user;
          conn.authenticatedWorkstation = h.workstation;
          conn.sharedWith = null;
        } else {
          endings.end(h, Handshake.Outcome.FAILED, now, out);
          counters.handshakesFailed.increment();
        }
      }
      out.changed(h);
    }
  }
}
