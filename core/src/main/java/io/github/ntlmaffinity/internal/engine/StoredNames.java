package io.github.ntlmaffinity.internal.engine;

import io.github.ntlmaffinity.wire.AuthenticateMessage;

/**
 * Names from a message as the tracker keeps and words them: each cut to {@link #MAX_NAME}
 * characters and a message summary to {@link #MAX_SUMMARY}, the cut marked with {@code …}. A name
 * can be thousands of characters long; cut, it can neither crowd the facts out of a finding nor
 * make the tables' memory follow what a client sends. Counters do not depend on names and stay
 * exact.
 *
 * @param user the user, or {@code null}
 * @param domain the domain, or {@code null}
 * @param workstation the workstation, or {@code null}
 * @param issuer the echoed NbComputerName of the challenge answered, or {@code null}
 */
public record StoredNames(String user, String domain, String workstation, String issuer) {
  /** Longer than any Windows user, NetBIOS or common DNS host name a real client sends. */
  public static final int MAX_NAME = 64;

  /** A message summary, names included. */
  public static final int MAX_SUMMARY = 256;

  static StoredNames of(AuthenticateMessage a) {
    return new StoredNames(
        cut(a.user(), MAX_NAME),
        cut(a.domain(), MAX_NAME),
        cut(a.workstation(), MAX_NAME),
        cut(a.challengeIssuer(), MAX_NAME));
  }

  /** {@code DOMAIN\\user}, or the user alone without a domain. */
  String qualifiedUser() {
    String u = user == null ? "" : user;
    return domain == null || domain.isEmpty() ? u : domain + "\\" + u;
  }

  /** {@code value} cut to {@code max} characters (never half a surrogate pair), marked. */
  static String cut(String value, int max) {
    if (value == null || value.length() <= max) {
      return value;
    }
    int end = Character.isHighSurrogate(value.charAt(max - 1)) ? max - 1 : max;
    return value.substring(0, end) + "…";
  }
}
