package io.github.ntlmaffinity.cli.analyze;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.ntlmaffinity.FindingType;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * {@code analyze} on real captures ({@link Captures}): the split handshakes it finds must equal
 * what the nodes' own filters found, in every capture format.
 */
class AnalyzeCaptureTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  @Test
  void roundRobinSplitsAsTheFiltersSaw() throws Exception {
    Captures.Run rr = Captures.roundRobin();
    JsonNode report = analyze(1, rr.lo().toString());
    assertThat(rr.splitNodes() + rr.splitConnections()).isPositive();
    assertSplitsMatch(report, rr);
    assertThat(report.at("/summary/broken").asLong()).isPositive();
    JsonNode first = report.at("/handshakes/0");
    assertThat(first.at("/legs/1/message").asText()).isEqualTo("CHALLENGE");
    assertThat(first.at("/legs/2/misplaced").asBoolean()).isTrue();
    assertThat(first.at("/legs/2/issuer").asText()).isEqualTo(first.at("/legs/1/issuer").asText());
    // Its split finding says when the CHALLENGE it answers was issued: by that CHALLENGE's packet,
    // or by the time the node wrote into it, which the capture shows within a second.
    Instant challenge = Instant.parse(first.at("/legs/1/time").asText());
    JsonNode split = first.at("/findings/0");
    assertThat(split.at("/type").asText()).startsWith("HANDSHAKE_SPLIT_ACROSS_");
    Instant issued = Instant.parse(split.at("/challengeIssued").asText());
    assertThat(Duration.between(challenge, issued).abs()).isLessThan(Duration.ofSeconds(1));
  }

  @Test
  void stickyIsHealthy() throws Exception {
    Captures.Run st = Captures.sticky();
    JsonNode report = analyze(0, st.lo().toString());
    assertSplitsMatch(report, st);
    assertThat(report.at("/summary/broken").asLong()).isZero();
    assertThat(report.at("/summary/handshakes").asLong()).isEqualTo(Captures.LOGINS);
  }

  @Test
  void cookedV2NanosecondCaptureGivesTheSameSplits() throws Exception {
    Captures.Run rr = Captures.roundRobin();
    JsonNode report = analyze(1, rr.sll2Nano().toString());
    assertSplitsMatch(report, rr);
    assertThat(report.at("/sources/0/format").asText()).contains("nanosecond");
  }

  @Test
  void cookedV1CaptureGivesTheSameSplits() throws Exception {
    Captures.Run rr = Captures.roundRobin();
    assertSplitsMatch(analyze(1, rr.sll().toString()), rr);
  }

  @Test
  void pcapngGivesTheSameSplits() throws Exception {
    assumeTrue(Tcpdump.onPath("editcap"), "editcap is not installed");
    Captures.Run rr = Captures.roundRobin();
    Path ng = Captures.dir().resolve("rr.pcapng");
    exec("editcap", "-F", "pcapng", rr.lo().toString(), ng.toString());
    JsonNode report = analyze(1, ng.toString());
    assertThat(report.at("/sources/0/format").asText()).isEqualTo("pcapng");
    assertSplitsMatch(report, rr);
  }

  @Test
  void pcapngWithSeveralSectionsAndNanosecondInterfaces() throws Exception {
    assumeTrue(Tcpdump.onPath("editcap"), "editcap is not installed");
    Captures.Run rr = Captures.roundRobin();
    Captures.Run st = Captures.sticky();
    Path a = Captures.dir().resolve("rr-nano.pcapng");
    Path b = Captures.dir().resolve("st-sections.pcapng");
    exec("editcap", "-F", "pcapng", rr.sll2Nano().toString(), a.toString());
    exec("editcap", "-F", "pcapng", st.lo().toString(), b.toString());
    // A pcapng file may hold several sections, each with its own interfaces: concatenate two.
    Path both = Captures.dir().resolve("sections.pcapng");
    boolean rrFirst =
        Files.getLastModifiedTime(rr.lo()).compareTo(Files.getLastModifiedTime(st.lo())) < 0;
    Files.write(both, Files.readAllBytes(rrFirst ? a : b));
    Files.write(both, Files.readAllBytes(rrFirst ? b : a), java.nio.file.StandardOpenOption.APPEND);
    JsonNode report = analyze(1, both.toString());
    assertSplitsMatch(report, rr);
    assertThat(report.at("/summary/handshakes").asLong()).isEqualTo(2L * Captures.LOGINS);
    assertThat(report.at("/summary/servers").size()).isEqualTo(4);
  }

  @Test
  void otherLinkLayersGiveTheSameSplits() throws Exception {
    Captures.Run rr = Captures.roundRobin();
    PcapRecords pcap = PcapRecords.read(rr.lo());
    // The real frames under other link-layer headers: QinQ-tagged Ethernet, BSD null (host
    // order), OpenBSD loop (network order), raw IP.
    Map<String, Object[]> variants =
        Map.of(
            "qinq",
            new Object[] {
              1,
              (java.util.function.Function<byte[], byte[]>)
                  d -> {
                    byte[] h = new byte[22];
                    System.arraycopy(d, 0, h, 0, 12);
                    byte[] tags = {(byte) 0x88, (byte) 0xa8, 0, 10, (byte) 0x81, 0, 0, 20, 8, 0};
                    System.arraycopy(tags, 0, h, 12, 10);
                    return h;
                  }
            },
            "null",
            new Object[] {0, fixed(2, 0, 0, 0)},
            "loop",
            new Object[] {108, fixed(0, 0, 0, 2)},
            "raw",
            new Object[] {101, fixed()});
    for (Map.Entry<String, Object[]> v : variants.entrySet()) {
      Path file = Captures.dir().resolve("rr-" + v.getKey() + ".pcap");
      @SuppressWarnings("unchecked")
      java.util.function.Function<byte[], byte[]> prefix =
          (java.util.function.Function<byte[], byte[]>) v.getValue()[1];
      pcap.withLinkType((Integer) v.getValue()[0])
          .write(file, PcapRecords.relinked(pcap.records, prefix));
      assertSplitsMatch(analyze(1, file.toString()), rr);
    }
  }

  private static java.util.function.Function<byte[], byte[]> fixed(int... bytes) {
    byte[] b = new byte[bytes.length];
    for (int i = 0; i < bytes.length; i++) {
      b[i] = (byte) bytes[i];
    }
    return d -> b;
  }

  @Test
  void bigEndianPcapngGivesTheSameSplits() throws Exception {
    assumeTrue(Tcpdump.onPath("editcap"), "editcap is not installed");
    Captures.Run rr = Captures.roundRobin();
    Path le = Captures.dir().resolve("rr-le.pcapng");
    exec("editcap", "-F", "pcapng", rr.sll2Nano().toString(), le.toString());
    Path be = Captures.dir().resolve("rr-be.pcapng");
    Files.write(be, BigEndianPcapng.swap(Files.readAllBytes(le)));
    assertThat(Files.readAllBytes(be)[8]).isEqualTo((byte) 0x1a);
    if (Tcpdump.onPath("tshark")) {
      exec("tshark", "-r", be.toString()); // Wireshark's reader takes the rewritten file too
    }
    JsonNode report = analyze(1, be.toString());
    assertThat(report.at("/sources/0/partial").asBoolean()).isFalse();
    assertSplitsMatch(report, rr);
  }

  @Test
  void filesSplitPerServerAreMergedByTime() throws Exception {
    assumeTrue(Tcpdump.onPath("editcap"), "editcap is not installed");
    Captures.Run rr = Captures.roundRobin();
    JsonNode whole = analyze(1, rr.lo().toString());
    String serverA = whole.at("/summary/servers/0/server").asText();
    String portA = serverA.substring(serverA.lastIndexOf(':') + 1);
    Path a = Captures.dir().resolve("rr-a.pcapng");
    Path b = Captures.dir().resolve("rr-b.pcap");
    exec(
        "tshark",
        "-r",
        rr.lo().toString(),
        "-Y",
        "tcp.port==" + portA,
        "-F",
        "pcapng",
        "-w",
        a.toString());
    exec(
        "tshark",
        "-r",
        rr.lo().toString(),
        "-Y",
        "!(tcp.port==" + portA + ")",
        "-F",
        "pcap",
        "-w",
        b.toString());
    JsonNode merged = analyze(1, b.toString(), a.toString());
    assertSplitsMatch(merged, rr);
    assertThat(merged.at("/sources").size()).isEqualTo(2);
  }

  @Test
  void clientSideOfTheBalancerIsRecognised() throws Exception {
    Captures.Run rr = Captures.roundRobin();
    JsonNode report = analyze(2, rr.front().toString());
    assertThat(report.at("/notes").toString()).contains("client side");
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

  static void assertSplitsMatch(JsonNode report, Captures.Run run) {
    JsonNode byType = report.at("/summary/findingsByType");
    assertThat(byType.path(FindingType.HANDSHAKE_SPLIT_ACROSS_NODES.name()).asLong())
        .as(
            "split across nodes; tcpdump: %s; notes %s; report %.1500s",
            run.tcpdump(), report.at("/notes"), report)
        .isEqualTo(run.splitNodes());
    assertThat(byType.path(FindingType.HANDSHAKE_SPLIT_ACROSS_CONNECTIONS.name()).asLong())
        .as("split across connections; report %.3000s", report)
        .isEqualTo(run.splitConnections());
  }

  static void exec(String... command) throws Exception {
    Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
    assertThat(p.exitValue()).as(out).isZero();
  }
}
