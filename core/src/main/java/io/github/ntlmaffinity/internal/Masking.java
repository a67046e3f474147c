package io.github.ntlmaffinity.internal;

/** Masks user names for views that should not show them in full. Not API. */
public final class Masking {
  private Masking() {}

  /** {@code alice} becomes {@code a***}; empty and {@code null} stay as they are. */
  public static String user(String user) {
    if (user == null || user.isEmpty()) {
      return user;
    }
    return user.codePointCount(0, user.length()) == 1
        ? "*"
        : new String(Character.toChars(user.codePointAt(0))) + "***";
  }

  /** {@code text} with every whole-word occurrence of each of {@code users} masked. */
  public static String inAll(String text, String... users) {
    String out = text;
    for (String user : users) {
      out = in(out, user);
    }
    return out;
  }

  /**
   * {@code text} with every whole-word occurrence of {@code user} masked: one not preceded or
   * followed by a letter or digit, so a short name does not mask the inside of other words.
   */
  public static String in(String text, String user) {
    if (text == null || user == null || user.isEmpty()) {
      return text;
    }
    String masked = user(user);
    StringBuilder out = null;
    int from = 0;
    int at = text.indexOf(user);
    while (at >= 0) {
      int end = at + user.length();
      boolean whole =
          (at == 0 || !Character.isLetterOrDigit(text.codePointBefore(at)))
              && (end == text.length() || !Character.isLetterOrDigit(text.codePointAt(end)));
      if (whole) {
        if (out == null) {
          out = new StringBuilder(text.length());
        }
        out.append(text, from, at).append(masked);
        from = end;
      }
      at = text.indexOf(user, whole ? end : at + 1);
    }
    return out == null ? text : out.append(text, from, text.length()).toString();
  }
}
