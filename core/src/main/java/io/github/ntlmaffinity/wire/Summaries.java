package io.github.ntlmaffinity.wire;

import java.util.HexFormat;

/**
 * The builder the messages write their {@link NtlmMessage#summary() summaries} in: one per thread,
 * reused, so that a summary costs one allocation (its {@code String}) instead of a builder, its
 * growth and the copy. The tracker asks for a summary of every message it sees.
 */
final class Summaries {
  /** A builder grown past this by long names is not kept for the next summary. */
  private static final int MAX_KEPT_CHARS = 1_024;

  private static final HexFormat HEX = HexFormat.of();

  private static final ThreadLocal<StringBuilder> BUILDER =
      ThreadLocal.withInitial(() -> new StringBuilder(256));

  private Summaries() {}

  /** The thread's builder, empty, with {@code start} written. */
  static StringBuilder start(String start) {
    StringBuilder s = BUILDER.get();
    s.setLength(0);
    return s.append(start);
  }

  /** {@code s}'s text; a builder that grew too large is replaced. */
  static String done(StringBuilder s) {
    String text = s.toString();
    if (s.capacity() > MAX_KEPT_CHARS) {
      BUILDER.remove();
    } else {
      s.setLength(0);
    }
    return text;
  }

  /** Appends {@code value}'s 16 hex digits, most significant first, as {@link HexFormat} does. */
  static StringBuilder hex(StringBuilder s, long value) {
    for (int shift = 56; shift >= 0; shift -= 8) {
      HEX.toHexDigits(s, (byte) (value >>> shift));
    }
    return s;
  }
}
