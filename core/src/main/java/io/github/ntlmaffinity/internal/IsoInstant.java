package io.github.ntlmaffinity.internal;

import java.time.Instant;

/**
 * {@link Instant#toString()}'s text written without the JDK's general formatter, digit for digit:
 * every message summary carries a time, and a report lists tens of thousands of them. The date is
 * the proleptic Gregorian calendar's, computed from the day number in 400-year eras (146,097 days
 * each) counted from 0000-03-01, so that the leap day comes last in a year. Years outside 0 to 9999
 * are left to {@link Instant#toString()}.
 */
public final class IsoInstant {
  private static final long SECONDS_PER_DAY = 86_400L;
  private static final long DAYS_PER_ERA = 146_097L;

  /** Days from 0000-03-01 to 1970-01-01. */
  private static final long DAYS_0000_03_01_TO_1970 = 719_468L;

  private IsoInstant() {}

  /** {@code t.toString()}. */
  public static String of(Instant t) {
    StringBuilder s = new StringBuilder(30);
    if (!appendSeconds(s, t)) {
      return t.toString();
    }
    int nanos = t.getNano();
    if (nanos != 0) {
      s.setLength(s.length() - 1);
      s.append('.');
      if (nanos % 1_000_000 == 0) {
        digits(s, nanos / 1_000_000, 3);
      } else if (nanos % 1000 == 0) {
        digits(s, nanos / 1000, 6);
      } else {
        digits(s, nanos, 9);
      }
      s.append('Z');
    }
    return s.toString();
  }

  /**
   * Appends {@code t} to the second, as {@code t.truncatedTo(SECONDS).toString()} writes it ({@code
   * 2026-12-05T09:30:00Z}), allocating nothing; false, appending nothing, for a year outside 0 to
   * 9999.
   */
  public static boolean appendSeconds(StringBuilder s, Instant t) {
    return appendSeconds(s, t.getEpochSecond());
  }

  /** {@link #appendSeconds(StringBuilder, Instant)} of the instant {@code seconds} after 1970. */
  public static boolean appendSeconds(StringBuilder s, long seconds) {
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
      return false;
    }
    digits(s, (int) year, 4).append('-');
    digits(s, month, 2).append('-');
    digits(s, day, 2).append('T');
    digits(s, secondOfDay / 3600, 2).append(':');
    digits(s, secondOfDay / 60 % 60, 2).append(':');
    digits(s, secondOfDay % 60, 2).append('Z');
    return true;
  }

  /** {@code value} in {@code width} decimal digits, leading zeros included. */
  private static StringBuilder digits(StringBuilder s, int value, int width) {
    // Divisions by constants only: the compiler turns them into multiplications.
    switch (width) {
      case 2:
        return two(s, value);
      case 3:
        return two(s.append((char) ('0' + value / 100)), value % 100);
      case 4:
        return two(two(s, value / 100), value % 100);
      case 6:
        return two(two(two(s, value / 10_000), value / 100 % 100), value % 100);
      default: // 9, nanoseconds
        return two(
            two(
                two(
                    two(s.append((char) ('0' + value / 100_000_000)), value / 1_000_000 % 100),
                    value / 10_000 % 100),
                value / 100 % 100),
            value % 100);
    }
  }

  private static StringBuilder two(StringBuilder s, int value) {
    return s.append((char) ('0' + value / 10)).append((char) ('0' + value % 10));
  }
}
