package io.github.ntlmaffinity.cli.analyze.iis;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.ntlmaffinity.Balancer;
import io.github.ntlmaffinity.FindingType;
import io.github.ntlmaffinity.examples.IisLogRun;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The example cluster's real runs, logged as IIS logs: what the analysis finds in the logs must
 * agree with what the nodes' own filters found in the same traffic.
 */
@Timeout(180)
class IisClusterLogTest {
  @TempDir Path dir;

  /**
   * Round robin breaks logins. Every split the filters saw left a refused AUTHENTICATE in a log;
   * with REMOTE_PORT and X-Forwarded-For logged the analysis ties them to the other server's
   * CHALLENGE as the filters did, give or take the two concurrent JDK logins, which share one
   * client address and so cannot be told apart in a log. Without those fields the same refusals are
   * found, with less said about each.
   */
  @Test
  void roundRobinSplitsFoundInTheLogsAreTheFiltersSplits() throws Exception {
    IisLogRun run = IisLogRun.record("round-robin", dir);

    IisReport plain = analyze(run.defaultLogs().values());
    IisReport x = analyze(run.extendedLogs().values());
    print(run, plain, x);

    assertThat(run.loginsOk()).isLessThan(run.logins());
    long filterNodes = total(run, FindingType.HANDSHAKE_SPLIT_ACROSS_NODES);
    long filterSplits = filterNodes + total(run, FindingType.HANDSHAKE_SPLIT_ACROSS_CONNECTIONS);
    assertThat(filterNodes).isPositive();
    long refused = 0;
    for (ServerStats s : x.analysis().servers().values()) {
      refused += s.invalidToken + s.logonDenied;
    }
    assertThat(refused).isGreaterThanOrEqualTo(filterSplits);
    long xSplits =
        x.count(FindingType.HANDSHAKE_SPLIT_ACROSS_NODES)
            + x.count(FindingType.HANDSHAKE_SPLIT_ACROSS_CONNECTIONS);
    // Per end client the logs' splits are the filters' splits, exactly, for every client the
    // balancer's X-Forwarded-For tells apart; the JDK's logins share 127.0.0.1 (two run at once),
    // so for them only the refusals are accounted for, as splits or unmatched.
    Map<String, Long> bySplitClient = new java.util.HashMap<>();
    long jdkReported = 0;
    for (IisFinding f : x.analysis().findings()) {
      String client = f.evidence().get(f.evidence().size() - 1).forwardedFor();
      boolean split =
          f.type() == FindingType.HANDSHAKE_SPLIT_ACROSS_NODES
              || f.type() == FindingType.HANDSHAKE_SPLIT_ACROSS_CONNECTIONS;
      if (split) {
        bySplitClient.merge(client, 1L, Long::sum);
      }
      if ("127.0.0.1".equals(client) && (split || f.type() == FindingType.UNMATCHED_AUTHENTICATE)) {
        jdkReported++;
      }
    }
    assertThat(run.splitsByClient()).containsKey("127.0.0.11");
    for (Map.Entry<String, Long> e : run.splitsByClient().entrySet()) {
      if (!e.getKey().equals("127.0.0.1")) {
        assertThat(bySplitClient.getOrDefault(e.getKey(), 0L))
            .as("splits of %s", e.getKey())
            .isEqualTo(e.getValue());
      }
    }
    // The JDK's two concurrent logins share 127.0.0.1, so a log cannot tell which of their
    // CHALLENGEs a refusal answers: every split of theirs left a refusal in a log, and every
    // invalid token is reported as a split or unmatched; a logon denied that pairs with the other
    // login's CHALLENGE on that same connection reads as a plain failed logon.
    long[] jdk = refusals(run.extendedLogs().values(), "127.0.0.1");
    assertThat(jdk[0] + jdk[1])
        .isGreaterThanOrEqualTo(run.splitsByClient().getOrDefault("127.0.0.1", 0L));
    assertThat(jdkReported).isGreaterThanOrEqualTo(jdk[0]);
    assertThat(x.notes()).noneMatch(n -> n.kind() == IisNote.Kind.NO_PORT_FIELD);

    long plainSplits =
        plain.count(FindingType.HANDSHAKE_SPLIT_ACROSS_NODES)
            + plain.count(FindingType.HANDSHAKE_SPLIT_ACROSS_CONNECTIONS);
    assertThat(plainSplits).isPositive();
    // every invalid token is a split or unmatched; a logon denied on the same server counts only
    // when the logged port shows another connection
    long invalid = 0;
    long plainRefused = 0;
    for (ServerStats s : plain.analysis().servers().values()) {
      invalid += s.invalidToken;
      plainRefused += s.invalidToken + s.logonDenied;
    }
    // Without ports the pairing is inferred: every invalid token is reported, and at most every
    // refused AUTHENTICATE (a logon denied may be paired with another server's 401 by inference).
    assertThat(plainSplits + plain.count(FindingType.UNMATCHED_AUTHENTICATE))
        .isBetween(invalid, plainRefused);
    assertThat(plain.notes())
        .extracting(IisNote::kind)
        .contains(IisNote.Kind.NO_PORT_FIELD, IisNote.Kind.NO_FORWARDED_FOR);
  }

  @Test
  void stickyRunsLeaveNothingToFindInTheLogs() throws Exception {
    IisLogRun run = IisLogRun.record("sticky", dir);

    IisReport plain = analyze(run.defaultLogs().values());
    IisReport x = analyze(run.extendedLogs().values());
    print(run, plain, x);

    assertThat(run.loginsOk()).isEqualTo(run.logins());
    assertThat(total(run, FindingType.HANDSHAKE_SPLIT_ACROSS_NODES)).isZero();
    assertThat(plain.analysis().counts()).isEmpty();
    assertThat(x.analysis().counts()).isEmpty();
    assertThat(x.analysis().servers().values()).allMatch(s -> s.invalidToken == 0);
  }

  /** The invalid-token and logon-denied refusals logged for {@code client} (X-Forwarded-For). */
  private static long[] refusals(java.util.Collection<Path> files, String client) throws Exception {
    long[] counts = new long[2];
    try (IisLogs logs =
        IisLogs.open(
            List.copyOf(files), Map.of(), LineReader.DEFAULT_MAX_LINE_BYTES, new InputProblems())) {
      IisEntry e;
      while ((e = logs.next()) != null) {
        if (client.equals(e.forwardedFor()) && e.reason() == null) {
          IisCode code = IisCode.of(e);
          if (code == IisCode.INVALID_TOKEN) {
            counts[0]++;
          } else if (code == IisCode.LOGON_DENIED) {
            counts[1]++;
          }
        }
      }
    }
    return counts;
  }

  private static long total(IisLogRun run, FindingType type) {
    return run.findings("node-a", type) + run.findings("node-b", type);
  }

  private static IisReport analyze(java.util.Collection<Path> files) throws Exception {
    return IisAnalyzer.analyze(
        List.copyOf(files),
        Map.of(),
        Balancer.GENERIC,
        IisAnalyzer.DEFAULT_WINDOW,
        LineReader.DEFAULT_MAX_LINE_BYTES);
  }

  private static void print(IisLogRun run, IisReport plain, IisReport x) {
    PrintStream out = new PrintStream(System.out, true, StandardCharsets.UTF_8);
    for (String node : List.of("node-a", "node-b")) {
      for (FindingType t : FindingType.values()) {
        if (run.findings(node, t) > 0) {
          out.println("filter " + node + " " + t + " " + run.findings(node, t));
        }
      }
    }
    out.println("default logs: " + plain.analysis().counts());
    out.println("_x logs: " + x.analysis().counts());
  }
}
