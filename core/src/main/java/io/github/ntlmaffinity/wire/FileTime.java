package io.github.ntlmaffinity.wire;

import java.time.Instant;

/** Windows FILETIME conversions. */
final class FileTime {
  private static final long SECONDS_1601_TO_1970 = 11_644_473_600L;
  private static final long TICKS_PER_SECOND = 10_000_000L;

  private FileTime() {}

  /** The instant of an unsigned 64-bit FILETIME. */
  static Instant toInstant(long fileTime) {
    long seconds = Long.divideUnsigned(fileTime, TICKS_PER_SECOND);
    long ticks = Long.remainderUnsigned(fileTime, TICKS_PER_SECOND);
    return Instant.ofEpochSecond(seconds - SECONDS_1601_TO_1970, ticks * 100);
  }
}
