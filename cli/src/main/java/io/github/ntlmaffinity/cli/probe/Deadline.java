package io.github.ntlmaffinity.cli.probe;

/** The run's end: {@code --timeout} after it started. Every wait is bounded by it. */
final class Deadline {
  /** The longest a single connect or read may take, even with time left. */
  static final int STEP_MILLIS = 15_000;

  private final long end;

  Deadline(long timeoutMillis) {
    this.end = System.nanoTime() + timeoutMillis * 1_000_000L;
  }

  /** Milliseconds left, never negative. */
  long remainingMillis() {
    return Math.max(0, (end - System.nanoTime()) / 1_000_000L);
  }

  boolean passed() {
    return remainingMillis() == 0;
  }

  /** A socket timeout for the next connect or read: at least 1 ms, at most the time left. */
  int millisForNextStep() throws TimeUpException {
    long left = remainingMillis();
    if (left <= 0) {
      throw new TimeUpException();
    }
    return (int) Math.min(left, STEP_MILLIS);
  }

  /** Sleeps {@code millis}, or until the deadline if that comes first. */
  void pause(long millis) throws InterruptedException {
    long wait = Math.min(millis, remainingMillis());
    if (wait > 0) {
      Thread.sleep(wait);
    }
  }

  /** The run's {@code --timeout} has passed. */
  static final class TimeUpException extends java.io.IOException {
    private static final long serialVersionUID = 1L;

    TimeUpException() {
      super("the --timeout has passed");
    }
  }
}
