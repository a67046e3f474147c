package io.github.ntlmaffinity.internal.engine;

import io.github.ntlmaffinity.FindingType;

/**
 * What an AUTHENTICATE answers, as {@link Correlator} decides it. Each kind maps to at most one
 * finding; the clean kinds ({@link SameConnection}, {@link Continues}) to none.
 */
public sealed interface Verdict
    permits Verdict.SameConnection,
        Verdict.Continues,
        Verdict.OtherConnection,
        Verdict.Interleaved,
        Verdict.OtherNode,
        Verdict.Unmatched {

  /**
   * It answers the CHALLENGE sent on its own connection: the clean case.
   *
   * @param handshake the handshake it completes
   * @param record that CHALLENGE, to close; {@code null} when the handshake's challenge was already
   *     closed (an NTLMv1 AUTHENTICATE decided by the connection alone)
   */
  record SameConnection(HandshakeState handshake, ChallengeRecord record) implements Verdict {}

  /**
   * Another AUTHENTICATE of the connection's open handshake, its challenge already answered (e.g.
   * on another HTTP/2 stream, or an NTLMv1 retry): the same handshake, clean.
   */
  record Continues(HandshakeState handshake) implements Verdict {}

  /**
   * It answers a CHALLENGE this node sent on another connection: {@link
   * FindingType#HANDSHAKE_SPLIT_ACROSS_CONNECTIONS}.
   *
   * @param record that CHALLENGE, to close
   * @param byClient {@code true} when found by end client and workstation (no timestamp to match),
   *     {@code false} when by the echoed timestamp
   */
  record OtherConnection(ChallengeRecord record, boolean byClient) implements Verdict {}

  /**
   * It answers the CHALLENGE of its own connection, but another login's NEGOTIATE came there in
   * between and replaced the acceptor's context: {@link FindingType#CONNECTION_SHARED_BY_CLIENTS}.
   */
  record Interleaved(ChallengeRecord record) implements Verdict {}

  /**
   * It answers a CHALLENGE another node issued: {@link FindingType#HANDSHAKE_SPLIT_ACROSS_NODES}.
   *
   * @param issuer the NTLM name the AUTHENTICATE echoes, or {@code null}
   * @param byName {@code true} when the name is another node's; {@code false} when the name is this
   *     node's (or absent) but this node never issued the echoed timestamp
   */
  record OtherNode(String issuer, boolean byName) implements Verdict {}

  /**
   * It can be tied to no CHALLENGE: {@link FindingType#UNMATCHED_AUTHENTICATE}.
   *
   * @param reason why
   * @param waiting for {@link Reason#ANOTHER_LOGINS_CHALLENGE}, the login whose CHALLENGE waits on
   *     the connection; otherwise {@code null}
   */
  record Unmatched(Reason reason, HandshakeState waiting) implements Verdict {}

  /** Why an AUTHENTICATE is unmatched. */
  enum Reason {
    /** Its CHALLENGE was dropped from the table to stay within {@code maxChallenges}. */
    EVICTED,
    /** Its CHALLENGE was already answered: a replayed or repeated AUTHENTICATE (client side). */
    ALREADY_ANSWERED,
    /** This node has issued no CHALLENGE with a timestamp to compare it with. */
    NO_CHALLENGE_YET,
    /** Its timestamp is older than the challenge timeout (or from before a restart). */
    TOO_OLD,
    /** No timestamp, and the CHALLENGE waiting on its connection belongs to another login. */
    ANOTHER_LOGINS_CHALLENGE,
    /** No timestamp, and nothing waits on its connection. */
    NOTHING_WAITING
  }
}
