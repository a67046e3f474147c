package io.github.ntlmaffinity.cli.probe;

/**
 * Makes strings from the network safe to print: control, bidi and other format characters become
 * {@code \\uXXXX}, and long strings are cut.
 */
final class Terminal {
  static final int MAX_CHARS = 200;

  private Terminal() {}

  static String escape(String s) {
    if (s == null) {
      return null;
    }
    StringBuilder out = new StringBuilder(Math.min(s.length(), MAX_CHARS) + 8);
    for (int i = 0; i < s.length(); i++) {
      if (out.length() >= MAX_CHARS) {
        return out.append("...").toString();
      }
      char c = s.charAt(i);
      int type = Character.getType(c);
      if (Character.isISOControl(c)
          || type == Character.FORMAT
          || type == Character.SURROGATE
          || type == Character.UNASSIGNED
          || type == Character.LINE_SEPARATOR
          || type == Character.PARAGRAPH_SEPARATOR) {
        out.append(String.format("\\u%04x", (int) c));
      } else {
        out.append(c);
      }
    }
    return out.toString();
  }
}
