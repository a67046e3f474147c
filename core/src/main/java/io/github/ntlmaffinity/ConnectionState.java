package io.github.ntlmaffinity;

/** What the tracker knows of one connection that carried NTLM. Guarded by the tracker's lock. */
final class ConnectionState {
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

  ConnectionState(ConnectionInfo info, long now) {
    this.key = info.key();
    this.info = info;
    this.lastSeenMillis = now;
  }
}
