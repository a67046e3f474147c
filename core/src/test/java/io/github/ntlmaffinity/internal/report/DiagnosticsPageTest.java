package io.github.ntlmaffinity.internal.report;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.ntlmaffinity.Balancer;
import io.github.ntlmaffinity.ConnectionInfo;
import io.github.ntlmaffinity.Counters;
import io.github.ntlmaffinity.DiagnosticsSnapshot;
import io.github.ntlmaffinity.Finding;
import io.github.ntlmaffinity.FindingType;
import io.github.ntlmaffinity.Handshake;
import io.github.ntlmaffinity.wire.MessageType;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The page from hand-made snapshots: the verdict for each state, findings grouped by pattern, the
 * timeline drawing a cross-node split from what the AUTHENTICATE says, and header-derived text
 * shown as it is: nothing in it can change how the page reads.
 */
public class DiagnosticsPageTest {
  private static final Instant T0 = Instant.parse("2026-12-05T04:06:05Z");

  @Test
  void bidiAndFormatCharactersAreShownByCodePoint() {
    // "challenge from " + RLO + "A-EDON": a browser would render it reversed, as "NODE-A".
    String reversed = "challenge from \u202eA-EDON";

    String html = DiagnosticsPage.esc(reversed);

    assertThat(html).isEqualTo("challenge from [U+202E]A-EDON");
    assertThat(DiagnosticsPage.esc("a\u200bb\u2066c\u2069d\u2028e\u0085f"))
        .isEqualTo("a[U+200B]b[U+2066]c[U+2069]d[U+2028]e[U+0085]f");
  }

  @Test
  void markupAndControlsAreEscapedAndOrdinaryTextKept() {
    assertThat(DiagnosticsPage.esc("<b onclick=\"x\">&'\u0007"))
        .isEqualTo("&lt;b onclick=&quot;x&quot;&gt;&amp;&#39;&#xfffd;");
    assertThat(DiagnosticsPage.esc("Zoë \uD83D\uDE00 \\ node-a"))
        .isEqualTo("Zoë \uD83D\uDE00 \\ node-a");
  }

  @Test
  void withoutNtlmTrafficTheVerdictSaysWhatToCheck() {
    String html = DiagnosticsPage.render(snapshot(List.of(), List.of(), 0, 0), false, 5);

    assertThat(verdict(html))
        .startsWith("<div id=\"verdict\" class=\"verdict idle\">")
        .contains("No NTLM traffic seen yet")
        .contains("mapped on the paths that authenticate")
        .contains("first in the filter chain");
  }

  @Test
  void healthyTrafficReadsAsNoBrokenHandshake() {
    Handshake ok = handshake("node-b-1", conn(50001), 200);

    String html = DiagnosticsPage.render(snapshot(List.of(), List.of(ok), 7, 0), false, 5);

    assertThat(verdict(html))
        .startsWith("<div id=\"verdict\" class=\"verdict ok\">")
        .contains(
            "No broken handshake</b> in 7 handshakes since <time datetime=\"2026-12-05T04:06:05Z\"");
  }

  @Test
  void identicalSplitsMakeOneGroupWithTheAdviceOnceAndTheRestOneClickAway() {
    List<Finding> findings = new ArrayList<>();
    List<Handshake> handshakes = new ArrayList<>();
    for (int i = 0; i < 5; i++) {
      String id = "node-b-" + i;
      handshakes.add(0, handshake(id, conn(50000 + i), 401));
      findings.add(0, nodeSplit(id, "NODE-A", conn(50000 + i), T0.plusSeconds(10 + i)));
    }
    findings.add(0, nodeSplit("node-b-9", "NODE-C", conn(50009), T0.plusSeconds(20)));

    String html = DiagnosticsPage.render(snapshot(findings, handshakes, 23, 6), false, 5);

    assertThat(verdict(html))
        .contains("The balancer splits NTLM handshakes across nodes</b>: 6 of 23 handshakes since")
        .contains("(last 10 s ago, at <time datetime=\"2026-12-05T04:06:25Z\"")
        .contains("<b>Fix:</b> " + DiagnosticsPage.esc(ADVICE));
    assertThat(count(html, "<div class=\"group ERROR\"")).isEqualTo(2);
    assertThat(html)
        .contains("data-type=\"HANDSHAKE_SPLIT_ACROSS_NODES\" data-count=\"5\"")
        .contains("CHALLENGE from NODE-A, AUTHENTICATE to node-b")
        .contains("data-count=\"1\"")
        .containsPattern("<details class=\"more\" id=\"g-[a-z_]+-[0-9a-f]+-more\"><summary>4 more")
        .contains("first <time datetime=\"2026-12-05T04:06:15Z\" data-ms>04:06:15.000 UTC</time>");
    // The advice: once in the verdict, once per group; never once per finding.
    assertThat(count(html, DiagnosticsPage.esc(ADVICE))).isEqualTo(1 + 2);
  }

  @Test
  void aCrossNodeSplitDrawsTheIssuersLaneFromWhatTheAuthenticateSays() {
    Instant issued = Instant.parse("2026-12-05T04:06:19.123Z");
    Finding f = nodeSplit("node-b-1", "NODE-A", conn(50001), T0.plusSeconds(15));

    assertThat(f.challengeIssued()).isEqualTo(issued);
    String html =
        DiagnosticsPage.render(
            snapshot(List.of(f), List.of(handshake("node-b-1", conn(50001), 401)), 1, 1), false, 0);
    assertThat(html)
        .contains("NODE-A (seen from here)")
        .contains("CHALLENGE issued by NODE-A at 2026-12-05T04:06:19.123Z (UTC)")
        .contains("<g class=\"leg ghost\"")
        .contains("<line class=\"split\" data-handshake=\"node-b-1\"");
    assertThat(count(html, "<g class=\"leg")).isEqualTo(1 + 1);
  }

  @Test
  void headerDerivedTextIsEscapedEverywhereOnThePage() {
    String evil = "<img src=x>\u202eevil";
    Finding f =
        new Finding(
            FindingType.HANDSHAKE_SPLIT_ACROSS_NODES,
            T0,
            "node-b",
            "node-b-1",
            conn(50001),
            null,
            evil,
            evil,
            evil,
            evil,
            evil,
            "AUTHENTICATE for " + evil + " answers a CHALLENGE issued by " + evil,
            ADVICE);
    Handshake.Leg leg =
        new Handshake.Leg(
            MessageType.AUTHENTICATE, T0, "node-b", conn(50001), evil, 401, evil, evil);
    Handshake h =
        new Handshake(
            "node-b-1",
            "node-b",
            Handshake.Outcome.FAILED,
            evil,
            evil,
            evil,
            evil,
            T0,
            T0,
            List.of(leg));

    String html = DiagnosticsPage.render(snapshot(List.of(f), List.of(h), 1, 1), false, 5);

    assertThat(html).doesNotContain("<img").doesNotContain("\u202e").contains("[U+202E]evil");
  }

  // ---- snapshots by hand ---------------------------------------------------------------------

  private static final String ADVICE = "Add cookie-based persistence & keep <connections>.";

  private static ConnectionInfo conn(int port) {
    return new ConnectionInfo(
        "/127.0.0.1:" + port + "@1A2B#" + port, "127.0.0.1", 8080, "10.0.0.5", port, "HTTP/1.1");
  }

  private static Finding nodeSplit(String id, String issuer, ConnectionInfo c, Instant at) {
    return new Finding(
        FindingType.HANDSHAKE_SPLIT_ACROSS_NODES,
        at,
        "node-b",
        id,
        c,
        null,
        issuer,
        at.minusMillis(877),
        null,
        "alice",
        "EXAMPLE",
        "WS",
        "AUTHENTICATE for EXAMPLE\\alice on connection "
            + c.key()
            + " answers a CHALLENGE issued by "
            + issuer
            + " at "
            + at.minusMillis(877)
            + ", not by this node (NODE-B): the balancer sent the handshake's legs to different"
            + " nodes",
        ADVICE,
        0);
  }

  private static Handshake handshake(String id, ConnectionInfo c, int status) {
    List<Handshake.Leg> legs = new ArrayList<>();
    if (status == 200) {
      legs.add(new Handshake.Leg(MessageType.NEGOTIATE, T0, "node-b", c, null, 401, "NEGOTIATE"));
      legs.add(new Handshake.Leg(MessageType.CHALLENGE, T0, "node-b", c, null, 401, "CHALLENGE"));
    }
    legs.add(
        new Handshake.Leg(
            MessageType.AUTHENTICATE, T0.plusSeconds(15), "node-b", c, null, status, "AUTH"));
    return new Handshake(
        id,
        "node-b",
        status == 200 ? Handshake.Outcome.SUCCEEDED : Handshake.Outcome.FAILED,
        "alice",
        "EXAMPLE",
        "WS",
        null,
        T0,
        T0.plusSeconds(15),
        legs);
  }

  private static DiagnosticsSnapshot snapshot(
      List<Finding> findings, List<Handshake> handshakes, long authenticates, long splits) {
    Map<MessageType, Long> messages = new EnumMap<>(MessageType.class);
    if (authenticates > 0) {
      messages.put(MessageType.AUTHENTICATE, authenticates);
    }
    Map<FindingType, Long> byType = new EnumMap<>(FindingType.class);
    byType.put(FindingType.HANDSHAKE_SPLIT_ACROSS_NODES, splits);
    Counters counters =
        new Counters(messages, Map.of(), Map.of(), byType, 0, 0, 0, 0, 0, 0, 0, 0, 0);
    return new DiagnosticsSnapshot(
        "node-b",
        List.of("NODE-B"),
        Balancer.GENERIC,
        true,
        T0,
        T0.plusSeconds(30),
        counters,
        0,
        0,
        findings,
        handshakes,
        List.of(),
        0,
        0,
        0);
  }

  private static String verdict(String html) {
    int at = html.indexOf("<div id=\"verdict\"");
    return html.substring(at, html.indexOf("</div>", at));
  }

  private static int count(String text, String part) {
    int n = 0;
    for (int i = text.indexOf(part); i >= 0; i = text.indexOf(part, i + 1)) {
      n++;
    }
    return n;
  }
}
