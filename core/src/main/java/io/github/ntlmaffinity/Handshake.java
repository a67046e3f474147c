package io.github.ntlmaffinity;

import io.github.ntlmaffinity.wire.MessageType;
import java.time.Instant;
import java.util.List;

/**
 * What one NTLM handshake looked like from this node: its legs with the connection each came on,
 * and how it ended. An immutable view; the tracker publishes a new one on every change.
 *
 * @param id this node's id of the handshake
 * @param node the node that recorded it
 * @param outcome how it ended, so far
 * @param user the user of its AUTHENTICATE, or {@code null} before it
 * @param domain the user's domain, or {@code null}
 * @param workstation the workstation, or {@code null}
 * @param client the end client as far as it is known, or {@code null}
 * @param started when its first leg was seen
 * @param ended when it ended, or {@code null} while in progress
 * @param legs the legs in the order seen
 * @param sequence the node's number for this version of it, from the same count as {@link
 *     Finding#sequence()} (0 until published): {@code ?since=N} gets every handshake that changed
 *     after N
 */
public record Handshake(
    String id,
    String node,
    Outcome outcome,
    String user,
    String domain,
    String workstation,
    String client,
    Instant started,
    Instant ended,
    List<Leg> legs,
    long sequence) {

  public Handshake {
    legs = List.copyOf(legs);
  }

  /** A handshake not numbered yet ({@link #sequence()} 0). */
  public Handshake(
      String id,
      String node,
      Outcome outcome,
      String user,
      String domain,
      String workstation,
      String client,
      Instant started,
      Instant ended,
      List<Leg> legs) {
    this(id, node, outcome, user, domain, workstation, client, started, ended, legs, 0);
  }

  /** How a handshake ended. */
  public enum Outcome {
    /** Still waiting for a leg or a response. */
    IN_PROGRESS,
    /** The AUTHENTICATE was accepted. */
    SUCCEEDED,
    /** The AUTHENTICATE was refused (401), or a leg was answered with an error. */
    FAILED,
    /** The CHALLENGE never got its AUTHENTICATE on its connection. */
    ABANDONED
  }

  /**
   * One message of the handshake.
   *
   * @param type NEGOTIATE, CHALLENGE or AUTHENTICATE
   * @param time when it was seen
   * @param node the node that saw it
   * @param connection the connection it came on
   * @param client the end client as far as it is known, or {@code null}
   * @param status the HTTP status of the response to this leg's request, 0 until known
   * @param detail the message's one-line summary
   * @param user the user an AUTHENTICATE leg named, or {@code null}: a handshake can carry more
   *     than one AUTHENTICATE (e.g. on two HTTP/2 streams), and views that mask users mask each
   */
  public record Leg(
      MessageType type,
      Instant time,
      String node,
      ConnectionInfo connection,
      String client,
      int status,
      String detail,
      String user) {

    /** A leg that names no user of its own. */
    public Leg(
        MessageType type,
        Instant time,
        String node,
        ConnectionInfo connection,
        String client,
        int status,
        String detail) {
      this(type, time, node, connection, client, status, detail, null);
    }
  }
}
