package io.github.ntlmaffinity.cli.analyze.iis;

/**
 * Makes log-derived text safe for a terminal: control characters, bidirectional and other format
 * characters (which can reorder or hide what follows) and unpaired surrogates are written as {@code
 * \\uXXXX}. Internal, not API.
 */
final class Terminal {
  private Terminal() {}

  static String safe(String s) {
    if (s == null) {
      return "-";
    }
    StringBuilder b = null;
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      boolean bad =
          Character.isISOControl(c)
              || Character.getType(c) == Character.FORMAT
              || Character.getType(c) == Character.LINE_SEPARATOR
              || Character.getType(c) == Character.PARAGRAPH_SEPARATOR
              || (Character.isSurrogate(c) && !paired(s, i));
      if (bad) {
        if (b == null) {
          b = new StringBuilder(s.length() + 16).append(s, 0, i);
        }
        b.append(String.format("\\u%04X", (int) c));
      } else if (b != null) {
        b.append(c);
      }
    }
    return b == null ? s : b.toString();
  }

  private static boolean paired(String s, int i) {
    char c = s.charAt(i);
    if (Character.isHighSurrogate(c)) {
      return i + 1 < s.length() && Character.isLowSurrogate(s.charAt(i + 1));
    }
    return i > 0 && Character.isHighSurrogate(s.charAt(i - 1));
  }
}
