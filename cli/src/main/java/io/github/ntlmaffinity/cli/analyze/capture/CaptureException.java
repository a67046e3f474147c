package io.github.ntlmaffinity.cli.analyze.capture;

/** A capture file that cannot be read on: its message says where and why, for the user. */
final class CaptureException extends Exception {
  private static final long serialVersionUID = 1L;

  CaptureException(String message) {
    super(message, null, false, false);
  }
}
