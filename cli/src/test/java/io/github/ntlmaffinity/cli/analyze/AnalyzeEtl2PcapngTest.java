package io.github.ntlmaffinity.cli.analyze;

import static io.github.ntlmaffinity.cli.analyze.AnalyzeCaptureTest.analyze;
import static io.github.ntlmaffinity.cli.analyze.AnalyzeCaptureTest.assertSplitsMatch;
import static io.github.ntlmaffinity.cli.analyze.AnalyzeCaptureTest.exec;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/**
 * A pcapng file laid out as Microsoft's {@code etl2pcapng} writes one ({@link Etl2PcapngLayout}:
 * constructed from the real round-robin capture, since the tool runs on Windows only and no real
 * output of it could be found to check in): {@code analyze} must find the same handshakes as in the
 * capture it was made from.
 */
class AnalyzeEtl2PcapngTest {

  @Test
  void etl2pcapngLayoutGivesTheSameHandshakes() throws Exception {
    Captures.Run rr = Captures.roundRobin();
    Path file = Captures.dir().resolve("rr-etl2pcapng-layout.pcapng");
    Etl2PcapngLayout.write(file, PcapRecords.read(rr.lo()).records);
    if (Tcpdump.onPath("tshark")) {
      exec("tshark", "-r", file.toString(), "-q"); // Wireshark reads the layout as valid pcapng
    }
    JsonNode report = analyze(1, file.toString());
    assertThat(report.at("/sources/0/format").asText()).isEqualTo("pcapng");
    assertThat(report.at("/sources/0/partial").asBoolean()).isFalse();
    assertSplitsMatch(report, rr);
    assertThat(report.at("/handshakes"))
        .isEqualTo(analyze(1, rr.lo().toString()).at("/handshakes"));
    assertThat(report.at("/notes").toString()).doesNotContain("unsupported link type");
  }
}
