package io.github.ntlmaffinity.internal.engine;

import io.github.ntlmaffinity.ConnectionInfo;
import io.github.ntlmaffinity.Finding;
import io.github.ntlmaffinity.FindingType;
import io.github.ntlmaffinity.internal.IsoInstant;
import io.github.ntlmaffinity.wire.AuthenticateMessage;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;

/**
 * Every sentence of the findings an AUTHENTICATE raises: one per {@link Verdict} that is not clean,
 * and weak NTLM. The other findings' sentences are in {@link FindingWords}.
 */
final class AuthenticateWords {
  private final FindingWords words;

  /** Builds its findings with {@code words}' facts and advice. */
  AuthenticateWords(FindingWords words) {
    this.words = words;
  }

  /**
   * The finding a verdict raises, or {@code null} for a clean one.
   *
   * @param a the AUTHENTICATE (for its echoed time)
   * @param ownNames this node's NTLM names as learnt so far
   */
  Finding forVerdict(
      Verdict verdict,
      AuthenticateMessage a,
      StoredNames names,
      ConnectionState conn,
      HandshakeState h,
      ClientId client,
      Instant now,
      List<String> ownNames,
      int maxChallenges,
      Duration challengeTimeout) {
    ConnectionInfo info = conn.info;
    if (verdict instanceof Verdict.OtherConnection other) {
      ConnectionInfo issuedOn = other.record().connection.info;
      return words.finding(
          FindingType.HANDSHAKE_SPLIT_ACROSS_CONNECTIONS,
          now,
          h,
          info,
          issuedOn,
          null,
          other.record().issued,
          client,
          "AUTHENTICATE for "
              + names.qualifiedUser()
              + " arrived on connection "
              + info.key()
              + " (peer "
              + info.peer()
              + ") but answers the CHALLENGE this node sent on connection "
              + issuedOn.key()
              + " (peer "
              + issuedOn.peer()
              + ") at "
              + FindingWords.millis(other.record().issued)
              + ": the balancer moved the handshake to another backend connection, where the"
              + " acceptor has no context for it");
    }
    if (verdict instanceof Verdict.Interleaved interleaved) {
      return words.finding(
          FindingType.CONNECTION_SHARED_BY_CLIENTS,
          now,
          h,
          info,
          null,
          null,
          interleaved.record().issued,
          client,
          received(names, info)
              + " answers the CHALLENGE sent there at "
              + FindingWords.millis(interleaved.record().issued)
              + (h.client == null ? "" : " to end client " + h.client.display())
              + ", but another login's NEGOTIATE (end client "
              + h.interleavedClient
              + ", handshake "
              + h.interleavedHandshake
              + ") came on the same connection in between and replaced the acceptor's"
              + " context: the balancer shares a pooled backend connection between clients"
              + " in the middle of a handshake");
    }
    if (verdict instanceof Verdict.OtherNode other) {
      String issuer = other.issuer();
      String why =
          other.byName()
              ? "a CHALLENGE issued by " + issuer + stamp(a) + ", not by this node"
              : "a CHALLENGE"
                  + (issuer == null ? "" : " naming " + issuer)
                  + " stamped"
                  + stamp(a)
                  + " that this node never issued (nodes that share a computer name can only be"
                  + " told apart by timestamp)";
      return words.finding(
          FindingType.HANDSHAKE_SPLIT_ACROSS_NODES,
          now,
          h,
          info,
          null,
          issuer,
          echoedTime(a),
          client,
          received(names, info)
              + " answers "
              + why
              + (ownNames.isEmpty()
                  ? " (this node has sent no CHALLENGE yet, but the name is another node's)"
                  : " (" + String.join("/", ownNames) + ")")
              + ": the balancer sent the handshake's legs to different nodes");
    }
    if (verdict instanceof Verdict.Unmatched unmatched) {
      return words.finding(
          FindingType.UNMATCHED_AUTHENTICATE,
          now,
          h,
          info,
          null,
          names.issuer(),
          echoedTime(a),
          client,
          received(names, info)
              + " cannot be tied to a CHALLENGE: "
              + unmatchedWhy(unmatched, a, names.issuer(), maxChallenges, challengeTimeout));
    }
    return null;
  }

  private static String unmatchedWhy(
      Verdict.Unmatched unmatched,
      AuthenticateMessage a,
      String issuer,
      int maxChallenges,
      Duration challengeTimeout) {
    return switch (unmatched.reason()) {
      case EVICTED ->
          "it answers a CHALLENGE"
              + stamp(a)
              + " that this node issued but dropped from its table before the AUTHENTICATE"
              + " came, to stay within maxChallenges ("
              + maxChallenges
              + "); nothing is known about the balancer from it";
      case ALREADY_ANSWERED ->
          "it answers a CHALLENGE"
              + stamp(a)
              + " that was already answered by another AUTHENTICATE: a replayed or repeated"
              + " AUTHENTICATE, which the acceptor refuses";
      case NO_CHALLENGE_YET ->
          "it answers a CHALLENGE"
              + (issuer == null ? "" : " issued by " + issuer)
              + stamp(a)
              + ", but this node has not sent a CHALLENGE yet to compare it with";
      case TOO_OLD ->
          "it answers a CHALLENGE stamped"
              + stamp(a)
              + ", older than the "
              + challengeTimeout.toSeconds()
              + " s challenge timeout (or issued before this node restarted)";
      case ANOTHER_LOGINS_CHALLENGE -> {
        HandshakeState theirs = unmatched.waiting();
        yield a.responseKind().label()
            + " response names no challenge, and the CHALLENGE waiting on this connection"
            + " was sent to another login (end client "
            + (theirs.client == null ? "unknown" : theirs.client.display())
            + (theirs.negotiateWorkstation == null
                ? ""
                : ", workstation " + theirs.negotiateWorkstation)
            + "): this AUTHENTICATE's NEGOTIATE and CHALLENGE went over another connection or"
            + " node";
      }
      case NOTHING_WAITING ->
          a.responseKind().label()
              + " response names no challenge, and no CHALLENGE is waiting on this connection:"
              + " its NEGOTIATE and CHALLENGE went over another connection or node";
    };
  }

  /** LM, NTLMv1 or anonymous. */
  Finding weakNtlm(
      AuthenticateMessage a,
      StoredNames names,
      ConnectionState conn,
      HandshakeState h,
      ClientId client,
      Instant now) {
    return words.finding(
        FindingType.WEAK_NTLM,
        now,
        h,
        conn.info,
        null,
        null,
        client,
        a.isAnonymous()
            ? "anonymous NTLM authentication on connection " + conn.info.key()
            : names.qualifiedUser()
                + " authenticated with "
                + a.responseKind().label()
                + ", which can be cracked offline or relayed");
  }

  /** {@code AUTHENTICATE for DOMAIN\\user on connection K (peer P)}. */
  private static String received(StoredNames names, ConnectionInfo info) {
    return "AUTHENTICATE for "
        + names.qualifiedUser()
        + " on connection "
        + info.key()
        + " (peer "
        + info.peer()
        + ")";
  }

  private static String stamp(AuthenticateMessage a) {
    Instant t = echoedTime(a);
    return t == null ? "" : " at " + IsoInstant.of(t);
  }

  /** The time of the CHALLENGE as the AUTHENTICATE echoes it, to the millisecond, or null. */
  private static Instant echoedTime(AuthenticateMessage a) {
    Instant t = a.echoedTargetInfo().timestampInstant();
    return t == null ? null : t.truncatedTo(ChronoUnit.MILLIS);
  }
}
