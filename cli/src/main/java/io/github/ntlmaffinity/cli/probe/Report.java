package io.github.ntlmaffinity.cli.probe;

import io.github.ntlmaffinity.Balancer;
import java.util.List;

/**
 * What the probe prints, in text or JSON.
 *
 * @param url the probed URL, escaped
 * @param user the account (level 2: the test account; level 3: the probe account), or {@code null}
 *     (level 1)
 * @param endpoint the probe endpoint's URL (level 3), or {@code null}
 * @param balancer the balancer whose advice is given
 * @param balancerSource how it was chosen: {@code --balancer}, {@code recognised: ...}, or {@code
 *     not recognised}
 * @param confirmation what the login on the backend node gave, or {@code null}
 * @param verdict the answer
 * @param checks each check
 * @param handshakesSent NEGOTIATEs sent
 * @param handshakesAllowed the {@code -n} budget
 */
record Report(
    String url,
    String user,
    String endpoint,
    Balancer balancer,
    String balancerSource,
    String confirmation,
    Verdict verdict,
    List<Check> checks,
    int handshakesSent,
    int handshakesAllowed) {

  /** The evidence lines shown per check in text; JSON has them all. */
  static final int TEXT_EVIDENCE = 8;

  int level() {
    return endpoint != null ? 3 : user == null ? 1 : 2;
  }

  /** The advice for a failed check, in core's words, or {@code null}. */
  String advice(Check check) {
    return check.status() == Check.Status.FAIL && check.finding() != null
        ? check.finding().advice(balancer)
        : null;
  }

  /** The human report. */
  String text() {
    StringBuilder s = new StringBuilder();
    s.append(verdict.kind()).append(": ").append(verdict.reason()).append('\n');
    if (verdict.decide() != null) {
      s.append("  to decide: ").append(verdict.decide()).append('\n');
    }
    s.append('\n');
    s.append("probe of ").append(url).append(", level ").append(level());
    s.append(
        endpoint != null
            ? " (the backends' probe endpoint " + endpoint + ", as " + user + ")"
            : user == null ? " (no account)" : " (logins as " + user + ")");
    s.append(", ")
        .append(handshakesSent)
        .append(" handshakes sent of ")
        .append(handshakesAllowed)
        .append(" allowed\n");
    s.append("balancer: ").append(balancer).append(" (").append(balancerSource).append(")\n");
    if (confirmation != null) {
      s.append("account: ").append(confirmation).append('\n');
    }
    java.util.Set<String> advised = new java.util.HashSet<>();
    for (Check c : checks) {
      s.append('\n');
      s.append('[').append(c.status()).append("] ").append(c.id()).append(": ").append(c.title());
      s.append('\n').append("  ").append(c.summary()).append('\n');
      int shown = 0;
      for (String line : c.evidence()) {
        if (shown++ == TEXT_EVIDENCE) {
          s.append("    ... and ")
              .append(c.evidence().size() - TEXT_EVIDENCE)
              .append(" more (--json has them all)\n");
          break;
        }
        s.append("    ").append(line).append('\n');
      }
      String advice = advice(c);
      if (advice != null) {
        s.append("  advice (").append(balancer).append("): ");
        s.append(advised.add(advice) ? advice : "as above").append('\n');
      }
    }
    return s.toString();
  }
}
