package io.github.ntlmaffinity.cli.analyze.har;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.ntlmaffinity.Balancer;
import io.github.ntlmaffinity.FindingType;
import io.github.ntlmaffinity.cli.analyze.report.AnalysisReport;
import io.github.ntlmaffinity.cli.analyze.report.HtmlReport;
import io.github.ntlmaffinity.cli.analyze.report.JsonReport;
import io.github.ntlmaffinity.cli.analyze.report.TextReport;
import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * HAR samples in Chromium's and Firefox's export layouts, built from NTLM messages captured from
 * real clients (see {@code src/test/resources/har/make-samples.py}).
 */
class HarReportTest {

  static HarReport analyze(String resource) throws Exception {
    try (InputStream in = HarReportTest.class.getResourceAsStream("/har/" + resource)) {
      return HarReport.analyze(resource, in, Balancer.GENERIC);
    }
  }

  @Test
  void chromiumExportShowsWhoBrokeEachHandshake() throws Exception {
    HarReport r = analyze("chromium-ntlm.har");

    assertThat(r.partial()).isFalse();
    assertThat(r.analysis().connectionIds()).isTrue();
    assertThat(r.analysis().counts())
        .containsOnly(
            // entry 2: refused on the CHALLENGE's own browser connection (the balancer's fault);
            // entries 3-4: the browser itself changed connection (5-6 had to: 5 closed it)
            Map.entry(FindingType.HANDSHAKE_SPLIT_ACROSS_CONNECTIONS, 2L),
            Map.entry(FindingType.CHALLENGE_ON_CLOSING_CONNECTION, 1L),
            Map.entry(FindingType.NTLM_OVER_HTTP2, 1L),
            Map.entry(FindingType.NEGOTIATE_FELL_BACK_TO_NTLM, 1L));
    List<HarFinding> splits =
        r.analysis().findings().stream()
            .filter(f -> f.type() == FindingType.HANDSHAKE_SPLIT_ACROSS_CONNECTIONS)
            .toList();
    HarFinding balancer = splits.get(0);
    assertThat(balancer.entries()).containsExactly(1, 2);
    assertThat(balancer.explanation())
        .contains("NODE-A", "same browser connection 101", "refused with 401");
    assertThat(balancer.advice())
        .isEqualTo(FindingType.HANDSHAKE_SPLIT_ACROSS_CONNECTIONS.advice(Balancer.GENERIC));
    HarFinding client = splits.get(1);
    assertThat(client.entries()).containsExactly(3, 4);
    assertThat(client.explanation()).contains("connection 103", "connection 102", "client side");
    assertThat(client.advice()).isEqualTo(HarAnalysis.CLIENT_SIDE_ADVICE);
    assertThat(r.analysis().findings())
        .filteredOn(f -> f.type() == FindingType.NEGOTIATE_FELL_BACK_TO_NTLM)
        .singleElement()
        .satisfies(f -> assertThat(f.explanation()).contains("HTTP/portal.example.test"));
  }

  @Test
  void firefoxExportHasNoConnectionIdsAndSaysWhatCannotBeTold() throws Exception {
    HarReport r = analyze("firefox-ntlm.har");

    assertThat(r.analysis().connectionIds()).isFalse();
    HarFinding f = r.analysis().findings().get(0);
    assertThat(f.type()).isEqualTo(FindingType.HANDSHAKE_SPLIT_ACROSS_CONNECTIONS);
    assertThat(f.exact()).isFalse();
    assertThat(f.explanation()).contains("no connection ids", "NODE-A");
    assertThat(r.notes()).anyMatch(n -> n.contains("cannot be told"));
  }

  @Test
  void reportsNeverReprintTokensOrCookiesAndSaySo() throws Exception {
    AnalysisReport report =
        HarSource.analyze(
            List.of(Path.of(HarReportTest.class.getResource("/har/chromium-ntlm.har").toURI())),
            Map.of());
    StringBuilder text = new StringBuilder();
    TextReport.write(report, text);
    StringBuilder json = new StringBuilder();
    JsonReport.write(report, json);
    StringBuilder html = new StringBuilder();
    HtmlReport.write(report, html);

    for (StringBuilder out : List.of(text, json, html)) {
      assertThat(out.toString()).doesNotContain("TlRMTVNTUA", "do-not-print-me", "oYI", "YEgG");
    }
    assertThat(text.toString()).contains(HarReport.NO_SECRETS);
    JsonNode tree = new ObjectMapper().readTree(json.toString());
    assertThat(tree.toString()).contains("NTLM_OVER_HTTP2");
  }

  /**
   * What a HAR saved from Chromium holds for a refused NTLM login: Chromium's DevTools (measured
   * with Debian's Chromium 156 over the DevTools protocol against the demo acceptor) shows the
   * login as one request with its final response, no intermediate 401 and no token.
   */
  @Test
  void aChromiumHarWithoutTokensSaysWhatCannotBeTold() throws Exception {
    HarReport r = analyze("chromium-final-401.har");

    assertThat(r.analysis().counts()).isEmpty();
    assertThat(r.notes())
        .anyMatch(
            n ->
                n.contains("http://intranet.example.test:80 answered 1 request(s)")
                    && n.contains("cannot be told from this HAR"));
  }

  @Test
  void jsonThatIsNotAHarIsRefusedClearly() {
    assertThatThrownBy(() -> read("{\"foo\": [1, 2, 3]}"))
        .isInstanceOf(HarReader.NotHarException.class)
        .hasMessageContaining("no top-level \"log\"");
    assertThatThrownBy(() -> read("[1, 2]"))
        .isInstanceOf(HarReader.NotHarException.class)
        .hasMessageContaining("not a JSON object");
    assertThatThrownBy(() -> read("#Software: Microsoft Internet Information Services 10.0"))
        .isInstanceOf(HarReader.NotHarException.class)
        .hasMessageContaining("not JSON");
  }

  @Test
  void aHarThatBreaksOffKeepsTheEntriesBeforeAndIsMarkedPartial() throws Exception {
    byte[] whole;
    try (InputStream in = HarReportTest.class.getResourceAsStream("/har/chromium-ntlm.har")) {
      whole = in.readAllBytes();
    }
    String text = new String(whole, StandardCharsets.UTF_8);
    int cut = text.indexOf("\"startedDateTime\": \"2026-11-30T09:00:02.100Z\"");
    HarReader.HarFile har = read(text.substring(0, cut));

    assertThat(har.partial()).contains("breaks off after 4 entries");
    assertThat(har.entries()).hasSize(4);
  }

  @Test
  void aHugeBodyIsSkippedWithoutLimitsAndLoopsAreFound() throws Exception {
    String big = "x".repeat(3 * 1024 * 1024);
    StringBuilder b =
        new StringBuilder("{\"log\":{\"creator\":{\"name\":\"WebInspector\"},\"entries\":[");
    // the same refused AUTHENTICATE three times, each with a huge body
    String type3 = curlType3();
    for (int i = 0; i < 3; i++) {
      b.append(i == 0 ? "" : ",")
          .append("{\"startedDateTime\":\"2026-11-30T09:00:0")
          .append(i)
          .append(".000Z\",\"connection\":\"7\",\"request\":{\"method\":\"GET\",\"url\":")
          .append("\"https://a.example.test/\",\"httpVersion\":\"HTTP/1.1\",\"headers\":[")
          .append("{\"name\":\"Authorization\",\"value\":\"")
          .append(type3)
          .append("\"}]},\"response\":{\"status\":401,\"httpVersion\":\"HTTP/1.1\",\"headers\":[],")
          .append("\"content\":{\"text\":\"")
          .append(big)
          .append("\"}}}");
    }
    b.append("]}}");
    HarReport r =
        HarReport.analyze(
            "big.har",
            new ByteArrayInputStream(b.toString().getBytes(StandardCharsets.UTF_8)),
            Balancer.NGINX);

    assertThat(r.partial()).isFalse();
    assertThat(r.count(FindingType.REPEATED_HANDSHAKES)).isEqualTo(1);
    assertThat(r.count(FindingType.UNMATCHED_AUTHENTICATE)).isEqualTo(3);
  }

  static String curlType3() throws Exception {
    try (InputStream in = HarReportTest.class.getResourceAsStream("/har/chromium-ntlm.har")) {
      JsonNode tree = new ObjectMapper().readTree(in);
      return tree.at("/log/entries/2/request/headers/3/value").asText();
    }
  }

  private static HarReader.HarFile read(String s) throws Exception {
    return HarReader.read(new ByteArrayInputStream(s.getBytes(StandardCharsets.UTF_8)));
  }
}
