package io.github.ntlmaffinity.cli.probe;

import java.util.List;
import java.util.stream.Collectors;

/**
 * The answer of a run.
 *
 * @param kind SAFE, UNSAFE or INCONCLUSIVE
 * @param reason why, in one sentence
 * @param decide for INCONCLUSIVE: what would decide it; else {@code null}
 */
record Verdict(Kind kind, String reason, String decide) {

  /**
   * The verdict over {@code checks}: UNSAFE when one failed; SAFE only at level 2 with a working
   * account and nothing left unverified; else INCONCLUSIVE with what would decide it.
   *
   * @param timeUp why checks did not run when the deadline passed, or {@code null}
   */
  static Verdict over(List<Check> checks, boolean level2, boolean accountWorks, String timeUp) {
    Check failed =
        checks.stream().filter(c -> c.status() == Check.Status.FAIL).findFirst().orElse(null);
    if (failed != null) {
      return new Verdict(Kind.UNSAFE, failed.summary(), null);
    }
    if (!level2) {
      return new Verdict(
          Kind.INCONCLUSIVE,
          "no CHALLENGEs from different nodes on one client connection, but without an account"
              + " the probe cannot see whether the legs of a handshake share one backend"
              + " connection",
          "run again with --user DOMAIN\\user (a test account, password from --password-env):"
              + " real logins show splits across backend connections; or, when the backends run"
              + " the ntlm-affinity filter with probePath, with --probe-path PATH (level 3)");
    }
    if (!accountWorks) {
      return new Verdict(
          Kind.INCONCLUSIVE,
          "no login succeeded, so the credentials may be wrong (or the account locked) and the"
              + " balancer is not blamed",
          "check the account, and give --backend URL of one backend node: one login there"
              + " confirms the account, so failures through the balancer become proof");
    }
    List<String> open =
        checks.stream()
            .filter(c -> c.status() == Check.Status.NOT_VERIFIED)
            .map(Check::id)
            .collect(Collectors.toList());
    if (timeUp != null) {
      return new Verdict(
          Kind.INCONCLUSIVE,
          "nothing broke before " + timeUp,
          "a longer --timeout, so every check runs");
    }
    if (!open.isEmpty()) {
      return new Verdict(
          Kind.INCONCLUSIVE,
          "nothing broke, but not verified: " + String.join(", ", open),
          "more handshakes (-n) or the check's prerequisites, as each check says");
    }
    return new Verdict(
        Kind.SAFE,
        "every login survived the balancer: each AUTHENTICATE reached the backend connection that"
            + " issued its CHALLENGE",
        null);
  }

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
