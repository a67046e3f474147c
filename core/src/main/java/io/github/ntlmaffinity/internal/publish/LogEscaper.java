package io.github.ntlmaffinity.internal.publish;

/**
 * Escapes header-derived strings before they reach a log line, so a crafted user name or
 * forwarded-for value cannot forge log lines (CWE-117) or hide itself with control characters.
 */
public final class LogEscaper {
  private static final int MAX_LENGTH = 256;

  private LogEscaper() {}

  /**
   * {@code value} with control characters, backslashes, DEL, the Unicode line and paragraph
   * separators and unpaired surrogates written as {@code \\uXXXX} (or {@code \\n}, {@code \\r},
   * {@code \\t}); cut to 256 characters with a trailing ellipsis. {@code null} stays {@code null}.
   */
  public static String escape(String value) {
    return escape(value, MAX_LENGTH);
  }

  /**
   * {@link #escape(String)} cut to {@code maxLength} characters: for text of our own that embeds
   * header-derived strings, such as a finding's explanation.
   */
  public static String escape(String value, int maxLength) {
    if (value == null) {
      return null;
    }
    int length = value.length();
    int limit = cut(value, maxLength);
    int i = 0;
    while (i < limit && isPlain(value, i)) {
      i++;
    }
    if (i == length) {
      return value;
    }
    StringBuilder s = new StringBuilder(limit + 16);
    s.append(value, 0, i);
    for (; i < limit; i++) {
      char c = value.charAt(i);
      if (isPlain(value, i)) {
        s.append(c);
      } else if (c == '\n') {
        s.append("\\n");
      } else if (c == '\r') {
        s.append("\\r");
      } else if (c == '\t') {
        s.append("\\t");
      } else if (c == '\\') {
        s.append("\\\\");
      } else {
        s.append(String.format("\\u%04x", (int) c));
      }
    }
    if (limit < length) {
      s.append("...");
    }
    return s.toString();
  }

  /** How many characters are kept: at most {@code max}, and never half of a surrogate pair. */
  private static int cut(String value, int max) {
    if (value.length() <= max) {
      return value.length();
    }
    boolean pairStraddles =
        max > 0
            && Character.isHighSurrogate(value.charAt(max - 1))
            && Character.isLowSurrogate(value.charAt(max));
    return pairStraddles ? max - 1 : max;
  }

  private static boolean isPlain(String value, int i) {
    char c = value.charAt(i);
    if (c < 0x20 || c == 0x7f || c == '\\' || c == '\u2028' || c == '\u2029') {
      return false;
    }
    if (Character.getType(c) == Character.FORMAT) {
      // Bidi overrides (U+202E) and zero-width characters can make a log line read differently
      // from what it holds.
      return false;
    }
    if (Character.isHighSurrogate(c)) {
      return i + 1 < value.length() && Character.isLowSurrogate(value.charAt(i + 1));
    }
    if (Character.isLowSurrogate(c)) {
      return i > 0 && Character.isHighSurrogate(value.charAt(i - 1));
    }
    return !(c >= 0x80 && c < 0xa0);
  }
}
