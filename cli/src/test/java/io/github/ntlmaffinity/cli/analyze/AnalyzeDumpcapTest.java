package io.github.ntlmaffinity.cli.analyze;

import static io.github.ntlmaffinity.cli.analyze.AnalyzeCaptureTest.analyze;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.github.ntlmaffinity.FindingType;
import io.github.ntlmaffinity.examples.LoadBalancer;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * The example cluster's round-robin traffic captured by Wireshark's own {@code dumpcap} (pcapng:
 * SHB and IDB with their options, EPBs, ISBs at the end), on {@code lo} alone and on {@code lo} and
 * {@code any} at once (two interfaces, every packet twice): {@code analyze} must find what the
 * nodes' filters found.
 */
class AnalyzeDumpcapTest {
  private static final int LOGINS = 6;

  @Test
  void dumpcapOnLoopbackFindsWhatTheFiltersFound() throws Exception {
    Set<Integer> blocks = captureAndCompare("dumpcap-lo.pcapng", List.of("lo"));
    assertThat(blocks).as("SHB, IDB, EPB, ISB").contains(0x0a0d0d0a, 1, 6, 5);
  }

  @Test
  void dumpcapOnTwoInterfacesFindsWhatTheFiltersFound() throws Exception {
    captureAndCompare("dumpcap-lo-any.pcapng", List.of("lo", "any"));
  }

  /** Captures a round-robin run with dumpcap, compares; returns the file's block types. */
  private static Set<Integer> captureAndCompare(String name, List<String> interfaces)
      throws Exception {
    assumeTrue(Tcpdump.onPath("dumpcap"), "dumpcap is not installed");
    Path file = Captures.dir().resolve(name);
    try (ClusterTraffic cluster = new ClusterTraffic(LoadBalancer.Mode.ROUND_ROBIN)) {
      String filter = "tcp port " + cluster.portA() + " or tcp port " + cluster.portB();
      String said;
      try (Tcpdump d =
          Tcpdump.dumpcap(
              file, interfaces, filter, List.of("--capture-comment", "analyze dumpcap test"))) {
        if (interfaces.size() > 1) {
          awaitEveryInterface(file, interfaces.size(), cluster.portA());
        }
        cluster.logins(LOGINS);
        cluster.drain();
        Thread.sleep(500);
        d.stop();
        said = d.said();
      }
      JsonNode report = analyze(1, file.toString());
      assertThat(report.at("/sources/0/format").asText()).isEqualTo("pcapng");
      JsonNode byType = report.at("/summary/findingsByType");
      for (FindingType type :
          List.of(
              FindingType.HANDSHAKE_SPLIT_ACROSS_NODES,
              FindingType.HANDSHAKE_SPLIT_ACROSS_CONNECTIONS,
              FindingType.CHALLENGE_ABANDONED)) {
        assertThat(byType.path(type.name()).asLong())
            .as("%s; dumpcap: %s; report %.2000s", type, said, report)
            .isEqualTo(cluster.found(type));
      }
      assertThat(cluster.found(FindingType.HANDSHAKE_SPLIT_ACROSS_NODES)).isPositive();
      assertThat(report.at("/summary/handshakes").asLong()).isEqualTo(LOGINS);
    }
    return blockTypes(file);
  }

  /**
   * Connects to {@code port} until each interface's packets are in the file: dumpcap says it
   * captures a moment before it sees every interface's packets (with several interfaces it writes
   * each packet out at once).
   */
  private static void awaitEveryInterface(Path file, int interfaces, int port) throws Exception {
    for (int round = 0; round < 100; round++) {
      try (java.net.Socket s = new java.net.Socket("127.0.0.1", port)) {
        s.getOutputStream().flush();
      }
      Thread.sleep(100);
      ByteBuffer b = ByteBuffer.wrap(Files.readAllBytes(file)).order(ByteOrder.nativeOrder());
      Set<Integer> seen = new LinkedHashSet<>();
      int at = 0;
      while (at + 12 <= b.limit() && b.getInt(at + 4) >= 12 && at + b.getInt(at + 4) <= b.limit()) {
        if (b.getInt(at) == 6) {
          seen.add(b.getInt(at + 8));
        }
        at += b.getInt(at + 4);
      }
      if (seen.size() == interfaces) {
        return;
      }
    }
    throw new IllegalStateException("dumpcap captured nothing on some interface in 10 s");
  }

  /** The block types of a pcapng file, in the byte order its first section gives. */
  static Set<Integer> blockTypes(Path file) throws Exception {
    ByteBuffer b = ByteBuffer.wrap(Files.readAllBytes(file));
    b.order(b.getInt(8) == 0x1a2b3c4d ? ByteOrder.BIG_ENDIAN : ByteOrder.LITTLE_ENDIAN);
    Set<Integer> types = new LinkedHashSet<>();
    int at = 0;
    while (at + 12 <= b.limit()) {
      types.add(b.getInt(at));
      at += b.getInt(at + 4);
    }
    return types;
  }
}
