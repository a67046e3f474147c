package io.github.ntlmaffinity.cli.probe;

/**
 * The answer of a run.
 *
 * @param kind SAFE, UNSAFE or INCONCLUSIVE
 * @param reason why, in one sentence
 * @param decide for INCONCLUSIVE: what would decide it; else {@code null}
 */
record Verdict(Kind kind, String reason, String decide) {

  /** The three answers, with their exit status. */
  enum Kind {
    SAFE(0),
    UNSAFE(1),
    INCONCLUSIVE(2);

    private final int exitStatus;

    Kind(int exitStatus) {
      this.exitStatus = exitStatus;
    }

    int exitStatus() {
      return exitStatus;
    }
  }
}
