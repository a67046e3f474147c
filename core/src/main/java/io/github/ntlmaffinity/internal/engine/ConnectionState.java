package io.github.ntlmaffinity.internal.engine;

import io.github.ntlmaffinity.ConnectionInfo;

/** What the tracker knows of one connection that carried NTLM. Guarded by the tracker's lock. */
public final class ConnectionState {
  final String key;
  final ConnectionInfo info;
  long lastSeenMillis;

  /** The handshake whose CHALLENGE went out on this connection and awaits its AUTHENTICATE. */
  HandshakeState pending;

  /** The latest handshake on this connection (NEGOTIATE seen, or AUTHENTICATE in flight). */
  HandshakeState current;

  /** Who authenticated on this connection, once a handshake succeeded here. */
  ClientId authenticated;

  String authenticatedUser;
  String authenticatedWorkstation;

  /** Another client seen on this connection after authentication (reported once each). */
  ClientId sharedWith;

  boolean multiplexedReported;

  /** What it retains, by estimate: its strings and a fixed overhead. */
  final long bytes;

  ConnectionState(ConnectionInfo info, long now) {
    this.key = info.key();
    this.info = info;
    this.lastSeenMillis = now;
    this.bytes =
        320
            + 2L
                * (length(info.id())
                    + length(info.localAddress())
                    + length(info.remoteAddress())
                    + length(info.protocol()));
  }

  private static int length(String s) {
    return s == null ? 0 : s.length();
  }
}
