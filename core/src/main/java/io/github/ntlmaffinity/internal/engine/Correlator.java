package io.github.ntlmaffinity.internal.engine;

import java.time.Duration;
import java.time.Instant;

/**
 * Decides what an AUTHENTICATE answers: the judgement at the heart of the tracker, as a function of
 * the AUTHENTICATE, its connection and end client, and read-only views of the tables. It changes
 * nothing; {@link Tracker} applies the {@link Verdict}.
 *
 * <p>In order: an echoed issuer name that is another node's; the echoed timestamp, looked up among
 * the open challenges of this node (on this connection first), then among those it retired; without
 * a timestamp (NTLMv1, LM, a CHALLENGE without one), the challenge waiting on the connection when
 * it is this login's, else this end client's own challenge on another connection.
 */
public final class Correlator {
  private Correlator() {}

  /** What the correlator reads of the tracker's tables. */
  interface Tables {
    /** The open challenge with {@code timestamp}, the one on {@code on} first; or {@code null}. */
    ChallengeRecord open(long timestamp, ConnectionState on);

    /** Why a challenge with {@code timestamp} left the table, or {@code null}. */
    ChallengeTable.Retired retired(long timestamp);

    /** The newest open challenges, newest first, bounded. */
    Iterable<ChallengeRecord> newestOpen();

    /** Whether {@code name} is one of this node's own NTLM names. */
    boolean isOwnName(String name);

    /** Whether this node has learnt any name of its own. */
    boolean knowsOwnNames();

    /** Whether {@code name} is known as another node's. */
    boolean isPeerName(String name);

    /** Whether this node has issued a CHALLENGE with a timestamp. */
    boolean issuedTimestamps();
  }

  /**
   * @param names the AUTHENTICATE's names as stored (issuer, workstation)
   * @param timestamp the echoed MsvAvTimestamp FILETIME, or {@code null}
   * @param stamped that timestamp as an instant, or {@code null}
   */
  static Verdict correlate(
      StoredNames names,
      Long timestamp,
      Instant stamped,
      ConnectionState conn,
      ClientId client,
      Tables tables,
      Instant now,
      Duration challengeTimeout) {
    String issuer = names.issuer();
    if (issuer != null
        && !tables.isOwnName(issuer)
        && (tables.knowsOwnNames() || tables.isPeerName(issuer))) {
      return new Verdict.OtherNode(issuer, true);
    }
    if (timestamp != null) {
      return byTimestamp(timestamp, stamped, issuer, conn, tables, now, challengeTimeout);
    }
    HandshakeState pending = conn.pending;
    if (pending != null && !sameLogin(pending, client, names)) {
      HandshakeState mine = openChallengeOf(client, names, conn, tables);
      return mine != null
          ? new Verdict.OtherConnection(mine.challenge, true)
          : new Verdict.Unmatched(Verdict.Reason.ANOTHER_LOGINS_CHALLENGE, pending);
    }
    if (pending != null) {
      return new Verdict.SameConnection(pending, pending.challenge);
    }
    if (conn.current != null && conn.current.isOpen()) {
      return new Verdict.Continues(conn.current);
    }
    return new Verdict.Unmatched(Verdict.Reason.NOTHING_WAITING, null);
  }

  private static Verdict byTimestamp(
      long timestamp,
      Instant stamped,
      String issuer,
      ConnectionState conn,
      Tables tables,
      Instant now,
      Duration challengeTimeout) {
    ChallengeRecord record = tables.open(timestamp, conn);
    if (record != null) {
      if (record.connection != conn) {
        return new Verdict.OtherConnection(record, false);
      }
      return record.handshake.interleavedHandshake != null
          ? new Verdict.Interleaved(record)
          : new Verdict.SameConnection(record.handshake, record);
    }
    if (answersCurrent(conn, timestamp)) {
      return new Verdict.Continues(conn.current);
    }
    ChallengeTable.Retired retired = tables.retired(timestamp);
    if (retired == ChallengeTable.Retired.EVICTED) {
      return new Verdict.Unmatched(Verdict.Reason.EVICTED, null);
    }
    if (retired == ChallengeTable.Retired.ANSWERED) {
      return new Verdict.Unmatched(Verdict.Reason.ALREADY_ANSWERED, null);
    }
    if (!tables.issuedTimestamps()) {
      return new Verdict.Unmatched(Verdict.Reason.NO_CHALLENGE_YET, null);
    }
    if (stamped != null
        && now.toEpochMilli() - stamped.toEpochMilli() > challengeTimeout.toMillis()) {
      return new Verdict.Unmatched(Verdict.Reason.TOO_OLD, null);
    }
    return new Verdict.OtherNode(issuer, false);
  }

  /**
   * Whether an AUTHENTICATE without a timestamp may answer {@code pending}: not when the two
   * certainly come from different end clients (forwarded address, affinity cookie) or name
   * different workstations.
   */
  static boolean sameLogin(HandshakeState pending, ClientId client, StoredNames names) {
    if (pending.client != null && pending.client.differsFrom(client)) {
      return false;
    }
    String before = pending.negotiateWorkstation;
    String now = names.workstation();
    return before == null
        || before.isEmpty()
        || now == null
        || now.isEmpty()
        || before.equalsIgnoreCase(now);
  }

  /**
   * The newest open challenge, on another connection, of a login this AUTHENTICATE can be: same end
   * client, not certainly another; among the newest open challenges only, to bound the work. {@code
   * null} when there is none, or more than one.
   */
  private static HandshakeState openChallengeOf(
      ClientId client, StoredNames names, ConnectionState on, Tables tables) {
    HandshakeState found = null;
    for (ChallengeRecord r : tables.newestOpen()) {
      HandshakeState h = r.handshake;
      if (r.connection != on
          && h.client != null
          && h.client.equals(client)
          && sameLogin(h, client, names)) {
        if (found != null) {
          return null;
        }
        found = h;
      }
    }
    return found;
  }

  /** Whether {@code timestamp} is that of the challenge of the connection's open handshake. */
  private static boolean answersCurrent(ConnectionState conn, long timestamp) {
    HandshakeState current = conn.current;
    return current != null
        && current.isOpen()
        && current.challenge != null
        && current.challenge.timestamp != null
        && current.challenge.timestamp == timestamp;
  }
}
