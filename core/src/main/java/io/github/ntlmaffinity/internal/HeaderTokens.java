package io.github.ntlmaffinity.internal;

/**
 * Comma-separated header lists such as {@code Connection} (RFC 9110 section 5.6.1), read in place:
 * every NTLM response and every captured head asks one. Not API: see the package documentation.
 */
public final class HeaderTokens {
  private HeaderTokens() {}

  /**
   * Whether {@code list} has an element equal to {@code token}, ignoring case and white space (and
   * other control characters) around it; {@code false} for {@code null}.
   */
  public static boolean has(String list, String token) {
    if (list == null) {
      return false;
    }
    int length = list.length();
    for (int from = 0; from <= length; ) {
      int comma = list.indexOf(',', from);
      int end = comma < 0 ? length : comma;
      int start = from;
      while (start < end && list.charAt(start) <= ' ') {
        start++;
      }
      int last = end;
      while (last > start && list.charAt(last - 1) <= ' ') {
        last--;
      }
      if (last - start == token.length()
          && list.regionMatches(true, start, token, 0, token.length())) {
        return true;
      }
      from = end + 1;
    }
    return false;
  }
}
