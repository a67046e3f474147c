package io.github.ntlmaffinity.cli.analyze.report;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.ntlmaffinity.ConnectionInfo;
import io.github.ntlmaffinity.Finding;
import io.github.ntlmaffinity.FindingType;
import io.github.ntlmaffinity.cli.analyze.report.AnalysisReport.HandshakeReport;
import io.github.ntlmaffinity.cli.analyze.report.AnalysisReport.Leg;
import io.github.ntlmaffinity.cli.analyze.report.AnalysisReport.Level;
import io.github.ntlmaffinity.cli.analyze.report.AnalysisReport.Note;
import io.github.ntlmaffinity.cli.analyze.report.AnalysisReport.ServerSummary;
import io.github.ntlmaffinity.cli.analyze.report.AnalysisReport.Source;
import io.github.ntlmaffinity.cli.analyze.report.AnalysisReport.Summary;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The writers escape what came from the input for their medium and keep the report's facts. */
class AnalysisReportWritersTest {
  private static final String HOSTILE = "ev\u202eil<script>alert(1)</script>\u001b[2J\u200b\"'&";

  @Test
  void textEscapesControlAndBidiCharacters() throws Exception {
    StringBuilder out = new StringBuilder();
    TextReport.write(report(), out);
    String text = out.toString();
    assertThat(text).contains("ev\\u202eil<script>").contains("\\u001b[2J").contains("\\u200b");
    assertThat(text).doesNotContain("\u202e").doesNotContain("\u001b").doesNotContain("\u200b");
    assertThat(text).contains(">> ").contains("answers issuer NODE-B (10.0.0.2:80)");
    assertThat(text).contains("advice: give each client connection its own backend connection");
  }

  @Test
  void htmlIsSelfContainedEscapedAndHighlightsTheMisplacedLeg() throws Exception {
    StringBuilder out = new StringBuilder();
    HtmlReport.write(report(), out);
    String html = out.toString();
    assertThat(html).doesNotContain("<script").doesNotContain("\u202e").doesNotContain("\u001b");
    assertThat(html).contains("ev\\u202eil&lt;script&gt;").contains("&quot;&#39;&amp;");
    assertThat(html.replace("xmlns=\"http://www.w3.org/2000/svg\"", ""))
        .doesNotContain("http:")
        .doesNotContain("https:")
        .doesNotContain(" src=")
        .doesNotContain("<link");
    assertThat(html).contains("<svg").contains("class=\"leg misplaced\"");
    assertThat(html).contains("class=\"link broken\"").contains("name=\"viewport\"");
  }

  @Test
  void jsonKeepsTheFactsAndEscapesControlCharacters() throws Exception {
    StringBuilder out = new StringBuilder();
    JsonReport.write(report(), out);
    assertThat(out.toString()).doesNotContain("\u001b").doesNotContain("\u202e");
    JsonNode json = new ObjectMapper().readTree(out.toString());
    assertThat(json.at("/summary/broken").asLong()).isEqualTo(1);
    assertThat(json.at("/handshakes/0/user").asText()).isEqualTo(HOSTILE);
    assertThat(json.at("/handshakes/0/legs/2/misplaced").asBoolean()).isTrue();
    assertThat(json.at("/handshakes/0/findings/0/type").asText())
        .isEqualTo("HANDSHAKE_SPLIT_ACROSS_NODES");
    assertThat(json.at("/notes/0/level").asText()).isEqualTo("PARTIAL");
  }

  private static AnalysisReport report() {
    Instant t = Instant.parse("2026-12-05T10:00:00Z");
    ConnectionInfo c = new ConnectionInfo(null, "10.0.0.1", 80, "10.0.0.9", 40000, "HTTP/1.1");
    Finding split =
        new Finding(
            FindingType.HANDSHAKE_SPLIT_ACROSS_NODES,
            t.plusMillis(20),
            "10.0.0.1:80",
            "h1",
            c,
            null,
            "NODE-B",
            null,
            HOSTILE,
            "D",
            "WS",
            "AUTHENTICATE for " + HOSTILE + " answers a CHALLENGE issued by NODE-B",
            "give each client connection its own backend connection");
    List<Leg> legs =
        List.of(
            new Leg(t, "10.0.0.9:40001", "10.0.0.2:80", "NEGOTIATE", 401, null, false, false),
            new Leg(
                t.plusMillis(1),
                "10.0.0.9:40001",
                "10.0.0.2:80",
                "CHALLENGE",
                401,
                "NODE-B",
                false,
                false),
            new Leg(
                t.plusMillis(20),
                "10.0.0.9:40000",
                "10.0.0.1:80",
                "AUTHENTICATE",
                401,
                "NODE-B",
                true,
                false));
    return new AnalysisReport(
        List.of(new Source("cap<1>.pcap", "pcap", 100, 10, "packets", false, List.of())),
        new Summary(
            1,
            1,
            Map.of(FindingType.HANDSHAKE_SPLIT_ACROSS_NODES, 1L),
            List.of(
                new ServerSummary("10.0.0.1:80", List.of("NODE-A"), 1, 1, 1),
                new ServerSummary("10.0.0.2:80", List.of("NODE-B"), 1, 1, 0)),
            t,
            t.plusMillis(20),
            0),
        List.of(new HandshakeReport(1, true, "failed", HOSTILE, legs, List.of(split))),
        List.of(),
        List.of(new Note(Level.PARTIAL, "partial: " + HOSTILE)));
  }
}
