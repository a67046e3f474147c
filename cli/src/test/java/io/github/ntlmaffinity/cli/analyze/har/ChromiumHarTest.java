package io.github.ntlmaffinity.cli.analyze.har;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.ntlmaffinity.FindingType;
import io.github.ntlmaffinity.cli.analyze.AnalyzeCommand;
import io.github.ntlmaffinity.cli.analyze.ClusterTraffic;
import io.github.ntlmaffinity.examples.LoadBalancer;
import io.github.ntlmaffinity.examples.UserTable;
import io.github.ntlmaffinity.testing.DevToolsPage;
import io.github.ntlmaffinity.testing.HeadlessChromium;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeoutException;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * HARs recorded from a real browser: Debian's Chromium, headless, logs in with NTLM (the demo
 * account, given through the DevTools {@code Fetch.authRequired} event as a person answers the
 * prompt) through the example cluster's broken (round-robin) and sticky balancers; the HAR is built
 * from the DevTools {@code Network} events as Chromium's own export builds it ({@link DevToolsHar})
 * and given to {@code analyze}. The nodes' filters say what really happened. Skipped only when
 * chromium is not installed.
 */
@Timeout(240)
class ChromiumHarTest {
  private static final UserTable.Account ACCOUNT = UserTable.defaults().accounts().get(0);

  /** Logins (page loads) per run. */
  private static final int LOGINS = 3;

  /** Times the credentials are given for one request before the "user" cancels the prompt. */
  private static final int TRIES = 2;

  /** A cookie value only the browser and the HAR hold. */
  private static final String COOKIE = "c00kie-" + UUID.randomUUID();

  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir Path dir;
  private HeadlessChromium chromium;

  @BeforeEach
  void chromium() {
    assumeTrue(HeadlessChromium.installed(), "/usr/bin/chromium is not installed");
    chromium = new HeadlessChromium(dir.resolve("chromium"));
  }

  /**
   * Round robin: the nodes' filters see handshakes split across the nodes, and logins end in a 401
   * offering Negotiate and NTLM (the page's and the favicon's). Chromium's events show each as one
   * request with its final 401, no token: the report counts those 401s for the site and says which
   * leg broke cannot be told from this HAR.
   */
  @Test
  void aBrokenBalancerLeavesFinal401sAndTheReportSaysWhatCannotBeTold() throws Exception {
    Recording r = record(LoadBalancer.Mode.ROUND_ROBIN);
    Report report = analyze(r.har());
    print(r, report);

    assertThat(r.splits()).as("splits the nodes' filters saw").isPositive();
    // The first login is refused for certain: each NEGOTIATE reaches one node, its AUTHENTICATE the
    // other. Later ones may get through when the favicon's requests shift the turn (the field
    // report's intermittent prompt).
    assertThat(r.documents().get(0).status()).isEqualTo(401);
    assertThat(r.documents()).allSatisfy(d -> assertThat(d.status()).isIn(200, 401));
    assertThat(r.schemes()).isNotEmpty().allMatch(s -> s.equalsIgnoreCase("ntlm"));
    assertWhatAChromiumHarHolds(r);

    long final401s = entries(r, e -> e.at("/response/status").asInt() == 401);
    assertThat(final401s).isPositive();
    assertThat(report.status()).isEqualTo(AnalyzeCommand.EXIT_NOTHING_OR_PARTIAL);
    assertThat(report.text())
        .contains(
            r.origin() + " answered " + final401s + " request(s) with a 401 offering",
            "Which leg broke cannot be told from this HAR",
            HarReport.NO_SECRETS)
        .doesNotContain("HANDSHAKE_SPLIT", "UNMATCHED_AUTHENTICATE");
    assertThat(report.json().path("notes").toString()).contains("cannot be told from this HAR");
    assertThat(report.html()).contains("cannot be told from this HAR");
    assertNoSecrets(report);
  }

  /**
   * Sticky: every login succeeds, the filters find nothing, and neither does the report; Chromium's
   * events show each login as one request with its final 200, no token.
   */
  @Test
  void aStickyBalancerLetsTheLoginsThroughAndTheReportFindsNothing() throws Exception {
    Recording r = record(LoadBalancer.Mode.STICKY);
    Report report = analyze(r.har());
    print(r, report);

    assertThat(r.splits()).as("splits the nodes' filters saw").isZero();
    assertThat(r.documents()).allSatisfy(d -> assertThat(d.status()).isEqualTo(200));
    assertThat(r.schemes()).isNotEmpty().allMatch(s -> s.equalsIgnoreCase("ntlm"));
    assertWhatAChromiumHarHolds(r);

    assertThat(report.status()).isEqualTo(AnalyzeCommand.EXIT_NOTHING_OR_PARTIAL);
    assertThat(report.text())
        .contains(HarReport.NO_SECRETS)
        .doesNotContain("answered", "cannot be told", "HANDSHAKE_SPLIT", "UNMATCHED");
    assertThat(report.json().path("findings").size()).isZero();
    assertNoSecrets(report);
  }

  /**
   * What Chromium's DevTools gives a HAR of an NTLM login (measured: Debian's Chromium, see the
   * printed version): the socket's connection id and the server's address on each entry, HTTP/1.1,
   * and not one NTLM token, neither in the provisional nor in the raw ({@code *ExtraInfo}) headers.
   */
  private static void assertWhatAChromiumHarHolds(Recording r) throws Exception {
    JsonNode entries = JSON.readTree(r.har().toFile()).at("/log/entries");
    assertThat(entries.size()).isGreaterThanOrEqualTo(LOGINS);
    for (JsonNode e : entries) {
      assertThat(e.path("connection").asText()).isNotEmpty();
      assertThat(e.path("serverIPAddress").asText()).isEqualTo("127.0.0.1");
      assertThat(e.at("/response/httpVersion").asText()).isEqualTo("HTTP/1.1");
    }
    for (DevToolsHar.Exchange x : r.exchanges()) {
      assertThat(x.allHeaderLines())
          .noneMatch(h -> h.toLowerCase(Locale.ROOT).startsWith("authorization:"))
          .noneMatch(h -> h.contains("TlRMTVNTUA"));
    }
    assertThat(Files.readString(r.har())).contains(COOKIE).doesNotContain(ACCOUNT.password());
  }

  private static void assertNoSecrets(Report report) {
    for (String s : List.of(report.text(), report.html(), report.json().toString())) {
      assertThat(s).doesNotContain(COOKIE, ACCOUNT.password(), "TlRMTVNTUA", "SESSIONID=");
    }
  }

  private Recording record(LoadBalancer.Mode mode) throws Exception {
    try (ClusterTraffic cluster = new ClusterTraffic(mode);
        DevToolsPage page =
            chromium.open("about:blank", 1000, 700, "--auth-server-allowlist=127.0.0.1")) {
      String origin = "http://127.0.0.1:" + cluster.balancerPort();
      DevToolsHar har = DevToolsHar.record(page);
      List<String> schemes = new CopyOnWriteArrayList<>();
      Map<String, Integer> asked = new ConcurrentHashMap<>();
      page.onEvent(
          "Fetch.requestPaused",
          p -> command(page, "Fetch.continueRequest", Map.of("requestId", id(p))));
      page.onEvent(
          "Fetch.authRequired",
          p -> {
            schemes.add(p.at("/authChallenge/scheme").asText());
            boolean give = asked.merge(id(p), 1, Integer::sum) <= TRIES;
            Map<String, String> answer =
                give
                    ? Map.of(
                        "response",
                        "ProvideCredentials",
                        "username",
                        ACCOUNT.qualified(),
                        "password",
                        ACCOUNT.password())
                    : Map.of("response", "CancelAuth");
            command(
                page,
                "Fetch.continueWithAuth",
                Map.of("requestId", id(p), "authChallengeResponse", answer));
          });
      page.send(
          "Fetch.enable",
          Map.of("handleAuthRequests", true, "patterns", List.of(Map.of("urlPattern", "*"))));
      JsonNode cookie =
          page.send(
              "Network.setCookie",
              Map.of("name", "SESSIONID", "value", COOKIE, "url", origin + "/"));
      assertThat(cookie.at("/result/success").asBoolean()).as(cookie.toString()).isTrue();
      List<DevToolsHar.Exchange> documents = new ArrayList<>();
      for (int i = 0; i < LOGINS; i++) {
        String url = origin + "/app/?login=" + i;
        try {
          page.send("Page.navigate", Map.of("url", url));
        } catch (TimeoutException e) {
          // the reply waits for the navigation; awaitFinished bounds the wait
        }
        documents.add(har.awaitFinished(url));
      }
      System.out.println("[chromium-har] still open: " + har.awaitAllFinished());
      page.assertNoHandlerFailed();
      JsonNode browser = page.send("Browser.getVersion", Map.of()).path("result");
      String version = browser.path("product").asText("chromium");
      Matcher webKit =
          Pattern.compile("AppleWebKit/([^ ]+)").matcher(browser.path("userAgent").asText());
      Path file = dir.resolve(mode.label() + ".har");
      har.write(file, webKit.find() ? webKit.group(1) : "n/a");
      cluster.settle();
      long splits =
          cluster.found(FindingType.HANDSHAKE_SPLIT_ACROSS_NODES)
              + cluster.found(FindingType.HANDSHAKE_SPLIT_ACROSS_CONNECTIONS);
      return new Recording(
          file, origin, version, documents, har.exchanges(), List.copyOf(schemes), splits);
    }
  }

  private Report analyze(Path har) throws Exception {
    Path html = dir.resolve(har.getFileName() + ".html");
    ByteArrayOutputStream text = new ByteArrayOutputStream();
    ByteArrayOutputStream json = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    int status = run(text, err, har.toString(), "--html", html.toString());
    int jsonStatus = run(json, err, har.toString(), "--json");
    assertThat(jsonStatus).isEqualTo(status);
    assertThat(err.toString(StandardCharsets.UTF_8)).isEmpty();
    return new Report(
        status,
        text.toString(StandardCharsets.UTF_8),
        Files.readString(html),
        JSON.readTree(json.toString(StandardCharsets.UTF_8)));
  }

  private static int run(ByteArrayOutputStream out, ByteArrayOutputStream err, String... args) {
    return AnalyzeCommand.run(args, new ByteArrayInputStream(new byte[0]), out, err);
  }

  private static long entries(Recording r, Predicate<JsonNode> which) throws Exception {
    long n = 0;
    for (JsonNode e : JSON.readTree(r.har().toFile()).at("/log/entries")) {
      if (which.test(e)) {
        n++;
      }
    }
    return n;
  }

  /** What was measured, for the record (header names only: values may hold secrets). */
  private static void print(Recording r, Report report) {
    System.out.println("[chromium-har] " + r.version() + " schemes asked: " + r.schemes());
    System.out.println("[chromium-har] splits seen by the nodes' filters: " + r.splits());
    for (DevToolsHar.Exchange x : r.exchanges()) {
      List<String> names = new ArrayList<>();
      for (String h : x.allHeaderLines()) {
        int colon = h.indexOf(": ");
        String name = h.substring(0, colon);
        String value = h.substring(colon + 2);
        String lower = name.toLowerCase(Locale.ROOT);
        boolean auth = lower.equals("authorization") || lower.equals("www-authenticate");
        names.add(auth ? name + "=" + value.split(" ")[0] : name);
      }
      System.out.println(
          "[chromium-har] "
              + x.url()
              + " -> "
              + x.status()
              + (x.error() == null ? "" : " " + x.error())
              + " raw header sets: "
              + x.requestHeaderSets()
              + "/"
              + x.responseHeaderSets()
              + " "
              + names);
    }
    System.out.println("[chromium-har] analyze exit " + report.status() + ":\n" + report.text());
  }

  private static String id(JsonNode params) {
    return params.path("requestId").asText();
  }

  private static void command(DevToolsPage page, String method, Map<String, ?> params) {
    try {
      JsonNode reply = page.send(method, params);
      if (reply.has("error")) {
        throw new AssertionError(method + " failed: " + reply.get("error"));
      }
    } catch (Exception e) {
      throw new IllegalStateException(method + " failed", e);
    }
  }

  /**
   * One recorded run.
   *
   * @param har the HAR file written
   * @param origin the balancer's origin, as the report names it
   * @param version the browser's product and version
   * @param documents the page loads, one per login
   * @param exchanges every request the browser made
   * @param schemes the scheme of each {@code Fetch.authRequired}
   * @param splits handshakes the nodes' filters found split
   */
  private record Recording(
      Path har,
      String origin,
      String version,
      List<DevToolsHar.Exchange> documents,
      List<DevToolsHar.Exchange> exchanges,
      List<String> schemes,
      long splits) {}

  /** {@code analyze}'s exit status, text, HTML and JSON reports. */
  private record Report(int status, String text, String html, JsonNode json) {}
}
