package io.github.ntlmaffinity.wire;

/**
 * Splits a {@code WWW-Authenticate} value into challenges (RFC 9110 11.6.1):
 *
 * <pre>
 * challenge = auth-scheme [ 1*SP ( token68 / #auth-param ) ]
 * </pre>
 *
 * separated by commas. Each {@link #next()} positions the scheme and, when the challenge has one,
 * its token68; auth-params (e.g. {@code realm="x"}) are skipped.
 */
final class ChallengeParser {
  private final CharSequence s;
  private final int length;
  private int p;
  int schemeStart;
  int schemeEnd;
  int tokenStart;
  int tokenEnd;

  ChallengeParser(CharSequence s) {
    this.s = s;
    this.length = s.length();
  }

  String scheme() {
    return s.subSequence(schemeStart, schemeEnd).toString();
  }

  /** Moves to the next challenge; false at the end of the header. */
  boolean next() {
    skipSeparators();
    if (p == length) {
      return false;
    }
    schemeStart = p;
    while (p < length && isTchar(s.charAt(p))) {
      p++;
    }
    schemeEnd = p;
    if (schemeEnd == schemeStart) {
      throw syntax(p, "expected an authentication scheme");
    }
    tokenStart = -1;
    tokenEnd = -1;
    int afterScheme = p;
    p = NtlmDecoder.skipWhitespace(s, p, length);
    if (p == length || s.charAt(p) == ',') {
      return true;
    }
    if (p == afterScheme) {
      throw syntax(p, "expected a space after the scheme");
    }
    // token68 = 1*( ALPHA / DIGIT / "-" / "." / "_" / "~" / "+" / "/" ) *"="
    int start = p;
    int q = p;
    while (q < length && isToken68(s.charAt(q))) {
      q++;
    }
    int dataEnd = q;
    while (q < length && s.charAt(q) == '=') {
      q++;
    }
    int end = q;
    q = NtlmDecoder.skipWhitespace(s, q, length);
    if (dataEnd > start && (q == length || s.charAt(q) == ',')) {
      tokenStart = start;
      tokenEnd = end;
      p = q;
      return true;
    }
    if (dataEnd > start && end == dataEnd && q < length && s.charAt(q) != '=') {
      // A token68 followed by something that is neither a comma nor '=': not valid either way,
      // but a base64 error explains it best, so hand the whole run to the base64 decoder.
      tokenStart = start;
      tokenEnd = endOfItem(q);
      p = tokenEnd;
      return true;
    }
    skipAuthParams();
    return true;
  }

  /** auth-param *( OWS "," OWS auth-param ), stopping before a comma that starts a challenge. */
  private void skipAuthParams() {
    while (true) {
      p = NtlmDecoder.skipWhitespace(s, p, length);
      int nameStart = p;
      while (p < length && isTchar(s.charAt(p))) {
        p++;
      }
      if (p == nameStart) {
        throw syntax(p, "expected an auth-param name");
      }
      p = NtlmDecoder.skipWhitespace(s, p, length);
      if (p == length || s.charAt(p) != '=') {
        throw syntax(p, "expected '=' in an auth-param");
      }
      p = NtlmDecoder.skipWhitespace(s, p + 1, length);
      if (p < length && s.charAt(p) == '"') {
        skipQuotedString();
      } else {
        int valueStart = p;
        while (p < length && isTchar(s.charAt(p))) {
          p++;
        }
        if (p == valueStart) {
          throw syntax(p, "expected an auth-param value");
        }
      }
      p = NtlmDecoder.skipWhitespace(s, p, length);
      if (p == length) {
        return;
      }
      if (s.charAt(p) != ',') {
        throw syntax(p, "expected ',' after an auth-param");
      }
      // Another auth-param follows if the next item is "name =", else a new challenge starts.
      int q = p;
      while (q < length && (s.charAt(q) == ',' || NtlmDecoder.isWhitespace(s.charAt(q)))) {
        q++;
      }
      int name = q;
      while (q < length && isTchar(s.charAt(q))) {
        q++;
      }
      q = NtlmDecoder.skipWhitespace(s, q, length);
      if (q == name || q == length || s.charAt(q) != '=') {
        return;
      }
      p = name;
    }
  }

  private void skipQuotedString() {
    int open = p++;
    while (p < length) {
      char c = s.charAt(p++);
      if (c == '"') {
        return;
      }
      if (c == '\\') {
        p++;
      }
    }
    throw syntax(open, "unterminated quoted-string");
  }

  private void skipSeparators() {
    while (p < length && (s.charAt(p) == ',' || NtlmDecoder.isWhitespace(s.charAt(p)))) {
      p++;
    }
  }

  private int endOfItem(int from) {
    int q = from;
    while (q < length && s.charAt(q) != ',') {
      q++;
    }
    while (q > from && NtlmDecoder.isWhitespace(s.charAt(q - 1))) {
      q--;
    }
    return q;
  }

  private static boolean isToken68(char c) {
    return (c >= 'A' && c <= 'Z')
        || (c >= 'a' && c <= 'z')
        || (c >= '0' && c <= '9')
        || c == '-'
        || c == '.'
        || c == '_'
        || c == '~'
        || c == '+'
        || c == '/';
  }

  static boolean isTchar(char c) {
    return (c >= 'A' && c <= 'Z')
        || (c >= 'a' && c <= 'z')
        || (c >= '0' && c <= '9')
        || "!#$%&'*+-.^_`|~".indexOf(c) >= 0;
  }

  private static MalformedException syntax(int at, String detail) {
    return new MalformedException(MalformedReason.HEADER_SYNTAX, at, detail);
  }
}
