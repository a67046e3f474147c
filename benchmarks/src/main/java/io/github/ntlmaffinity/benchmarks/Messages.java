package io.github.ntlmaffinity.benchmarks;

import io.github.ntlmaffinity.testing.FileTimes;
import io.github.ntlmaffinity.testing.NtlmTestMessages;
import io.github.ntlmaffinity.testing.ServerIdentity;
import java.time.Instant;
import java.util.Base64;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The NTLM messages every benchmark uses: one real handshake made by jcifs-ng 2.1.10 (through
 * core's test fixtures), NTLMv2 and Unicode, answering a CHALLENGE from {@code NODE-A} with the
 * TargetInfo a Windows server sends (five names and a timestamp). jcifs-ng's AUTHENTICATE echoes
 * that TargetInfo and adds MsvAvSingleHost and MsvAvChannelBindings.
 *
 * <p>For benchmarks that need many distinct handshakes (the tracker keys challenges by their
 * MsvAvTimestamp), {@link #challengeHeader(long)} and {@link #authenticateHeader(long)} patch a
 * fresh timestamp into copies of the same messages. The NTProofStr then no longer verifies, which
 * the tracker never checks.
 */
final class Messages {
  /** The jcifs-ng handshake's server challenge. */
  static final byte[] SERVER_CHALLENGE = {1, 2, 3, 4, 5, 6, 7, 8};

  /** The jcifs-ng handshake's MsvAvTimestamp: 2026-01-01T00:00:00Z. */
  static final long FILE_TIME = FileTimes.of(Instant.parse("2026-01-01T00:00:00Z"));

  private static final long MILLIS_1601_TO_1970 = 11_644_473_600_000L;
  private static final int MSV_AV_TIMESTAMP = 7;
  private static final AtomicLong LAST_FILE_TIME = new AtomicLong();

  /** The three messages' bytes. */
  static final NtlmTestMessages.Handshake HANDSHAKE =
      NtlmTestMessages.create().handshake(ServerIdentity.NODE_A, SERVER_CHALLENGE, FILE_TIME);

  /** {@code NTLM <base64 NEGOTIATE>}: 40 bytes, jcifs-ng's default flags and Version. */
  static final String NEGOTIATE = NtlmTestMessages.ntlmHeader(HANDSHAKE.type1());

  /** {@code NTLM <base64 CHALLENGE>}, as the 401's {@code WWW-Authenticate} carries it. */
  static final String CHALLENGE = NtlmTestMessages.ntlmHeader(HANDSHAKE.type2());

  /** {@code NTLM <base64 AUTHENTICATE>}, NTLMv2. */
  static final String AUTHENTICATE = NtlmTestMessages.ntlmHeader(HANDSHAKE.type3());

  private static final int TYPE2_TIMESTAMP = type2TimestampOffset(HANDSHAKE.type2());
  private static final int TYPE3_TIMESTAMP = type3TimestampOffset(HANDSHAKE.type3());

  private Messages() {}

  /** A FILETIME never returned before in this JVM: now, or one tick past the last one. */
  static long uniqueFileTime() {
    long now = (System.currentTimeMillis() + MILLIS_1601_TO_1970) * 10_000L;
    return LAST_FILE_TIME.accumulateAndGet(now, (last, t) -> Math.max(last + 1, t));
  }

  /** The CHALLENGE header with {@code fileTime} as its MsvAvTimestamp. */
  static String challengeHeader(long fileTime) {
    return "NTLM " + Base64.getEncoder().encodeToString(challengeToken(fileTime));
  }

  /** The CHALLENGE token with {@code fileTime} as its MsvAvTimestamp. */
  static byte[] challengeToken(long fileTime) {
    byte[] type2 = HANDSHAKE.type2().clone();
    putLong(type2, TYPE2_TIMESTAMP, fileTime);
    return type2;
  }

  /** The AUTHENTICATE header echoing {@code fileTime} as the challenge's MsvAvTimestamp. */
  static String authenticateHeader(long fileTime) {
    byte[] type3 = HANDSHAKE.type3().clone();
    putLong(type3, TYPE3_TIMESTAMP, fileTime);
    return "NTLM " + Base64.getEncoder().encodeToString(type3);
  }

  /** The MsvAvTimestamp of a CHALLENGE token, or -1 when it has none. */
  static long challengeTimestamp(byte[] type2) {
    int at = type2TimestampOffset(type2);
    return at < 0 ? -1 : getLong(type2, at);
  }

  /** Where the MsvAvTimestamp value of a CHALLENGE lies, or -1. */
  private static int type2TimestampOffset(byte[] type2) {
    if (type2.length < 48) {
      return -1;
    }
    int length = u16(type2, 40);
    int offset = (int) u32(type2, 44);
    return avValue(type2, offset, offset + length, MSV_AV_TIMESTAMP);
  }

  /** Where the echoed MsvAvTimestamp value of an NTLMv2 AUTHENTICATE lies. */
  private static int type3TimestampOffset(byte[] type3) {
    int ntLength = u16(type3, 20);
    int ntOffset = (int) u32(type3, 24);
    // NTProofStr (16 bytes), then the blob: 28 bytes of header before its AV pairs.
    int at = avValue(type3, ntOffset + 16 + 28, ntOffset + ntLength, MSV_AV_TIMESTAMP);
    if (at < 0) {
      throw new IllegalStateException("jcifs-ng's AUTHENTICATE echoes no MsvAvTimestamp");
    }
    return at;
  }

  private static int avValue(byte[] buf, int from, int to, int id) {
    int p = from;
    while (p + 4 <= to && p + 4 <= buf.length) {
      int avId = u16(buf, p);
      int avLength = u16(buf, p + 2);
      if (avId == 0) {
        return -1;
      }
      if (avId == id) {
        return p + 4;
      }
      p += 4 + avLength;
    }
    return -1;
  }

  private static int u16(byte[] b, int at) {
    return (b[at] & 0xff) | (b[at + 1] & 0xff) << 8;
  }

  private static long u32(byte[] b, int at) {
    return (u16(b, at) | (long) u16(b, at + 2) << 16) & 0xffffffffL;
  }

  private static long getLong(byte[] b, int at) {
    long v = 0;
    for (int i = 7; i >= 0; i--) {
      v = v << 8 | (b[at + i] & 0xff);
    }
    return v;
  }

  private static void putLong(byte[] b, int at, long value) {
    for (int i = 0; i < 8; i++) {
      b[at + i] = (byte) (value >>> (8 * i));
    }
  }
}
