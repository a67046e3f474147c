package io.github.ntlmaffinity.wire;

/** The two HTTP authentication schemes that can carry NTLM messages. */
public enum AuthScheme {
  /** {@code NTLM <base64>}: raw NTLMSSP messages. */
  NTLM("NTLM"),
  /** {@code Negotiate <base64>}: SPNEGO (RFC 4178/4559), raw NTLMSSP or Kerberos tokens. */
  NEGOTIATE("Negotiate");

  private final String headerName;

  AuthScheme(String headerName) {
    this.headerName = headerName;
  }

  /** The scheme as it is written in a header, e.g. {@code Negotiate}. */
  public String headerName() {
    return headerName;
  }

  /**
   * The scheme named by {@code value[start, end)}, compared case-insensitively, or {@code null}
   * when it names neither NTLM nor Negotiate.
   */
  static AuthScheme of(CharSequence value, int start, int end) {
    for (AuthScheme scheme : values()) {
      String name = scheme.headerName;
      if (end - start == name.length() && regionMatchesIgnoreCase(value, start, name)) {
        return scheme;
      }
    }
    return null;
  }

  private static char asciiLower(char c) {
    return c >= 'A' && c <= 'Z' ? (char) (c + 32) : c;
  }

  private static boolean regionMatchesIgnoreCase(CharSequence value, int start, String name) {
    for (int i = 0; i < name.length(); i++) {
      // ASCII case folding only: "NEGOTİATE" with a dotted capital I is not the scheme.
      char c = value.charAt(start + i);
      char n = name.charAt(i);
      if (c != n && asciiLower(c) != asciiLower(n)) {
        return false;
      }
    }
    return true;
  }
}
