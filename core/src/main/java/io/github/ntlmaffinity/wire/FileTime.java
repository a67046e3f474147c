package io.github.ntlmaffinity.wire;

import java.time.Instant;
import java.time.temporal.ChronoUnit;

/** Windows FILETIME conversions. */
final class FileTime {
  private static final long SECONDS_1601_TO_1970 = 11_644_473_600L;
  private static final long TICKS_PER_SECOND = 10_000_000L;
  private static final long SECONDS_PER_DAY = 86_400L;
  private static final long DAYS_PER_ERA = 146_097L;

  /** Days from 0000-03-01 to 1970-01-01 in the proleptic Gregorian calendar. */
  private static final long DAYS_0000_03_01_TO_1970 = 719_468L;

  private FileTime() {}

  /** The instant of an unsigned 64-bit FILETIME. */
  static Instant toInstant(long fileTime) {
    long seconds = Long.divideUnsigned(fileTime, TICKS_PER_SECOND);
    long ticks = Long.remainderUnsigned(fileTime, TICKS_PER_SECOND);
    return Instant.ofEpochSecond(seconds - SECONDS_1601_TO_1970, ticks * 100);
  }

  /**
   * Appends {@code at} to the second, as {@code Instant.truncatedTo(SECONDS).toString()} writes it
   * ({@code 2026-12-05T09:30:00Z}), without allocating, for years 0 to 9999 (a summary is built for
   * every message the tracker sees); other years go through {@link Instant#toString}. The date is
   * the proleptic Gregorian calendar's, computed from the day number in 400-year eras (146,097 days
   * each), with years starting on 1 March so that the leap day comes last.
   */
  static StringBuilder appendSeconds(StringBuilder s, Instant at) {
    long seconds = at.getEpochSecond();
    long days = Math.floorDiv(seconds, SECONDS_PER_DAY);
    int secondOfDay = (int) Math.floorMod(seconds, SECONDS_PER_DAY);
    long shifted = days + DAYS_0000_03_01_TO_1970;
    long era = Math.floorDiv(shifted, DAYS_PER_ERA);
    int dayOfEra = (int) (shifted - era * DAYS_PER_ERA);
    int yearOfEra = (dayOfEra - dayOfEra / 1460 + dayOfEra / 36524 - dayOfEra / 146096) / 365;
    int dayOfYear = dayOfEra - (365 * yearOfEra + yearOfEra / 4 - yearOfEra / 100);
    int marchMonth = (5 * dayOfYear + 2) / 153;
    int day = dayOfYear - (153 * marchMonth + 2) / 5 + 1;
    int month = marchMonth < 10 ? marchMonth + 3 : marchMonth - 9;
    long year = era * 400 + yearOfEra + (month <= 2 ? 1 : 0);
    if (year < 0 || year > 9999) {
      return s.append(at.truncatedTo(ChronoUnit.SECONDS));
    }
    int y = (int) year;
    s.append((char) ('0' + y / 1000))
        .append((char) ('0' + y / 100 % 10))
        .append((char) ('0' + y / 10 % 10))
        .append((char) ('0' + y % 10))
        .append('-');
    two(two(s, month).append('-'), day).append('T');
    two(
        two(two(s, secondOfDay / 3600).append(':'), secondOfDay / 60 % 60).append(':'),
        secondOfDay % 60);
    return s.append('Z');
  }

  private static StringBuilder two(StringBuilder s, int n) {
    return s.append((char) ('0' + n / 10)).append((char) ('0' + n % 10));
  }
}
