package io.github.ntlmaffinity.internal.engine;

import io.github.ntlmaffinity.Balancer;
import io.github.ntlmaffinity.ConnectionInfo;
import io.github.ntlmaffinity.Finding;
import io.github.ntlmaffinity.FindingType;
import io.github.ntlmaffinity.Handshake;
import io.github.ntlmaffinity.internal.IsoInstant;
import io.github.ntlmaffinity.wire.DecodeResult;
import io.github.ntlmaffinity.wire.MessageType;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;

/**
 * Every sentence of the findings not raised by an AUTHENTICATE's correlation (those are in {@link
 * AuthenticateWords}): one method per way a finding is raised, each building the whole {@link
 * Finding} (facts, explanation, and the advice from {@link Advice} for the configured balancer).
 * The tracker decides; this class only words. A sentence changes here and nowhere else.
 */
public final class FindingWords {
  private final String node;
  private final Balancer balancer;

  FindingWords(String node, Balancer balancer) {
    this.node = node;
    this.balancer = balancer;
  }

  // ---- connections --------------------------------------------------------------------------

  /** Another end client's request on a connection where a login waits for its AUTHENTICATE. */
  Finding sharedWhileWaiting(
      HandshakeState waiting, ConnectionInfo info, ClientId client, Instant now) {
    return finding(
        FindingType.CONNECTION_SHARED_BY_CLIENTS,
        now,
        waiting,
        info,
        null,
        null,
        client,
        "connection "
            + info.key()
            + " (peer "
            + info.peer()
            + ") carries a request of "
            + client.display()
            + " without credentials while the login of "
            + waiting.client.display()
            + " waits there for its AUTHENTICATE: the balancer shares a backend"
            + " connection between clients in the middle of a handshake");
  }

  /** Another end client's request on a connection that a login authenticated. */
  Finding sharedAfterLogin(
      ConnectionState conn,
      ConnectionInfo info,
      ClientId client,
      boolean carriesNtlm,
      Instant now) {
    HandshakeState current = conn.current;
    return new Finding(
        FindingType.CONNECTION_SHARED_BY_CLIENTS,
        now,
        node,
        current == null ? null : current.id,
        info,
        null,
        null,
        client.display(),
        conn.authenticatedUser,
        current == null ? null : current.domain,
        current == null ? null : current.workstation,
        "connection "
            + info.key()
            + " (peer "
            + info.peer()
            + ") was authenticated by "
            + conn.authenticated.display()
            + (conn.authenticatedUser == null ? "" : " as " + conn.authenticatedUser)
            + ", and now carries a request of "
            + client.display()
            + (carriesNtlm
                ? " with an NTLM message of its own: the balancer hands an authenticated"
                    + " backend connection to another client"
                : " without credentials: that request runs with the first client's identity"),
        Advice.advice(FindingType.CONNECTION_SHARED_BY_CLIENTS, balancer));
  }

  /** A login completing as another user or workstation on an authenticated connection. */
  Finding sharedByUsers(ConnectionState conn, HandshakeState h, Instant now) {
    String ws = conn.authenticatedWorkstation;
    return finding(
        FindingType.CONNECTION_SHARED_BY_CLIENTS,
        now,
        h,
        conn.info,
        null,
        null,
        h.client,
        "connection "
            + conn.info.key()
            + " (peer "
            + conn.info.peer()
            + ") was authenticated as "
            + conn.authenticatedUser
            + (ws == null || ws.isEmpty() ? "" : " from " + ws)
            + " and now completes a login as "
            + h.user
            + (h.workstation == null || h.workstation.isEmpty() ? "" : " from " + h.workstation)
            + ": the balancer hands one backend connection to different users");
  }

  /** NTLM on a multiplexed connection (HTTP/2, HTTP/3). */
  Finding overHttp2(MessageType type, ConnectionInfo info, ClientId client, Instant now) {
    return finding(
        FindingType.NTLM_OVER_HTTP2,
        now,
        null,
        info,
        null,
        null,
        client,
        type
            + " arrived over "
            + info.protocol()
            + " on connection "
            + info.key()
            + ": HTTP/2 and HTTP/3 multiplex requests of many clients on one connection,"
            + " so a connection-bound NTLM login cannot hold");
  }

  /** The 401 carrying the CHALLENGE closes its connection. */
  Finding challengeOnClosing(HandshakeState h, ConnectionInfo info, Instant now) {
    return finding(
        FindingType.CHALLENGE_ON_CLOSING_CONNECTION,
        now,
        h,
        info,
        null,
        null,
        h.client,
        "the 401 carrying the CHALLENGE on connection "
            + info.key()
            + " (peer "
            + info.peer()
            + ") also closed the connection, so the AUTHENTICATE must come on"
            + " another one, where no acceptor has its context");
  }

  /** A CHALLENGE that got no AUTHENTICATE on its connection, for {@code reason}. */
  Finding abandoned(HandshakeState h, String reason, Instant now) {
    ConnectionInfo on = h.challenge == null ? null : h.challenge.connection.info;
    return finding(
        FindingType.CHALLENGE_ABANDONED,
        now,
        h,
        on,
        null,
        null,
        h.client,
        "the CHALLENGE sent"
            + (on == null ? "" : " on connection " + on.key() + " (peer " + on.peer() + ")")
            + (h.challenge == null ? "" : " at " + millis(h.challenge.issued))
            + " got no AUTHENTICATE there: "
            + reason);
  }

  // Why a challenge was abandoned: the end of the CHALLENGE_ABANDONED sentence.

  static final String NEW_NEGOTIATE = "a new NEGOTIATE arrived on its connection";
  static final String OTHER_REQUEST_FIRST = "another request arrived on its connection first";
  static final String ANSWERED_OTHER_CHALLENGE =
      "an AUTHENTICATE answering another challenge arrived on its connection";
  static final String CONNECTION_CLOSED = "its connection closed";

  static String otherClientFirst(ClientId client) {
    return "a request of another end client (" + client.display() + ") arrived there first";
  }

  static String authenticateElsewhere(ConnectionInfo info) {
    return "its AUTHENTICATE arrived on connection " + info.key() + " instead";
  }

  static String timedOut(Duration challengeTimeout) {
    return "no AUTHENTICATE came within the "
        + challengeTimeout.toSeconds()
        + " s challenge timeout";
  }

  // ---- clients and tokens -------------------------------------------------------------------

  /** {@code count} unsuccessful handshakes of one client within {@code window}. */
  Finding repeated(HandshakeState h, String client, int count, Duration window, Instant now) {
    Handshake.Leg last = h.legs.isEmpty() ? null : h.legs.get(h.legs.size() - 1);
    return finding(
        FindingType.REPEATED_HANDSHAKES,
        now,
        h,
        last == null ? null : last.connection(),
        null,
        null,
        h.client,
        client
            + " had "
            + count
            + " NTLM handshakes fail or break off within "
            + window.toSeconds()
            + " s: its logins keep failing and restarting (the credential-prompt loop)");
  }

  /** Negotiate answered with NTLM (reported once per client). */
  Finding fellBack(ConnectionInfo info, ClientId client, Instant now) {
    return finding(
        FindingType.NEGOTIATE_FELL_BACK_TO_NTLM,
        now,
        null,
        info,
        null,
        null,
        client,
        client.display()
            + " answered Negotiate with NTLM, not Kerberos: it got no Kerberos ticket for"
            + " this site (reported once per client; counters count every message)");
  }

  /** An Authorization header that does not decode. */
  Finding malformed(DecodeResult.Malformed bad, ConnectionInfo info, ClientId client, Instant now) {
    return finding(
        FindingType.MALFORMED_TOKEN,
        now,
        null,
        info,
        null,
        null,
        client,
        "Authorization "
            + (bad.scheme() == null ? "header" : bad.scheme().headerName() + " token")
            + " is malformed: "
            + bad.reason()
            + " at "
            + (bad.reason().layer().ordinal() <= 1 ? "character " : "byte ")
            + bad.offset()
            + " ("
            + bad.detail()
            + ")");
  }

  /** A CHALLENGE in a request's Authorization header. */
  Finding challengeInRequest(ConnectionInfo info, ClientId client, Instant now) {
    return finding(
        FindingType.MALFORMED_TOKEN,
        now,
        null,
        info,
        null,
        null,
        client,
        "a CHALLENGE message arrived in a request's Authorization header, where only"
            + " NEGOTIATE and AUTHENTICATE belong");
  }

  // ---- building -----------------------------------------------------------------------------

  /** {@code t} to the millisecond as {@link Instant#toString} writes it, without its formatter. */
  static String millis(Instant t) {
    return IsoInstant.of(t.truncatedTo(ChronoUnit.MILLIS));
  }

  /** A finding of {@code h} (its id and names) with the advice for the configured balancer. */
  Finding finding(
      FindingType type,
      Instant now,
      HandshakeState h,
      ConnectionInfo connection,
      ConnectionInfo other,
      String otherNode,
      ClientId client,
      String explanation) {
    return finding(type, now, h, connection, other, otherNode, null, client, explanation);
  }

  /** As above, for a finding about an AUTHENTICATE: when the CHALLENGE it answers was issued. */
  Finding finding(
      FindingType type,
      Instant now,
      HandshakeState h,
      ConnectionInfo connection,
      ConnectionInfo other,
      String otherNode,
      Instant challengeIssued,
      ClientId client,
      String explanation) {
    return new Finding(
        type,
        now,
        node,
        h == null ? null : h.id,
        connection,
        other,
        otherNode,
        challengeIssued,
        client == null ? null : client.display(),
        h == null ? null : h.user,
        h == null ? null : h.domain,
        h == null ? null : h.workstation,
        explanation,
        Advice.advice(type, balancer),
        0);
  }
}
