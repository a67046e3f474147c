package io.github.ntlmaffinity.cli.probe;

/** The probe cannot go on: unreachable, TLS, no NTLM, 5xx, garbage. Exit status 3. */
final class ProbeFailure extends Exception {
  private static final long serialVersionUID = 1L;

  ProbeFailure(String message) {
    super(message, null, false, false);
  }
}
