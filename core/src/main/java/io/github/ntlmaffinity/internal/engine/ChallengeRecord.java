package io.github.ntlmaffinity.internal.engine;

import java.time.Instant;

/** A CHALLENGE this node sent, waiting for its AUTHENTICATE. Guarded by the tracker's lock. */
public final class ChallengeRecord {
  /** The MsvAvTimestamp FILETIME, or {@code null} when the CHALLENGE carried none. */
  final Long timestamp;

  final ConnectionState connection;
  final HandshakeState handshake;
  final Instant issued;
  final long issuedMillis;

  /** The next open record with the same timestamp (clocks tick coarser than 100 ns). */
  ChallengeRecord sameTimestamp;

  boolean open = true;

  /** What its handshake retains, by estimate, counted while it is open. */
  long bytes;

  ChallengeRecord(
      Long timestamp, ConnectionState connection, HandshakeState handshake, Instant issued) {
    this.timestamp = timestamp;
    this.connection = connection;
    this.handshake = handshake;
    this.issued = issued;
    this.issuedMillis = issued.toEpochMilli();
  }
}
