package io.github.ntlmaffinity.servlet;

import static io.github.ntlmaffinity.FindingType.HANDSHAKE_SPLIT_ACROSS_CONNECTIONS;
import static io.github.ntlmaffinity.FindingType.HANDSHAKE_SPLIT_ACROSS_NODES;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.github.ntlmaffinity.Handshake;
import io.github.ntlmaffinity.testing.DevToolsPage;
import io.github.ntlmaffinity.testing.HeadlessChromium;
import io.github.ntlmaffinity.testing.RawConnection;
import io.github.ntlmaffinity.testing.ServerIdentity;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The page in a real browser: Debian's chromium, headless, loads it from a real node (Jetty on
 * loopback) after a broken run and after a healthy one, and the test reads the DOM the browser
 * built (after the page's script ran under the endpoint's Content-Security-Policy). Screenshots at
 * 1400 and 400 px go to {@code target/browser/}. Skipped only when chromium is not installed.
 */
class DiagnosticsPageBrowserTest extends ContainerTestSupport {
  private static final Path SHOTS = Path.of("target", "browser");
  private static final Pattern SCRIPT_ERROR =
      Pattern.compile("Uncaught|Refused to|Content Security Policy|SyntaxError|TypeError");

  @TempDir Path profiles;
  private HeadlessChromium chromium;

  @Override
  TestServer.Container container() {
    return TestServer.Container.JETTY;
  }

  @BeforeEach
  void needsChromium() {
    assumeTrue(HeadlessChromium.installed(), "/usr/bin/chromium is not installed");
    chromium = new HeadlessChromium(profiles);
  }

  @Test
  void aBrokenRunReadsAsASplitWithItsPicture() throws Exception {
    TestServer nodeA = start(TestServer.Setup.node("node-a", ServerIdentity.NODE_A));
    TestServer nodeB = start(TestServer.Setup.node("node-b", ServerIdentity.NODE_B));
    // Node B learns its own name from a CHALLENGE of its own: a healthy handshake.
    RawConnection healthy = connect(nodeB);
    RawConnection.Response own = healthy.get(TestServer.PROTECTED, type1());
    step();
    assertThat(healthy.get(TestServer.PROTECTED, type3(own)).status()).isEqualTo(200);
    // Split across nodes, twice: the CHALLENGE from node A, the AUTHENTICATE to node B.
    for (int i = 0; i < 2; i++) {
      step();
      RawConnection toA = connect(nodeA);
      RawConnection toB = connect(nodeB);
      RawConnection.Response challenge = toA.get(TestServer.PROTECTED, type1());
      step();
      assertThat(toB.get(TestServer.PROTECTED, type3(challenge)).status()).isEqualTo(401);
    }
    // Split across connections of node B.
    step();
    RawConnection first = connect(nodeB);
    RawConnection second = connect(nodeB);
    RawConnection.Response challenge = first.get(TestServer.PROTECTED, type1());
    step();
    second.get(TestServer.PROTECTED, type3(challenge));
    awaitFindings(nodeB.affinity(), HANDSHAKE_SPLIT_ACROSS_NODES, 2);
    awaitFindings(nodeB.affinity(), HANDSHAKE_SPLIT_ACROSS_CONNECTIONS, 1);
    String url = "http://127.0.0.1:" + nodeB.port() + TestServer.DIAGNOSTICS;

    HeadlessChromium.Result run = chromium.dumpDom(url);
    String dom = run.out();

    assertThat(SCRIPT_ERROR.matcher(run.log()).find()).as(run.log()).isFalse();
    assertThat(words(text(dom, "<div id=\"verdict\" class=\"verdict bad\">", "</div>")))
        .contains("The balancer splits NTLM handshakes across nodes: 3 of 4 handshakes since")
        .contains("Fix: ");
    assertThat(count(dom, "<div class=\"group ERROR\"")).isEqualTo(2);
    assertThat(dom.indexOf("<div class=\"group ERROR\""))
        .as("errors first")
        .isLessThan(dom.indexOf("<div class=\"group WARNING\""));
    assertThat(dom)
        .containsPattern("data-type=\"HANDSHAKE_SPLIT_ACROSS_NODES\" data-count=\"2\"")
        .containsPattern("data-type=\"HANDSHAKE_SPLIT_ACROSS_CONNECTIONS\" data-count=\"1\"");
    int legs = 0;
    for (Handshake h : nodeB.affinity().snapshot().handshakes()) {
      legs += h.legs().size();
    }
    // One mark per leg, one "seen from here" CHALLENGE per split across nodes, three red lines.
    assertThat(count(dom, "<g class=\"leg")).isEqualTo(legs + 2);
    assertThat(count(dom, "<g class=\"leg ghost\"")).isEqualTo(2);
    assertThat(dom).contains("NODE-A (seen from here)");
    // Placed at the challenge time the AUTHENTICATE names (read from the finding).
    assertThat(dom).contains("CHALLENGE issued by NODE-A at 20").doesNotContain("time unknown");
    assertThat(count(dom, "<line class=\"split\"")).isEqualTo(3);
    // The script ran: times carry their UTC value on hover, the pause switch is shown.
    assertThat(dom)
        .containsPattern("<time datetime=\"[^\"]+\" data-ms=\"\" title=\"[^\"]+\\(UTC\\)");
    assertThat(dom).contains("<div id=\"controls\">");

    // Without JavaScript the page says the same: everything above is in the HTML as served
    // (chromium cannot dump the DOM with scripts off, so the served HTML stands for it).
    String served = connect(nodeB).get(TestServer.DIAGNOSTICS).text();
    assertThat(words(text(served, "<div id=\"verdict\"", "</div>")))
        .contains("The balancer splits NTLM handshakes across nodes: 3 of ");
    assertThat(served)
        .contains("<div id=\"controls\" hidden>")
        .containsPattern("<time datetime=\"[^\"]+\" data-ms>[0-9:.]+ UTC</time>")
        .doesNotContainPattern("<time[^>]*title=");
    assertThat(count(served, "<g class=\"leg")).isEqualTo(legs + 2);
    assertThat(count(served, "<line class=\"split\"")).isEqualTo(3);

    screenshots(url, "broken");
    // A smaller one for the README: the verdict, the groups and the picture.
    Path readme = SHOTS.resolve("diagnostics-readme.png");
    assertThat(chromium.screenshot(url, readme, 1100, 1150).exitCode()).isZero();
    assertThat(readme).exists();
  }

  @Test
  void aHealthyRunSaysNothingBroke() throws Exception {
    TestServer node = start(TestServer.Setup.node("node-a", ServerIdentity.NODE_A));
    RawConnection c = connect(node);
    RawConnection.Response challenge = c.get(TestServer.PROTECTED, type1());
    step();
    assertThat(c.get(TestServer.PROTECTED, type3(challenge)).status()).isEqualTo(200);
    awaitEnded(node.affinity());
    String url = "http://127.0.0.1:" + node.port() + TestServer.DIAGNOSTICS;

    HeadlessChromium.Result run = chromium.dumpDom(url);

    assertThat(SCRIPT_ERROR.matcher(run.log()).find()).as(run.log()).isFalse();
    assertThat(words(text(run.out(), "<div id=\"verdict\" class=\"verdict ok\">", "</div>")))
        .contains("No broken handshake in 1 handshake since");
    assertThat(run.out()).doesNotContain("<div class=\"group").doesNotContain("class=\"split\"");
    assertThat(count(run.out(), "<g class=\"leg")).isEqualTo(3);
    screenshots(url, "healthy");
  }

  @Test
  void timesAreShownInTheBrowsersZoneWithUtcOnHover() throws Exception {
    TestServer node = start(TestServer.Setup.node("node-a", ServerIdentity.NODE_A));
    RawConnection c = connect(node);
    RawConnection.Response challenge = c.get(TestServer.PROTECTED, type1());
    step();
    c.get(TestServer.PROTECTED, type3(challenge));
    awaitEnded(node.affinity());
    String url = "http://127.0.0.1:" + node.port() + TestServer.DIAGNOSTICS;

    HeadlessChromium.Result run = chromium.inTimeZone("Asia/Tokyo").dumpDom(url);

    assertThat(SCRIPT_ERROR.matcher(run.log()).find()).as(run.log()).isFalse();
    assertThat(run.out()).contains("Asia/Tokyo (UTC on hover)");
    java.util.regex.Matcher time =
        java.util.regex.Pattern.compile(
                "<time datetime=\"([^\"]+)\" data-ms=\"\" title=\"[^\"]+\\(UTC\\)\">"
                    + "([0-9:.]+)</time>")
            .matcher(run.out());
    assertThat(time.find()).as(run.out()).isTrue();
    java.time.LocalTime tokyo =
        java.time.Instant.parse(time.group(1))
            .atZone(java.time.ZoneId.of("Asia/Tokyo"))
            .toLocalTime();
    assertThat(time.group(2))
        .isEqualTo(tokyo.format(java.time.format.DateTimeFormatter.ofPattern("HH:mm:ss.SSS")));
  }

  @Test
  void aReloadKeepsTheScrollAndTheOpenGroupsAndThePauseSwitchStopsIt() throws Exception {
    TestServer node =
        start(
            TestServer.Setup.node("node-a", ServerIdentity.NODE_A)
                .diagnosticsInitParams(
                    Map.of(NtlmAffinityDiagnosticsServlet.REFRESH_SECONDS_INIT_PARAM, "2")));
    for (int i = 0; i < 3; i++) {
      RawConnection first = connect(node);
      RawConnection second = connect(node);
      step();
      RawConnection.Response challenge = first.get(TestServer.PROTECTED, type1());
      step();
      second.get(TestServer.PROTECTED, type3(challenge));
    }
    awaitFindings(node.affinity(), HANDSHAKE_SPLIT_ACROSS_CONNECTIONS, 3);
    String url = "http://127.0.0.1:" + node.port() + TestServer.DIAGNOSTICS;

    try (DevToolsPage page = chromium.open(url, 400, 700)) {
      // Each step runs early in a fresh document, well before its 2 s reload timer fires.
      String fresh =
          "location.protocol === 'http:' && document.readyState === 'complete'"
              + " && performance.now() < 1200";
      // As a person would: pause, open the group's other findings, scroll down, resume.
      page.awaitTrue(
          "(function () {"
              + " if (!("
              + fresh
              + ")) return false;"
              + " var pause = document.getElementById('pause'); pause.click();"
              + " document.querySelector('details.more').open = true;"
              + " window.scrollTo(0, 400); document.body.dataset.mark = 'old'; pause.click();"
              + " return window.scrollY === 400 && !pause.checked; })()",
          "a fresh page to act on");
      String more = page.eval("document.querySelector('details.more').id").asText();
      assertThat(more).startsWith("g-handshake_split_across_connections-");

      page.awaitTrue(fresh + " && document.body.dataset.mark === undefined", "a reload");
      JsonNode after =
          page.eval(
              "(function () { var pause = document.getElementById('pause'); pause.click();"
                  + " document.body.dataset.mark = 'paused';"
                  + " return {open: document.getElementById('"
                  + more
                  + "').open, y: window.scrollY,"
                  + " others: document.getElementById('all-types').open,"
                  + " paused: pause.checked}; })()");
      assertThat(after.get("open").asBoolean()).as("the group stays open").isTrue();
      assertThat(after.get("y").asInt()).as("the scroll position").isEqualTo(400);
      assertThat(after.get("others").asBoolean()).as("a closed group stays closed").isFalse();
      assertThat(after.get("paused").asBoolean()).isTrue();

      // Paused: two and a half intervals later it is still the same document.
      Thread.sleep(5000);
      assertThat(page.eval("document.body.dataset.mark").asText()).isEqualTo("paused");
    }
  }

  @Test
  void twentyTwoIdenticalSplitsMakeOneGroupAndAShortPage() throws Exception {
    TestServer nodeA = start(TestServer.Setup.node("node-a", ServerIdentity.NODE_A));
    TestServer nodeB = start(TestServer.Setup.node("node-b", ServerIdentity.NODE_B));
    RawConnection own = connect(nodeB);
    own.get(TestServer.PROTECTED, type3(own.get(TestServer.PROTECTED, type1())));
    for (int i = 0; i < 22; i++) {
      step();
      RawConnection toA = connect(nodeA);
      RawConnection toB = connect(nodeB);
      RawConnection.Response challenge = toA.get(TestServer.PROTECTED, type1());
      step();
      toB.get(TestServer.PROTECTED, type3(challenge));
      toA.close();
      toB.close();
    }
    awaitFindings(nodeB.affinity(), HANDSHAKE_SPLIT_ACROSS_NODES, 22);
    String url = "http://127.0.0.1:" + nodeB.port() + TestServer.DIAGNOSTICS;

    for (int width : new int[] {1400, 400}) {
      try (DevToolsPage page = chromium.open(url, 1400, 900)) {
        String loaded = "location.protocol === 'http:' && document.readyState === 'complete'";
        page.awaitTrue(loaded, "the page to load");
        page.eval("document.body.dataset.mark = 'old'");
        page.emulateWidth(width, 900);
        page.awaitTrue(loaded + " && document.body.dataset.mark === undefined", "the reload");
        assertThat(page.eval("window.innerWidth").asInt()).isEqualTo(width);
        int height = page.eval("document.documentElement.scrollHeight").asInt();
        int groups = page.eval("document.querySelectorAll('div.group.ERROR').length").asInt();
        int wide = page.eval("document.documentElement.scrollWidth").asInt();
        System.out.printf("22 splits at %d px: page %d px tall, %d px wide%n", width, height, wide);
        assertThat(groups).isEqualTo(1);
        assertThat(page.eval("document.querySelector('div.group.ERROR').dataset.count").asText())
            .isEqualTo("22");
        // One group (and the REPEATED_HANDSHAKES warning the loop causes) and a picture of the
        // newest handshakes, not a row per finding.
        assertThat(height).isLessThan(width == 1400 ? 2000 : 3500);
        // Nothing wider than the window: the picture scrolls inside its own box.
        assertThat(wide).isLessThanOrEqualTo(width);
      }
    }
    screenshots(url, "22-splits");
  }

  private void screenshots(String url, String name) throws Exception {
    for (int width : new int[] {1400, 400}) {
      Path file = SHOTS.resolve("diagnostics-" + name + "-" + width + ".png");
      HeadlessChromium.Result shot = chromium.screenshot(url, file, width, 2000);
      assertThat(file).as(shot.log()).exists();
      assertThat(Files.size(file)).isPositive();
    }
  }

  /** The legs come a few milliseconds apart, as they would on a wire. */
  private void step() {
    clock.advance(Duration.ofMillis(40));
  }

  private static String text(String dom, String start, String end) {
    int from = dom.indexOf(start);
    assertThat(from).as("no " + start + " in the DOM").isNotNegative();
    return dom.substring(from, dom.indexOf(end, from));
  }

  /** The text of an HTML fragment, tags removed. */
  private static String words(String html) {
    return html.replaceAll("<[^>]*>", "");
  }

  private static int count(String text, String part) {
    int n = 0;
    Matcher m = Pattern.compile(Pattern.quote(part)).matcher(text);
    while (m.find()) {
      n++;
    }
    return n;
  }
}
