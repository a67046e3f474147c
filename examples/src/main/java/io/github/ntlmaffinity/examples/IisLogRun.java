package io.github.ntlmaffinity.examples;

import io.github.ntlmaffinity.Finding;
import io.github.ntlmaffinity.FindingType;
import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * One run of the example cluster whose access logs are written as IIS W3C files, for testing log
 * analysers against the truth: what each node's filter found in the same traffic.
 *
 * <pre>{@code
 * IisLogRun run = IisLogRun.record("round-robin", dir);
 * analyse(run.defaultLogs().values());       // dir/default/node-a/u_ex261205.log, ...
 * analyse(run.extendedLogs().values());      // dir/x/node-a/u_ex261205_x.log, ... with REMOTE_PORT
 * run.findings("node-b", FindingType.HANDSHAKE_SPLIT_ACROSS_NODES);
 * }</pre>
 *
 * <p>Demo code, not API.
 */
public final class IisLogRun {
  private static final DateTimeFormatter FILE_DATE =
      DateTimeFormatter.ofPattern("yyMMdd").withZone(ZoneOffset.UTC);

  private final Map<String, Path> defaultLogs;
  private final Map<String, Path> extendedLogs;
  private final Map<String, Map<FindingType, Long>> findings;
  private final long logins;
  private final long loginsOk;
  private final Map<String, Long> splitsByClient;

  private IisLogRun(
      Map<String, Path> defaultLogs,
      Map<String, Path> extendedLogs,
      Map<String, Map<FindingType, Long>> findings,
      long logins,
      long loginsOk,
      Map<String, Long> splitsByClient) {
    this.defaultLogs = defaultLogs;
    this.extendedLogs = extendedLogs;
    this.findings = findings;
    this.logins = logins;
    this.loginsOk = loginsOk;
    this.splitsByClient = splitsByClient;
  }

  /**
   * Runs the demo's logins through a fresh cluster whose balancer works in {@code mode} ({@code
   * round-robin}, {@code cookie-pooled} or {@code sticky}), stops it, and writes both nodes' logs
   * under {@code dir}: {@code default/<node>/u_exYYMMDD.log} with IIS's default fields and {@code
   * x/<node>/u_exYYMMDD_x.log} with {@code s-computername}, {@code X-Forwarded-For} and {@code
   * REMOTE_PORT} too.
   */
  public static IisLogRun record(String mode, Path dir) throws Exception {
    LoadBalancer.Mode m =
        LoadBalancer.Mode.valueOf(mode.toUpperCase(Locale.ROOT).replace('-', '_'));
    ModeRun run =
        ExampleCluster.runMode(m, UserTable.defaults(), Scenario.DEFAULT, Duration.ofSeconds(30));
    try {
      Map<String, Path> plain = new LinkedHashMap<>();
      Map<String, Path> extended = new LinkedHashMap<>();
      Map<String, Map<FindingType, Long>> found = new LinkedHashMap<>();
      Map<String, Long> byClient = new LinkedHashMap<>();
      for (BackendNode node : run.cluster().nodes()) {
        String name = node.identity().nodeName();
        List<AccessLog.Entry> entries = new ArrayList<>();
        for (AccessLog.Entry e : run.access()) {
          if (e.node().equals(name)) {
            entries.add(e);
          }
        }
        String date = entries.isEmpty() ? "000000" : FILE_DATE.format(entries.get(0).time());
        plain.put(
            name,
            write(entries, W3cAccessLog.Fields.DEFAULT, dir.resolve("default/" + name), date, ""));
        extended.put(
            name,
            write(entries, W3cAccessLog.Fields.EXTENDED, dir.resolve("x/" + name), date, "_x"));
        Map<FindingType, Long> counts = new EnumMap<>(FindingType.class);
        for (FindingType t : FindingType.values()) {
          counts.put(t, run.count(name, t));
        }
        found.put(name, counts);
        for (Finding f : run.findings(name)) {
          if ((f.type() == FindingType.HANDSHAKE_SPLIT_ACROSS_NODES
                  || f.type() == FindingType.HANDSHAKE_SPLIT_ACROSS_CONNECTIONS)
              && f.client() != null) {
            String client = f.client();
            int paren = client.indexOf(" (");
            byClient.merge(paren < 0 ? client : client.substring(0, paren), 1L, Long::sum);
          }
        }
      }
      long ok = run.logins().stream().filter(Login::ok).count();
      return new IisLogRun(plain, extended, found, run.logins().size(), ok, byClient);
    } finally {
      run.cluster().close();
    }
  }

  /** Each node's log with IIS's default fields, by node name. */
  public Map<String, Path> defaultLogs() {
    return defaultLogs;
  }

  /** Each node's {@code _x} log (REMOTE_PORT, X-Forwarded-For, s-computername), by node name. */
  public Map<String, Path> extendedLogs() {
    return extendedLogs;
  }

  /** What {@code node}'s filter counted of {@code type} in this run (exact). */
  public long findings(String node, FindingType type) {
    return findings.get(node).get(type);
  }

  /**
   * The splits (across nodes or connections) the filters found, by end client (the address the
   * balancer's {@code X-Forwarded-For} names), from the findings the nodes keep (the last 200
   * each).
   */
  public Map<String, Long> splitsByClient() {
    return splitsByClient;
  }

  /** The logins the demo's clients made. */
  public long logins() {
    return logins;
  }

  /** The logins that ended in success. */
  public long loginsOk() {
    return loginsOk;
  }

  private static Path write(
      List<AccessLog.Entry> entries, W3cAccessLog.Fields fields, Path folder, String date, String x)
      throws IOException {
    Files.createDirectories(folder);
    Path file = folder.resolve("u_ex" + date + x + ".log");
    try (Writer w = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
      W3cAccessLog.write(entries, fields, w);
    }
    return file;
  }
}
