package io.github.ntlmaffinity;

import java.time.Instant;

/**
 * One thing the tracker found: which handshake broke, where, and what to change.
 *
 * <p>Holds no secret material. User, domain, workstation and client strings come from request
 * headers: sinks that log them escape them.
 *
 * @param type what was found
 * @param time when
 * @param node the node that found it (its configured name)
 * @param handshakeId the handshake it belongs to, or {@code null}
 * @param connection the connection the triggering message came on
 * @param otherConnection the other connection involved (e.g. the one that carried the CHALLENGE),
 *     or {@code null}
 * @param otherNode the other node involved (e.g. the NTLM name of the node that issued the
 *     CHALLENGE), or {@code null}
 * @param challengeIssued when the CHALLENGE an AUTHENTICATE answers was issued: this node's record
 *     of it, or else the timestamp the AUTHENTICATE echoes; {@code null} for findings about no
 *     AUTHENTICATE or when neither is known
 * @param client the end client as far as it is known (trusted forwarded-for, affinity cookie), or
 *     {@code null}
 * @param user the user name, or {@code null}
 * @param domain the user's domain, or {@code null}
 * @param workstation the client's workstation name, or {@code null}
 * @param explanation one line: what happened, in this instance
 * @param advice what to change, naming the balancer's setting when the balancer is configured
 * @param sequence the node's number for it, increasing by one per finding from 1 (0 until the
 *     tracker publishes it): a collector reading the endpoint with {@code ?since=N} gets every
 *     finding numbered above N
 */
public record Finding(
    FindingType type,
    Instant time,
    String node,
    String handshakeId,
    ConnectionInfo connection,
    ConnectionInfo otherConnection,
    String otherNode,
    Instant challengeIssued,
    String client,
    String user,
    String domain,
    String workstation,
    String explanation,
    String advice,
    long sequence) {

  /** A finding not numbered yet ({@link #sequence()} 0), without a challenge time. */
  public Finding(
      FindingType type,
      Instant time,
      String node,
      String handshakeId,
      ConnectionInfo connection,
      ConnectionInfo otherConnection,
      String otherNode,
      String client,
      String user,
      String domain,
      String workstation,
      String explanation,
      String advice) {
    this(
        type,
        time,
        node,
        handshakeId,
        connection,
        otherConnection,
        otherNode,
        null,
        client,
        user,
        domain,
        workstation,
        explanation,
        advice,
        0);
  }

  /** The type's severity. */
  public Severity severity() {
    return type.severity();
  }

  /** The peer ({@code address:port}) of {@link #connection()}, or {@code null}. */
  public String peer() {
    return connection == null ? null : connection.peer();
  }
}
