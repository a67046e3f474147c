package io.github.ntlmaffinity.testing;

import java.time.Clock;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicLong;

/**
 * FILETIME values as NTLM carries them (MsvAvTimestamp, the NTLMv2 blob's TimeStamp):
 * 100-nanosecond intervals since 1601-01-01T00:00Z, little-endian on the wire.
 *
 * <pre>{@code
 * long stamp = FileTimes.of(Instant.parse("2026-01-01T00:00:00Z"));
 * long fresh = FileTimes.unique(clock); // never the same twice in this JVM
 * }</pre>
 */
public final class FileTimes {

  /** FILETIME ticks in one second. */
  public static final long TICKS_PER_SECOND = 10_000_000L;

  private static final long SECONDS_1601_TO_1970 = 11_644_473_600L;
  private static final AtomicLong SEQUENCE = new AtomicLong();

  private FileTimes() {}

  /** {@code instant} as a FILETIME (sub-100-ns precision dropped). */
  public static long of(Instant instant) {
    return (instant.getEpochSecond() + SECONDS_1601_TO_1970) * TICKS_PER_SECOND
        + instant.getNano() / 100;
  }

  /** The instant of {@code fileTime}. */
  public static Instant toInstant(long fileTime) {
    long seconds = Math.floorDiv(fileTime, TICKS_PER_SECOND) - SECONDS_1601_TO_1970;
    return Instant.ofEpochSecond(seconds, Math.floorMod(fileTime, TICKS_PER_SECOND) * 100);
  }

  /**
   * The time of {@code clock} as a FILETIME plus a JVM-wide count of the calls (ticks of 100 ns): a
   * CHALLENGE Timestamp no other challenger in the JVM issued as long as the clocks do not go back,
   * and close to the clock's time, also for a clock that stands still.
   */
  public static long unique(Clock clock) {
    return of(clock.instant()) + SEQUENCE.incrementAndGet();
  }
}
