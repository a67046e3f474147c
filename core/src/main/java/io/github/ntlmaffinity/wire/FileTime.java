package io.github.ntlmaffinity.wire;

import io.github.ntlmaffinity.internal.IsoInstant;
import java.time.Instant;
import java.time.temporal.ChronoUnit;

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

  /**
   * Appends {@code at} to the second, as {@code Instant.truncatedTo(SECONDS).toString()} writes it
   * ({@code 2026-12-05T09:30:00Z}), without allocating for years 0 to 9999 (a summary is built for
   * every message the tracker sees).
   */
  static StringBuilder appendSeconds(StringBuilder s, Instant at) {
    return IsoInstant.appendSeconds(s, at.getEpochSecond())
        ? s
        : s.append(at.truncatedTo(ChronoUnit.SECONDS));
  }

  /** {@link #appendSeconds(StringBuilder, Instant)} of an unsigned 64-bit FILETIME. */
  static StringBuilder appendSeconds(StringBuilder s, long fileTime) {
    long seconds = Long.divideUnsigned(fileTime, TICKS_PER_SECOND) - SECONDS_1601_TO_1970;
    return IsoInstant.appendSeconds(s, seconds) ? s : appendSeconds(s, toInstant(fileTime));
  }
}
