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

  /** {@code text} with every occurrence of {@code user} masked. */
  public static String in(String text, String user) {
    if (text == null || user == null || user.isEmpty()) {
      return text;
    }
    return text.replace(user, user(user));
  }
}
