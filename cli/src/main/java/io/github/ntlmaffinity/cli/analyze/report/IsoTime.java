package io.github.ntlmaffinity.cli.analyze.report;

import java.time.Instant;

/**
 * {@link Instant#toString()}, written without the JDK's general formatter: a report lists tens of
 * thousands of times, and the formatter was the slowest part of writing them. Same text, digit for
 * digit (fraction in groups of three digits, none when zero); years outside 1970 to 9999 are left
 * to {@link Instant#toString()}.
 */
final class IsoTime {
  private static final long LAST_SECOND_OF_9999 = 253_402_300_799L;

  private IsoTime() {}

  static String of(Instant t) {
    long seconds = t.getEpochSecond();
    if (seconds < 0 || seconds > LAST_SECOND_OF_9999) {
      return t.toString();
    }
    long days = seconds / 86_400;
    int ofDay = (int) (seconds % 86_400);
    // Days to civil date (proleptic Gregorian), counted from 0000-03-01 in 400-year eras.
    long z = days + 719_468;
    long era = z / 146_097;
    long dayOfEra = z - era * 146_097;
    long yearOfEra = (dayOfEra - dayOfEra / 1460 + dayOfEra / 36_524 - dayOfEra / 146_096) / 365;
    long dayOfYear = dayOfEra - (365 * yearOfEra + yearOfEra / 4 - yearOfEra / 100);
    long mp = (5 * dayOfYear + 2) / 153;
    int day = (int) (dayOfYear - (153 * mp + 2) / 5 + 1);
    int month = (int) (mp < 10 ? mp + 3 : mp - 9);
    long year = yearOfEra + era * 400 + (month <= 2 ? 1 : 0);
    char[] c = new char[30];
    int i = 0;
    i = digits(c, i, (int) year, 4);
    c[i++] = '-';
    i = digits(c, i, month, 2);
    c[i++] = '-';
    i = digits(c, i, day, 2);
    c[i++] = 'T';
    i = digits(c, i, ofDay / 3600, 2);
    c[i++] = ':';
    i = digits(c, i, ofDay / 60 % 60, 2);
    c[i++] = ':';
    i = digits(c, i, ofDay % 60, 2);
    int nanos = t.getNano();
    if (nanos != 0) {
      c[i++] = '.';
      if (nanos % 1_000_000 == 0) {
        i = digits(c, i, nanos / 1_000_000, 3);
      } else if (nanos % 1000 == 0) {
        i = digits(c, i, nanos / 1000, 6);
      } else {
        i = digits(c, i, nanos, 9);
      }
    }
    c[i++] = 'Z';
    return new String(c, 0, i);
  }

  private static int digits(char[] c, int at, int value, int width) {
    int v = value;
    for (int k = at + width - 1; k >= at; k--) {
      c[k] = (char) ('0' + v % 10);
      v /= 10;
    }
    return at + width;
  }
}
