package io.github.ntlmaffinity.servlet;

import static io.github.ntlmaffinity.FindingType.CHALLENGE_ABANDONED;
import static io.github.ntlmaffinity.FindingType.CONNECTION_SHARED_BY_CLIENTS;
import static io.github.ntlmaffinity.FindingType.HANDSHAKE_SPLIT_ACROSS_CONNECTIONS;
import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.ntlmaffinity.Finding;
import io.github.ntlmaffinity.FindingType;
import io.github.ntlmaffinity.Handshake;
import io.github.ntlmaffinity.internal.report.DiagnosticsPage;
import io.github.ntlmaffinity.internal.report.PageFormat;
import io.github.ntlmaffinity.testing.ServerIdentity;
import jakarta.servlet.ServletException;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The diagnostics endpoint and the filter's configuration in a real container: the JSON and the
 * HTML page show what the filter found on real connections, access is refused to other addresses,
 * init-params work as in web.xml and bad ones stop the application from starting.
 */
abstract class EndpointScenarios extends ContainerTestSupport {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Set<String> VOID_ELEMENTS =
      Set.of("meta", "br", "hr", "img", "link", "input");
  private static final Pattern TAG = Pattern.compile("<(/?)([a-zA-Z][a-zA-Z0-9]*)[^>]*>");

  private TestServer node;
  private RawConnection first;
  private RawConnection second;
  private RawConnection shared;

  /**
   * A node that saw a handshake split across connections (and so an abandoned challenge), and an
   * authenticated connection then used by another client.
   */
  private void nodeWithFindings() throws Exception {
    node =
        start(
            TestServer.Setup.node("node-a", ServerIdentity.NODE_A)
                .configure(b -> b.trustedProxies("127.0.0.1")));
    first = connect(node);
    second = connect(node);
    RawConnection.Response challenge = first.get(TestServer.PROTECTED, type1());
    second.get(TestServer.PROTECTED, type3(challenge));

    shared = connect(node);
    String alice = "X-Forwarded-For: 203.0.113.7";
    RawConnection.Response again = shared.get(TestServer.PROTECTED, type1(), alice);
    shared.get(TestServer.PROTECTED, type3(again), alice);
    shared.get(TestServer.PROTECTED, "X-Forwarded-For: 198.51.100.9");
    awaitFindings(node.affinity(), CONNECTION_SHARED_BY_CLIENTS, 1);
  }

  @Test
  void jsonShowsTheFindingsWithTheirConnections() throws Exception {
    nodeWithFindings();
    RawConnection c = connect(node);

    RawConnection.Response byQuery = c.get(TestServer.DIAGNOSTICS + "?format=json");
    RawConnection.Response byAccept = c.get(TestServer.DIAGNOSTICS, "Accept: application/json");

    for (RawConnection.Response r : List.of(byQuery, byAccept)) {
      assertThat(r.status()).isEqualTo(200);
      assertThat(r.header("Content-Type")).isEqualToIgnoringCase("application/json;charset=utf-8");
      assertThat(r.header("Cache-Control")).isEqualTo("no-store");
    }
    JsonNode json = JSON.readTree(byQuery.body());
    assertThat(JSON.readTree(byAccept.body()).get("findings")).isEqualTo(json.get("findings"));

    assertThat(json.get("node").asText()).isEqualTo("node-a");
    assertThat(json.get("enabled").asBoolean()).isTrue();
    assertThat(texts(json.get("ntlmNames"))).containsExactly("NODE-A", "node-a.example.test");
    JsonNode counters = json.get("counters");
    assertThat(counters.at("/findings/HANDSHAKE_SPLIT_ACROSS_CONNECTIONS").asLong()).isEqualTo(1);
    assertThat(counters.at("/findings/CHALLENGE_ABANDONED").asLong()).isEqualTo(1);
    assertThat(counters.at("/findings/CONNECTION_SHARED_BY_CLIENTS").asLong()).isEqualTo(1);
    assertThat(counters.at("/findings/HANDSHAKE_SPLIT_ACROSS_NODES").asLong()).isZero();
    assertThat(counters.at("/messages/NEGOTIATE").asLong()).isEqualTo(2);
    assertThat(counters.at("/messages/CHALLENGE").asLong()).isEqualTo(2);
    assertThat(counters.at("/messages/AUTHENTICATE").asLong()).isEqualTo(2);
    assertThat(counters.at("/handshakes/succeeded").asLong()).isEqualTo(1);

    JsonNode split = only(json.get("findings"), HANDSHAKE_SPLIT_ACROSS_CONNECTIONS);
    assertThat(split.get("severity").asText()).isEqualTo("ERROR");
    assertThat(Instant.parse(split.get("time").asText())).isEqualTo(clock.instant());
    assertThat(split.at("/connection/remote").asText()).isEqualTo(peer(second));
    assertThat(split.get("peer").asText()).isEqualTo(peer(second));
    assertThat(split.at("/connection/local").asText()).isEqualTo("127.0.0.1:" + node.port());
    assertThat(split.at("/connection/protocol").asText()).isEqualTo("HTTP/1.1");
    assertThat(split.at("/otherConnection/remote").asText()).isEqualTo(peer(first));
    assertThat(split.get("user").asText()).isEqualTo("alice");
    Finding recorded =
        findings(node.affinity().snapshot(), HANDSHAKE_SPLIT_ACROSS_CONNECTIONS).get(0);
    assertThat(split.at("/connection/id").asText()).isEqualTo(recorded.connection().id());
    assertThat(split.get("advice").asText()).isEqualTo(recorded.advice()).isNotBlank();
    assertThat(split.get("explanation").asText()).isEqualTo(recorded.explanation());
    assertThat(only(json.get("findings"), CHALLENGE_ABANDONED).at("/connection/remote").asText())
        .isEqualTo(peer(first));
    JsonNode bleed = only(json.get("findings"), CONNECTION_SHARED_BY_CLIENTS);
    assertThat(bleed.get("client").asText()).isEqualTo("198.51.100.9");
    assertThat(bleed.get("peer").asText()).isEqualTo(peer(shared));

    JsonNode splitHandshake = handshake(json, split.get("handshake").asText());
    assertThat(splitHandshake.get("outcome").asText()).isEqualTo("FAILED");
    JsonNode legs = splitHandshake.get("legs");
    assertThat(texts(legs, "type")).containsExactly("NEGOTIATE", "CHALLENGE", "AUTHENTICATE");
    assertThat(texts(legs, "peer")).containsExactly(peer(first), peer(first), peer(second));
    assertThat(texts(legs, "status")).containsExactly("401", "401", "401");
    assertThat(texts(legs, "node")).containsOnly("node-a");
  }

  @Test
  void htmlPageRendersTheFindings() throws Exception {
    nodeWithFindings();

    RawConnection.Response page = connect(node).get(TestServer.DIAGNOSTICS);

    assertThat(page.status()).isEqualTo(200);
    assertThat(page.header("Content-Type")).isEqualToIgnoringCase("text/html;charset=utf-8");
    assertThat(page.header("Content-Security-Policy")).startsWith("default-src 'none'");
    String html = page.text();
    assertWellNested(html);
    assertThat(html)
        .startsWith("<!DOCTYPE html>")
        .contains("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">")
        .contains("<h1>ntlm-affinity on node-a</h1>")
        .contains("<noscript><meta http-equiv=\"refresh\" content=\"5\"></noscript>")
        .contains("NODE-A, node-a.example.test")
        .contains("198.51.100.9");
    // The verdict first: the split is the worst of what happened, said once with its fix.
    int verdict = html.indexOf("<div id=\"verdict\" class=\"verdict bad\">");
    assertThat(verdict).isPositive().isLessThan(html.indexOf("<section"));
    Finding split = findings(node.affinity().snapshot(), HANDSHAKE_SPLIT_ACROSS_CONNECTIONS).get(0);
    assertThat(html.substring(verdict, html.indexOf("</div>", verdict)))
        .contains("The balancer moves NTLM handshakes to other backend connections")
        .contains("2 of 2 handshakes since")
        .contains("Fix:</b> " + DiagnosticsPage.esc(split.advice()));
    // Connections by the balancer's side address:port and a short number; the raw id on hover.
    assertThat(html)
        .containsPattern(
            "<span class=\"conn\" title=\"connection [^\"]*\">#\\d+ "
                + Pattern.quote(peer(second))
                + "</span>")
        .contains("title=\"" + DiagnosticsPage.esc(PageFormat.tooltip(split.connection())) + "\"");
    for (Finding f : node.affinity().snapshot().findings()) {
      assertThat(html)
          .contains("<code>" + f.type().name() + "</code>")
          .contains(DiagnosticsPage.esc(f.advice()))
          .contains(DiagnosticsPage.esc(f.explanation()));
    }
    // One group per finding here (three types), each with its count.
    assertThat(count(html, "<div class=\"group ")).isEqualTo(3);
    assertThat(count(html, "data-count=\"1\"")).isEqualTo(3);
    // The picture: one mark per leg, and the split's CHALLENGE joined to its AUTHENTICATE.
    int legs =
        node.affinity().snapshot().handshakes().stream().mapToInt(h -> h.legs().size()).sum();
    assertThat(count(html, "<g class=\"leg")).isEqualTo(legs);
    assertThat(count(html, "<line class=\"split\"")).isEqualTo(1);
    assertThat(html).contains("<line class=\"split\" data-handshake=\"" + split.handshakeId());
  }

  @Test
  void maskedUsersAndNoRefreshWhenConfigured() throws Exception {
    node =
        start(
            TestServer.Setup.node("node-a", ServerIdentity.NODE_A)
                .diagnosticsInitParams(
                    Map.of(
                        NtlmAffinityDiagnosticsServlet.MASK_USERS_INIT_PARAM, "true",
                        NtlmAffinityDiagnosticsServlet.REFRESH_SECONDS_INIT_PARAM, "0")));
    RawConnection c = connect(node);
    c.get(TestServer.PROTECTED, type3(c.get(TestServer.PROTECTED, type1())));
    awaitEnded(node.affinity());

    JsonNode json = JSON.readTree(c.get(TestServer.DIAGNOSTICS + "?format=json").body());
    String html = c.get(TestServer.DIAGNOSTICS).text();

    assertThat(json.at("/handshakes/0/user").asText()).isEqualTo("a***");
    assertThat(html).contains("EXAMPLE\\a***").doesNotContain("alice").doesNotContain("refresh");
  }

  @Test
  void otherAddressesAreRefusedUnlessTheyPresentTheToken() throws Exception {
    node = start(TestServer.Setup.node("node-a", ServerIdentity.NODE_A));
    RawConnection c = connect(node);

    // The restricted endpoint allows 10.0.0.0/8 only: to it, 127.0.0.1 is any other address.
    RawConnection.Response bare = c.get(TestServer.RESTRICTED_DIAGNOSTICS + "?format=json");
    RawConnection.Response wrong =
        c.get(
            TestServer.RESTRICTED_DIAGNOSTICS + "?format=json",
            "Authorization: Bearer not-" + TestServer.TOKEN);
    RawConnection.Response ntlm =
        c.get(TestServer.RESTRICTED_DIAGNOSTICS + "?format=json", type1());
    RawConnection.Response token =
        c.get(
            TestServer.RESTRICTED_DIAGNOSTICS + "?format=json",
            "Authorization: Bearer " + TestServer.TOKEN);

    RawConnection.Response basic =
        c.get(
            TestServer.RESTRICTED_DIAGNOSTICS + "?format=json",
            "Authorization: Basic "
                + java.util.Base64.getEncoder()
                    .encodeToString(("ops:" + TestServer.TOKEN).getBytes(UTF_8)));

    for (RawConnection.Response refused : List.of(bare, wrong, ntlm)) {
      assertThat(refused.status()).isEqualTo(403);
      assertThat(refused.text())
          .isEqualTo(
              "ntlm-affinity: not allowed from 127.0.0.1: see the allow and token init-params\n");
      assertThat(refused.header("Content-Type")).startsWith("text/plain");
      assertThat(refused.header("WWW-Authenticate")).startsWith("Basic realm=");
      assertThat(refused.text()).doesNotContain("node-a");
    }
    assertThat(token.status()).isEqualTo(200);
    assertThat(JSON.readTree(token.body()).get("node").asText()).isEqualTo("node-a");
    assertThat(basic.status()).isEqualTo(200);
  }

  @Test
  void aCollectorReadsOnlyWhatIsNewFromItsCursor() throws Exception {
    nodeWithFindings();
    RawConnection c = connect(node);
    JsonNode all = JSON.readTree(c.get(TestServer.DIAGNOSTICS + "?format=json").body());
    long cursor = all.get("sequence").asLong();

    JsonNode none =
        JSON.readTree(c.get(TestServer.DIAGNOSTICS + "?format=json&since=" + cursor).body());
    RawConnection.Response bad = c.get(TestServer.DIAGNOSTICS + "?format=json&since=soon");

    assertThat(all.get("findings")).isNotEmpty();
    assertThat(all.at("/findings/0/sequence").asLong()).isPositive().isLessThanOrEqualTo(cursor);
    assertThat(none.get("findings")).isEmpty();
    assertThat(none.get("handshakes")).isEmpty();
    assertThat(none.get("complete").asBoolean()).isTrue();
    assertThat(none.get("since").asLong()).isEqualTo(cursor);
    assertThat(bad.status()).isEqualTo(400);
  }

  @Test
  void aForwardedAddressNeverPassesTheAllowList() throws Exception {
    // The container applies X-Forwarded-For: to it the request comes from 10.1.2.3, which the
    // restricted endpoint allows; the TCP peer is 127.0.0.1, which it does not.
    node = start(TestServer.Setup.node("node-a", ServerIdentity.NODE_A).forwardedHeaders());
    RawConnection c = connect(node);

    RawConnection.Response echoed = c.get(TestServer.CONNECTION, "X-Forwarded-For: 10.1.2.3");
    RawConnection.Response spoofed =
        c.get(TestServer.RESTRICTED_DIAGNOSTICS + "?format=json", "X-Forwarded-For: 10.1.2.3");
    RawConnection.Response local =
        c.get(TestServer.DIAGNOSTICS + "?format=json", "X-Forwarded-For: 127.0.0.1");
    RawConnection.Response withToken =
        c.get(
            TestServer.RESTRICTED_DIAGNOSTICS + "?format=json",
            "X-Forwarded-For: 10.1.2.3",
            "Authorization: Bearer " + TestServer.TOKEN);

    assertThat(echoed.text()).as("the container rewrote the address").contains("10.1.2.3");
    assertThat(spoofed.status()).isEqualTo(403);
    assertThat(local.status()).isEqualTo(403);
    assertThat(local.text()).contains("present the token").doesNotContain("node-a");
    assertThat(withToken.status()).isEqualTo(200);
  }

  @Test
  void anAllowListedRequestMustNameThisHost() throws Exception {
    node = start(TestServer.Setup.node("node-a", ServerIdentity.NODE_A));
    RawConnection c = connect(node);
    String json = TestServer.DIAGNOSTICS + "?format=json";

    RawConnection.Response rebound = c.request("GET", "HTTP/1.1", json, "attacker.example:80");
    RawConnection.Response localhost = c.request("GET", "HTTP/1.1", json, "localhost:8080");
    RawConnection.Response literal = c.request("GET", "HTTP/1.1", json, "127.0.0.1:8080");
    RawConnection.Response configured = c.get(json);

    assertThat(rebound.status()).isEqualTo(403);
    assertThat(rebound.text()).contains("DNS rebinding").doesNotContain("node-a");
    assertThat(List.of(localhost.status(), literal.status(), configured.status()))
        .containsOnly(200);
  }

  @ParameterizedTest
  @CsvSource({"TRACE", "OPTIONS", "POST", "DELETE"})
  void everyMethodIsCheckedAndOnlyGetIsServed(String method) throws Exception {
    node = start(TestServer.Setup.node("node-a", ServerIdentity.NODE_A));
    RawConnection c = connect(node);

    RawConnection.Response refused =
        c.request(
            method,
            "HTTP/1.1",
            TestServer.RESTRICTED_DIAGNOSTICS,
            RawConnection.HOST,
            "Content-Length: 0",
            "Cookie: JSESSIONID=s3cr3t");
    RawConnection.Response allowed =
        c.request(
            method,
            "HTTP/1.1",
            TestServer.DIAGNOSTICS,
            RawConnection.HOST,
            "Content-Length: 0",
            "Cookie: JSESSIONID=s3cr3t");

    if (method.equals("TRACE")) {
      // Tomcat refuses TRACE itself (allowTrace is off) before any servlet sees it.
      assertThat(refused.status()).isIn(403, 405);
    } else {
      assertThat(refused.status()).isEqualTo(403);
    }
    assertThat(allowed.status()).isEqualTo(405);
    if (!method.equals("TRACE")) {
      assertThat(allowed.header("Allow")).isEqualTo("GET, HEAD");
    }
    assertThat(refused.text() + allowed.text()).doesNotContain("s3cr3t");
  }

  @Test
  void withoutAFilterTheEndpointSaysSo() throws Exception {
    node = start(TestServer.Setup.node("node-a", ServerIdentity.NODE_A).withoutFilter());

    RawConnection.Response r = connect(node).get(TestServer.DIAGNOSTICS + "?format=json");

    assertThat(r.status()).isEqualTo(503);
    assertThat(r.text()).isEqualTo("ntlm-affinity: no NtlmAffinityFilter has been initialised\n");
  }

  @Test
  void initParamsConfigureTheFilterAsInWebXml() throws Exception {
    node =
        start(
            TestServer.Setup.node("node-a", ServerIdentity.NODE_A)
                .filterInitParams(
                    Map.of(
                        NtlmAffinityFilter.NODE_NAME_INIT_PARAM, "web-node",
                        NtlmAffinityFilter.NTLM_NAMES_INIT_PARAM, "NODE-A, node-a.example.test",
                        NtlmAffinityFilter.BALANCER_INIT_PARAM, "f5-big-ip",
                        NtlmAffinityFilter.CHALLENGE_TIMEOUT_INIT_PARAM, "10s")));
    RawConnection c = connect(node);
    assertThat(c.get(TestServer.PROTECTED, type3(c.get(TestServer.PROTECTED, type1()))).status())
        .isEqualTo(200);
    assertThat(awaitEnded(node.affinity()).outcome()).isEqualTo(Handshake.Outcome.SUCCEEDED);

    JsonNode json = JSON.readTree(c.get(TestServer.DIAGNOSTICS + "?format=json").body());

    assertThat(json.get("node").asText()).isEqualTo("web-node");
    assertThat(json.get("balancer").asText()).isEqualTo("F5_BIG_IP");
    assertThat(texts(json.get("ntlmNames"))).containsExactly("NODE-A", "node-a.example.test");
    assertThat(json.at("/handshakes/0/outcome").asText()).isEqualTo("SUCCEEDED");
    assertThat(json.at("/handshakes/0/legs/0/node").asText()).isEqualTo("web-node");
  }

  @Test
  void disabledByInitParamTheFilterOnlyPassesThrough() throws Exception {
    node =
        start(
            TestServer.Setup.node("node-a", ServerIdentity.NODE_A)
                .filterInitParams(Map.of(NtlmAffinityFilter.ENABLED_INIT_PARAM, "false")));
    RawConnection c = connect(node);
    RawConnection.Response challenge = c.get(TestServer.PROTECTED, type1());
    RawConnection other = connect(node);
    assertThat(other.get(TestServer.PROTECTED, type3(challenge)).status()).isEqualTo(401);

    JsonNode json = JSON.readTree(c.get(TestServer.DIAGNOSTICS + "?format=json").body());

    assertThat(json.get("enabled").asBoolean()).isFalse();
    assertThat(json.at("/counters/messages/NEGOTIATE").asLong()).isZero();
    assertThat(json.get("findings")).isEmpty();
  }

  private static final String BAD_INIT_PARAMS =
      """
      filter | challengeTimeout | soon
      filter | maxConnections | -1
      filter | enabled | yes
      filter | balancer | round-robin
      filter | trustedProxies | 10.0.0.0/99
      filter | nodename | misspelt
      servlet | allow | 10.0.0.0/99
      servlet | token | short
      servlet | maskUsers | maybe
      servlet | refreshSeconds | -1
      """;

  @ParameterizedTest(name = "{0} {1}={2}")
  @CsvSource(delimiter = '|', textBlock = BAD_INIT_PARAMS)
  void badInitParamStopsTheApplicationNamingItWhenStrict(
      String component, String param, String value) {
    TestServer.Setup setup = TestServer.Setup.node("node-a", ServerIdentity.NODE_A);
    if (component.equals("filter")) {
      setup.filterInitParams(Map.of(param, value, NtlmAffinityFilter.STRICT_INIT_PARAM, "true"));
    } else {
      setup.diagnosticsInitParams(
          Map.of(param, value, NtlmAffinityDiagnosticsServlet.STRICT_INIT_PARAM, "true"));
    }

    assertThatThrownBy(() -> start(setup))
        .satisfies(
            failure -> {
              ServletException cause = servletException(failure);
              assertThat(cause).as("a ServletException in " + failure).isNotNull();
              assertThat(cause.getMessage()).contains("'" + param + "'");
            });
  }

  @ParameterizedTest(name = "{0} {1}={2}")
  @CsvSource(delimiter = '|', textBlock = BAD_INIT_PARAMS)
  void badInitParamIsShownOnTheEndpointAndTheApplicationRuns(
      String component, String param, String value) throws Exception {
    TestServer.Setup setup = TestServer.Setup.node("node-a", ServerIdentity.NODE_A);
    if (component.equals("filter")) {
      setup.filterInitParams(Map.of(param, value));
    } else {
      setup.diagnosticsInitParams(Map.of(param, value));
    }
    node = start(setup);
    RawConnection c = connect(node);

    RawConnection.Response app = c.get(TestServer.PROTECTED, type1());
    JsonNode json = JSON.readTree(c.get(TestServer.DIAGNOSTICS + "?format=json").body());
    String html = c.get(TestServer.DIAGNOSTICS).text();

    assertThat(app.status()).isEqualTo(401);
    assertThat(texts(json.get("configurationErrors")))
        .singleElement()
        .asString()
        .contains("'" + param + "'");
    assertThat(html).contains("Configuration errors").contains(param);
  }

  @Test
  void filterSeesTheContainersConnectionIdAndThePeersPort() throws Exception {
    node = start(TestServer.Setup.node("node-a", ServerIdentity.NODE_A));
    List<String> ids = new ArrayList<>();
    for (int i = 0; i < 3; i++) {
      RawConnection c = connect(node);
      String[] echo = c.get(TestServer.CONNECTION).text().trim().split(" ");
      assertThat(echo[1]).isEqualTo(peer(c));
      c.get(TestServer.PROTECTED, type1());

      JsonNode json = JSON.readTree(c.get(TestServer.DIAGNOSTICS + "?format=json").body());
      JsonNode leg = json.at("/handshakes/0/legs/0");
      assertThat(leg.at("/connection/id").asText()).isEqualTo(echo[0]);
      assertThat(leg.at("/connection/key").asText()).isEqualTo(echo[0]);
      assertThat(leg.at("/connection/remote").asText()).isEqualTo(peer(c));
      assertThat(leg.at("/connection/local").asText()).isEqualTo("127.0.0.1:" + node.port());
      ids.add(echo[0]);
      c.close();
    }
    assertThat(new HashSet<>(ids)).hasSize(3);
  }

  // ---- helpers ------------------------------------------------------------------------------

  private static String peer(RawConnection c) {
    return "127.0.0.1:" + c.localPort();
  }

  private static JsonNode only(JsonNode findings, FindingType type) {
    List<JsonNode> found =
        StreamSupport.stream(findings.spliterator(), false)
            .filter(f -> f.get("type").asText().equals(type.name()))
            .toList();
    assertThat(found).as(type.name()).hasSize(1);
    return found.get(0);
  }

  private static JsonNode handshake(JsonNode json, String id) {
    for (JsonNode h : json.get("handshakes")) {
      if (h.get("id").asText().equals(id)) {
        return h;
      }
    }
    throw new AssertionError("no handshake " + id + " in " + json.get("handshakes"));
  }

  private static List<String> texts(JsonNode array) {
    return StreamSupport.stream(array.spliterator(), false).map(JsonNode::asText).toList();
  }

  private static List<String> texts(JsonNode array, String field) {
    return StreamSupport.stream(array.spliterator(), false)
        .map(n -> n.get(field).asText())
        .toList();
  }

  private static int count(String text, String part) {
    int n = 0;
    for (int i = text.indexOf(part); i >= 0; i = text.indexOf(part, i + 1)) {
      n++;
    }
    return n;
  }

  /** Every element but the void and self-closed (SVG) ones is closed, in order. */
  private static void assertWellNested(String html) {
    Deque<String> open = new ArrayDeque<>();
    Matcher m = TAG.matcher(html);
    while (m.find()) {
      String name = m.group(2).toLowerCase(Locale.ROOT);
      if (VOID_ELEMENTS.contains(name) || m.group().endsWith("/>")) {
        continue;
      }
      if (m.group(1).isEmpty()) {
        open.push(name);
      } else {
        assertThat(open).as("closing </" + name + "> at " + m.start()).isNotEmpty();
        assertThat(open.pop())
            .as("element closed by </" + name + "> at " + m.start())
            .isEqualTo(name);
      }
    }
    assertThat(open).as("unclosed elements").isEmpty();
  }

  private static ServletException servletException(Throwable t) {
    Deque<Throwable> todo = new ArrayDeque<>();
    Set<Throwable> seen = new HashSet<>();
    todo.add(t);
    while (!todo.isEmpty()) {
      Throwable x = todo.poll();
      if (x == null || !seen.add(x)) {
        continue;
      }
      if (x instanceof ServletException s
          && s.getMessage() != null
          && s.getMessage().contains("ntlm-affinity")) {
        return s;
      }
      if (x.getCause() != null) {
        todo.add(x.getCause());
      }
      todo.addAll(List.of(x.getSuppressed()));
    }
    return null;
  }
}
