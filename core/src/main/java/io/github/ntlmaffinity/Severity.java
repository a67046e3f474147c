package io.github.ntlmaffinity;

/** How much a finding matters. */
public enum Severity {
  /** Worth knowing, nothing is broken (e.g. Negotiate fell back to NTLM). */
  INFO,
  /** Something is wrong or risky but logins may still work. */
  WARNING,
  /** Logins fail, or identities can mix, because of it. */
  ERROR
}
