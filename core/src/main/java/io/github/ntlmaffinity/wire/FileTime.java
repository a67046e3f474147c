package io.github.ntlmaffinity.wire;

import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
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
   * ({@code 2026-12-05T09:30:00Z}), without the formatter's garbage for years 0 to 9999 (a summary
   * is built for every message the tracker sees); other years go through {@link Instant#toString}.
   */
  static StringBuilder appendSeconds(StringBuilder s, Instant at) {
    LocalDateTime t = LocalDateTime.ofEpochSecond(at.getEpochSecond(), 0, ZoneOffset.UTC);
    int year = t.getYear();
    if (year < 0 || year > 9999) {
      return s.append(at.truncatedTo(ChronoUnit.SECONDS));
    }
    two(
            two(
                    s.append(year / 1000)
                        .append(year / 100 % 10)
                        .append(year / 10 % 10)
                        .append(year % 10)
                        .append('-'),
                    t.getMonthValue())
                .append('-'),
            t.getDayOfMonth())
        .append('T');
    two(two(two(s, t.getHour()).append(':'), t.getMinute()).append(':'), t.getSecond());
    return s.append('Z');
  }

  private static StringBuilder two(StringBuilder s, int n) {
    return s.append((char) ('0' + n / 10)).append((char) ('0' + n % 10));
  }
}
