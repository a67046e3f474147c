package io.github.ntlmaffinity.cli.analyze.iis;

import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/**
 * What could not be read, counted exactly per kind, with the first few instances kept (bounded) so
 * the report can point at them. Internal, not API.
 */
final class InputProblems {
  static final int MAX_SAMPLES = 20;

  private final Map<Kind, Long> counts = new EnumMap<>(Kind.class);
  private final List<Sample> samples = new ArrayList<>();

  void add(Kind kind, String where, String detail) {
    counts.merge(kind, 1L, Long::sum);
    if (samples.size() < MAX_SAMPLES) {
      samples.add(new Sample(kind, where, kind.text + (detail == null ? "" : " (" + detail + ")")));
    }
  }

  long count(Kind kind) {
    return counts.getOrDefault(kind, 0L);
  }

  Map<Kind, Long> counts() {
    return Collections.unmodifiableMap(counts);
  }

  List<Sample> samples() {
    return Collections.unmodifiableList(samples);
  }

  /** Whether lines were lost, so that results are partial. */
  boolean partial() {
    for (Kind k : counts.keySet()) {
      if (k.losesData) {
        return true;
      }
    }
    return false;
  }

  /**
   * One problem, for the report.
   *
   * @param kind what
   * @param where {@code file:line}, or the file
   * @param text what, in words
   */
  record Sample(Kind kind, String where, String text) {

    /** Whether lines were lost to it. */
    boolean losesData() {
      return kind.losesData;
    }

    @Override
    public String toString() {
      return where + ": " + text;
    }
  }

  /** Kinds of problem. */
  enum Kind {
    LINE_TOO_LONG("line too long, skipped", true),
    WRONG_FIELD_COUNT("values do not match #Fields, line skipped", true),
    TRUNCATED_LAST_LINE("file ends mid-line, line skipped", true),
    BAD_TIME("unreadable date or time, line skipped", true),
    NO_FIELDS("entry before any #Fields directive, skipped", true),
    NOT_UTF8("not UTF-8, read as ISO-8859-1", false),
    UNKNOWN_FIELDS("fields the analysis does not use, ignored", false),
    UNREADABLE_FILE("file could not be read", true);

    private final String text;
    private final boolean losesData;

    Kind(String text, boolean losesData) {
      this.text = text;
      this.losesData = losesData;
    }

    String text() {
      return text;
    }
  }
}
