package io.github.ntlmaffinity.cli.analyze.report;

/**
 * Escapes strings read from the input (names, user names, header values) for the medium they are
 * written to, so a crafted name can neither drive the terminal nor reorder what is shown.
 */
public final class Escape {
  private static final int MAX = 2048;

  private Escape() {}

  /**
   * For a terminal or a plain text file: control characters, DEL, C1 controls, line/paragraph
   * separators, bidi and other invisible format characters and lone surrogates as {@code \\uXXXX};
   * cut to 2048 characters. {@code null} becomes {@code -}.
   */
  public static String terminal(String s) {
    if (s == null) {
      return "-";
    }
    StringBuilder b = new StringBuilder(Math.min(s.length(), MAX) + 8);
    int n = Math.min(s.length(), MAX);
    for (int i = 0; i < n; i++) {
      char c = s.charAt(i);
      if (isHidden(s, i)) {
        b.append(String.format("\\u%04x", (int) c));
      } else {
        b.append(c);
      }
    }
    if (n < s.length()) {
      b.append("...");
    }
    return b.toString();
  }

  /**
   * For HTML text and attribute values: {@code & < > " '} as entities, and the characters {@link
   * #terminal} escapes made visible as {@code \\uXXXX}; cut to 2048 characters.
   */
  public static String html(String s) {
    if (s == null) {
      return "-";
    }
    String t = terminal(s);
    StringBuilder b = new StringBuilder(t.length() + 16);
    for (int i = 0; i < t.length(); i++) {
      char c = t.charAt(i);
      switch (c) {
        case '&' -> b.append("&amp;");
        case '<' -> b.append("&lt;");
        case '>' -> b.append("&gt;");
        case '"' -> b.append("&quot;");
        case '\'' -> b.append("&#39;");
        default -> b.append(c);
      }
    }
    return b.toString();
  }

  private static boolean isHidden(String s, int i) {
    char c = s.charAt(i);
    if (c < 0x20 || (c >= 0x7f && c <= 0x9f)) {
      return true;
    }
    if (Character.isHighSurrogate(c)) {
      return i + 1 >= s.length() || !Character.isLowSurrogate(s.charAt(i + 1));
    }
    if (Character.isLowSurrogate(c)) {
      return i == 0 || !Character.isHighSurrogate(s.charAt(i - 1));
    }
    int type = Character.getType(c);
    return type == Character.FORMAT
        || type == Character.LINE_SEPARATOR
        || type == Character.PARAGRAPH_SEPARATOR;
  }
}
