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
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Affinity cookies read from a real capture: the example cluster's round-robin balancer with pooled
 * backend connections, its clients each carrying an opaque per-client affinity cookie (as AWS ALB's
 * {@code AWSALB} is), the backend side captured by tcpdump. The nodes' filters (set up with {@code
 * affinityCookies=SRV}) tell the clients apart by the cookie; {@code analyze --setting
 * affinityCookies=SRV} must find the same, and no cookie value may reach any output.
 */
class AnalyzeCookiesTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final int LOGINS = 6;

  @Test
  void clientsAreToldApartByTheAffinityCookieAsTheFiltersDid() throws Exception {
    assumeTrue(Tcpdump.available(), "tcpdump is not installed");
    List<String> values = new ArrayList<>();
    SecureRandom random = new SecureRandom();
    for (int i = 0; i < LOGINS; i++) {
      byte[] b = new byte[12];
      random.nextBytes(b);
      values.add("Zq" + HexFormat.of().formatHex(b));
    }
    try (ClusterTraffic cluster = new ClusterTraffic(LoadBalancer.Mode.ROUND_ROBIN)) {
      Path file = Captures.dir().resolve("cookies.pcap");
      String filter = "tcp port " + cluster.portA() + " or tcp port " + cluster.portB();
      try (Tcpdump t = Tcpdump.start(file, List.of("-i", "lo"), filter)) {
        Captures.awaitCapturing(List.of(file), cluster.portA());
        cluster.logins(
            LOGINS,
            new java.net.InetSocketAddress("127.0.0.1", cluster.balancerPort()),
            i -> "theme=dark; SRV=" + values.get(i) + "; JSESSIONID=" + values.get(i) + "s");
        cluster.drain();
        Thread.sleep(300);
        t.stop();
      }
      assertThat(new String(Files.readAllBytes(file), StandardCharsets.ISO_8859_1))
          .as("the capture carries the cookies")
          .contains("SRV=" + values.get(0));
      JsonNode report = JSON.readTree(run(file, 1, "--json", "--setting", "affinityCookies=SRV"));
      JsonNode byType = report.at("/summary/findingsByType");
      for (FindingType type : FindingType.values()) {
        assertThat(byType.path(type.name()).asLong())
            .as("%s; report %.3000s", type, report)
            .isEqualTo(cluster.found(type));
      }
      assertThat(cluster.found(FindingType.CONNECTION_SHARED_BY_CLIENTS))
          .as("the nodes told the clients apart by their cookie")
          .isPositive();
      // The same clients, told apart by the same keyed fingerprints (one key per process).
      List<String> clients = new ArrayList<>();
      for (JsonNode f : report.findParents("type")) {
        if (f.path("type").asText().equals(FindingType.CONNECTION_SHARED_BY_CLIENTS.name())) {
          clients.add(f.path("client").asText());
        }
      }
      clients.sort(null);
      assertThat(clients)
          .isEqualTo(cluster.clients(FindingType.CONNECTION_SHARED_BY_CLIENTS))
          .allMatch(c -> c.matches("127\\.0\\.0\\.1 \\(SRV=#[0-9a-f]{12}\\)"));

      // Without the setting the clients look alike: another connection's request is no sharing.
      JsonNode blind = JSON.readTree(run(file, 1, "--json"));
      assertThat(blind.at("/summary/findingsByType/CONNECTION_SHARED_BY_CLIENTS").asLong())
          .isZero();

      Path html = Captures.dir().resolve("cookies.html");
      String outputs =
          report
              + run(file, 1, "--setting", "affinityCookies=SRV,JSESSIONID,theme")
              + run(
                  file, 1, "--setting", "affinityCookies=SRV,JSESSIONID", "--html", html.toString())
              + Files.readString(html);
      for (String v : values) {
        assertThat(outputs).doesNotContain(v);
      }
      assertThat(outputs).doesNotContain("dark");
    }
  }

  /** {@code analyze FILE ARGS...}: what it printed, after checking its exit code. */
  private static String run(Path file, int exit, String... args) throws Exception {
    List<String> a = new ArrayList<>(List.of(file.toString()));
    a.addAll(List.of(args));
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    int code =
        AnalyzeCommand.run(
            a.toArray(new String[0]), new ByteArrayInputStream(new byte[0]), out, err);
    String printed = out.toString(StandardCharsets.UTF_8) + err.toString(StandardCharsets.UTF_8);
    assertThat(code).as(printed).isEqualTo(exit);
    return printed;
  }
}
