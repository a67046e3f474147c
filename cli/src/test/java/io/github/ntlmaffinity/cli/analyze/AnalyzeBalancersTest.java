package io.github.ntlmaffinity.cli.analyze;

import static io.github.ntlmaffinity.cli.analyze.AnalyzeCaptureTest.analyze;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.github.ntlmaffinity.FindingType;
import io.github.ntlmaffinity.examples.LoadBalancer;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Real balancers (nginx round-robin with upstream keepalive, HAProxy round-robin in its default
 * keep-alive mode) in front of the example nodes, the backend side captured by tcpdump: {@code
 * analyze} must find the splits the nodes' filters found.
 */
class AnalyzeBalancersTest {
  private static final int LOGINS = 6;

  @Test
  void nginxRoundRobinWithKeepaliveSplitsAsTheFiltersSaw() throws Exception {
    JsonNode report = run("nginx", "nginx-keepalive.conf", 1);
    assertThat(report.at("/summary/broken").asLong()).isPositive();
  }

  @Test
  void haproxyKeepsHandshakesWhole() throws Exception {
    JsonNode report = run("haproxy", "haproxy-roundrobin.cfg", 0);
    assertThat(report.at("/summary/broken").asLong()).isZero();
    assertThat(report.at("/summary/handshakes").asLong()).isEqualTo(LOGINS);
  }

  private static JsonNode run(String kind, String config, int exit) throws Exception {
    assumeTrue(Tcpdump.available(), "tcpdump is not installed");
    try (ClusterTraffic cluster = new ClusterTraffic(LoadBalancer.Mode.STICKY)) {
      Path file = Captures.dir().resolve(kind + "-backend.pcap");
      String filter = "tcp port " + cluster.portA() + " or tcp port " + cluster.portB();
      try (Tcpdump t = Tcpdump.start(file, List.of("-i", "lo"), filter)) {
        Captures.awaitCapturing(List.of(file), cluster.portA());
        try (RealBalancer b =
            kind.equals("nginx")
                ? RealBalancer.nginx(config, cluster.portA(), cluster.portB())
                : RealBalancer.haproxy(config, cluster.portA(), cluster.portB())) {
          cluster.logins(LOGINS, new InetSocketAddress("127.0.0.1", b.port()));
        }
        cluster.settle();
        t.stop();
      }
      JsonNode report = analyze(exit, file.toString());
      JsonNode byType = report.at("/summary/findingsByType");
      assertThat(byType.path("HANDSHAKE_SPLIT_ACROSS_NODES").asLong())
          .as("%.2000s", report)
          .isEqualTo(cluster.found(FindingType.HANDSHAKE_SPLIT_ACROSS_NODES));
      assertThat(byType.path("HANDSHAKE_SPLIT_ACROSS_CONNECTIONS").asLong())
          .isEqualTo(cluster.found(FindingType.HANDSHAKE_SPLIT_ACROSS_CONNECTIONS));
      return report;
    }
  }
}
