package io.github.ntlmaffinity.cli.analyze;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.ntlmaffinity.FindingType;
import io.github.ntlmaffinity.examples.LoadBalancer;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code analyze} on real captures: the example cluster's nodes behind its balancer in round-robin
 * (breaks NTLM) and sticky (keeps it) modes, captured by tcpdump on loopback in several formats at
 * once; the split handshakes {@code analyze} finds must equal what the nodes' own filters found.
 */
class AnalyzeCaptureTest {
  private static final int LOGINS = 6;
  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir static Path dir;

  static Run roundRobin;
  static Run sticky;

  @BeforeAll
  static void capture() throws Exception {
    assumeTrue(Tcpdump.available(), "tcpdump is not installed");
    roundRobin = run(LoadBalancer.Mode.ROUND_ROBIN, "rr");
    sticky = run(LoadBalancer.Mode.STICKY, "st");
  }

  @Test
  void roundRobinSplitsAsTheFiltersSaw() throws Exception {
    JsonNode report = analyze(1, roundRobin.lo.toString());
    assertThat(roundRobin.splitNodes + roundRobin.splitConnections).isPositive();
    assertSplitsMatch(report, roundRobin);
    assertThat(report.at("/summary/broken").asLong()).isPositive();
  }

  @Test
  void stickyIsHealthy() throws Exception {
    JsonNode report = analyze(0, sticky.lo.toString());
    assertSplitsMatch(report, sticky);
    assertThat(report.at("/summary/broken").asLong()).isZero();
    assertThat(report.at("/summary/handshakes").asLong()).isEqualTo(LOGINS);
  }

  @Test
  void cookedNanosecondCaptureGivesTheSameSplits() throws Exception {
    JsonNode report = analyze(1, roundRobin.anyNano.toString());
    assertSplitsMatch(report, roundRobin);
    assertThat(report.at("/sources/0/format").asText()).contains("nanosecond");
  }

  @Test
  void cookedV1CaptureGivesTheSameSplits() throws Exception {
    assertSplitsMatch(analyze(1, roundRobin.cookedV1.toString()), roundRobin);
  }

  @Test
  void pcapngGivesTheSameSplits() throws Exception {
    assumeTrue(Tcpdump.onPath("editcap"), "editcap is not installed");
    Path ng = dir.resolve("rr.pcapng");
    exec("editcap", "-F", "pcapng", roundRobin.lo.toString(), ng.toString());
    JsonNode report = analyze(1, ng.toString());
    assertThat(report.at("/sources/0/format").asText()).isEqualTo("pcapng");
    assertSplitsMatch(report, roundRobin);
  }

  static JsonNode analyze(int expectedExit, String... files) throws Exception {
    List<String> args = new ArrayList<>(List.of(files));
    args.add("--json");
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    int exit =
        AnalyzeCommand.run(
            args.toArray(new String[0]), new ByteArrayInputStream(new byte[0]), out, err);
    String text = out.toString(StandardCharsets.UTF_8);
    assertThat(exit).as("exit; stderr: %s; out: %.3000s", err, text).isEqualTo(expectedExit);
    return JSON.readTree(text);
  }

  private static void assertSplitsMatch(JsonNode report, Run run) {
    JsonNode byType = report.at("/summary/findingsByType");
    assertThat(byType.path(FindingType.HANDSHAKE_SPLIT_ACROSS_NODES.name()).asLong())
        .as("split across nodes; report %.3000s", report)
        .isEqualTo(run.splitNodes);
    assertThat(byType.path(FindingType.HANDSHAKE_SPLIT_ACROSS_CONNECTIONS.name()).asLong())
        .as("split across connections")
        .isEqualTo(run.splitConnections);
  }

  static void exec(String... command) throws Exception {
    Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
    assertThat(p.exitValue()).as(out).isZero();
  }

  private static Run run(LoadBalancer.Mode mode, String name) throws Exception {
    try (ClusterTraffic cluster = new ClusterTraffic(mode)) {
      String filter = "tcp port " + cluster.portA() + " or tcp port " + cluster.portB();
      Path lo = dir.resolve(name + ".pcap");
      Path anyNano = dir.resolve(name + "-any-nano.pcap");
      Path cooked = dir.resolve(name + "-sll.pcap");
      try (Tcpdump t1 = Tcpdump.start(lo, List.of("-i", "lo"), filter);
          Tcpdump t2 =
              Tcpdump.start(anyNano, List.of("-i", "any", "--time-stamp-precision=nano"), filter);
          Tcpdump t3 = Tcpdump.start(cooked, List.of("-i", "any", "-y", "LINUX_SLL"), filter)) {
        cluster.logins(LOGINS);
        cluster.drain();
        Thread.sleep(500);
        t1.stop();
        t2.stop();
        t3.stop();
      }
      assertThat(Files.size(lo)).isGreaterThan(24);
      return new Run(
          lo,
          anyNano,
          cooked,
          cluster.found(FindingType.HANDSHAKE_SPLIT_ACROSS_NODES),
          cluster.found(FindingType.HANDSHAKE_SPLIT_ACROSS_CONNECTIONS));
    }
  }

  record Run(Path lo, Path anyNano, Path cookedV1, long splitNodes, long splitConnections) {}
}
