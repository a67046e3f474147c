package io.github.ntlmaffinity;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.ntlmaffinity.testing.FileTimes;
import io.github.ntlmaffinity.testing.NtlmTestMessages;
import io.github.ntlmaffinity.testing.ServerIdentity;
import io.github.ntlmaffinity.testing.TestClock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class DiagnosticsSnapshotTest {
  private static final ObjectMapper MAPPER = new ObjectMapper();
  private static final byte[] SERVER_CHALLENGE = {1, 2, 3, 4, 5, 6, 7, 8};
  private static final ConnectionInfo CLEAN =
      new ConnectionInfo("c-1", "10.1.1.1", 8080, "10.0.0.1", 40001, "HTTP/1.1");
  private static final ConnectionInfo SPLIT_FIRST =
      new ConnectionInfo("c-2", "10.1.1.1", 8080, "10.0.0.1", 40002, "HTTP/1.1");
  private static final ConnectionInfo SPLIT_SECOND =
      new ConnectionInfo("c-3", "10.1.1.1", 8080, "10.0.0.1", 40003, "HTTP/1.1");

  private final TestClock clock = TestClock.create();
  private final Instant started = clock.instant();
  private final NtlmTestMessages messages = NtlmTestMessages.create();
  private NtlmAffinity affinity;

  @BeforeEach
  void aCleanAndASplitHandshake() {
    affinity =
        NtlmAffinity.builder()
            .nodeName("node-a")
            .balancer(Balancer.HAPROXY)
            .clock(clock)
            .logRatePerMinute(0)
            .build();
    NtlmTestMessages.Handshake clean = handshake(0);
    negotiate(CLEAN, clean);
    clock.advanceMillis(10);
    authenticate(CLEAN, clean, 200);
    clock.advanceMillis(1_000);
    NtlmTestMessages.Handshake split = handshake(1);
    negotiate(SPLIT_FIRST, split);
    clock.advanceMillis(10);
    authenticate(SPLIT_SECOND, split, 401);
    clock.advanceMillis(500);
  }

  @Test
  void topLevelSaysWhoAndWhen() throws Exception {
    JsonNode json = MAPPER.readTree(affinity.snapshot().toJson());

    assertThat(names(json))
        .containsExactly(
            "node",
            "ntlmNames",
            "balancer",
            "enabled",
            "configurationErrors",
            "sequence",
            "since",
            "complete",
            "startedAt",
            "takenAt",
            "uptimeSeconds",
            "tracked",
            "counters",
            "findings",
            "handshakes");
    assertThat(json.get("node").asText()).isEqualTo("node-a");
    assertThat(texts(json.get("ntlmNames"))).containsExactly("NODE-A", "node-a.example.test");
    assertThat(json.get("balancer").asText()).isEqualTo("HAPROXY");
    assertThat(json.get("enabled").asBoolean()).isTrue();
    assertThat(json.get("configurationErrors")).isEmpty();
    assertThat(json.get("startedAt").asText()).isEqualTo("2024-05-06T07:08:09Z");
    assertThat(json.get("takenAt").asText()).isEqualTo("2024-05-06T07:08:10.520Z");
    assertThat(json.get("uptimeSeconds").asDouble()).isEqualTo(1.52);
    assertThat(json.get("tracked").get("connections").asInt()).isEqualTo(3);
    assertThat(json.get("tracked").get("challenges").asInt()).isZero();
  }

  @Test
  void countersByMessageFindingAndOutcome() throws Exception {
    JsonNode counters = MAPPER.readTree(affinity.snapshot().toJson()).get("counters");

    assertThat(names(counters))
        .containsExactly(
            "messages",
            "messagesByScheme",
            "findings",
            "handshakes",
            "otherMechanismTokens",
            "malformedTokens",
            "evictions",
            "internalErrors");
    JsonNode messages = counters.get("messages");
    assertThat(names(messages)).containsExactly("NEGOTIATE", "CHALLENGE", "AUTHENTICATE");
    assertThat(messages.get("NEGOTIATE").asLong()).isEqualTo(2);
    assertThat(messages.get("CHALLENGE").asLong()).isEqualTo(2);
    assertThat(messages.get("AUTHENTICATE").asLong()).isEqualTo(2);
    assertThat(counters.get("messagesByScheme").get("NTLM").asLong()).isEqualTo(6);
    assertThat(counters.get("messagesByScheme").get("Negotiate").asLong()).isZero();

    JsonNode findings = counters.get("findings");
    List<String> every = new ArrayList<>();
    for (FindingType t : FindingType.values()) {
      every.add(t.name());
    }
    assertThat(names(findings)).containsExactlyElementsOf(every);
    for (FindingType t : FindingType.values()) {
      long expected =
          t == FindingType.HANDSHAKE_SPLIT_ACROSS_CONNECTIONS
                  || t == FindingType.CHALLENGE_ABANDONED
              ? 1
              : 0;
      assertThat(findings.get(t.name()).asLong()).as(t.name()).isEqualTo(expected);
    }

    JsonNode handshakes = counters.get("handshakes");
    assertThat(handshakes.get("started").asLong()).isEqualTo(2);
    assertThat(handshakes.get("succeeded").asLong()).isEqualTo(1);
    // The split one: refused on the wrong connection (failed), its challenge abandoned.
    assertThat(handshakes.get("failed").asLong()).isEqualTo(1);
    assertThat(handshakes.get("abandoned").asLong()).isEqualTo(1);
    assertThat(counters.get("otherMechanismTokens").asLong()).isZero();
    assertThat(counters.get("malformedTokens").asLong()).isZero();
    assertThat(counters.get("evictions").get("connections").asLong()).isZero();
    assertThat(counters.get("evictions").get("challenges").asLong()).isZero();
    assertThat(counters.get("internalErrors").asLong()).isZero();
  }

  @Test
  void findingsNewestFirstWithWhereAndWhat() throws Exception {
    JsonNode findings = MAPPER.readTree(affinity.snapshot().toJson()).get("findings");

    assertThat(findings).hasSize(2);
    JsonNode split = findings.get(1);
    assertThat(names(split))
        .containsExactly(
            "sequence",
            "type",
            "severity",
            "title",
            "time",
            "node",
            "handshake",
            "connection",
            "peer",
            "otherConnection",
            "otherPeer",
            "otherNode",
            "challengeIssued",
            "client",
            "user",
            "domain",
            "workstation",
            "explanation",
            "advice");
    assertThat(split.get("type").asText()).isEqualTo("HANDSHAKE_SPLIT_ACROSS_CONNECTIONS");
    // The CHALLENGE went out with the NEGOTIATE's 401, 10 ms before the AUTHENTICATE came.
    assertThat(split.get("challengeIssued").asText()).isEqualTo("2024-05-06T07:08:10.010Z");
    assertThat(split.get("severity").asText()).isEqualTo("ERROR");
    assertThat(split.get("title").asText())
        .isEqualTo(FindingType.HANDSHAKE_SPLIT_ACROSS_CONNECTIONS.title());
    assertThat(split.get("time").asText()).isEqualTo("2024-05-06T07:08:10.020Z");
    assertThat(split.get("node").asText()).isEqualTo("node-a");
    assertThat(split.get("handshake").asText()).isEqualTo("node-a-2");
    assertConnection(split.get("connection"), SPLIT_SECOND);
    assertThat(split.get("peer").asText()).isEqualTo("10.0.0.1:40003");
    assertConnection(split.get("otherConnection"), SPLIT_FIRST);
    assertThat(split.get("otherPeer").asText()).isEqualTo("10.0.0.1:40002");
    assertThat(split.get("otherNode").isNull()).isTrue();
    assertThat(split.get("client").asText()).isEqualTo("10.0.0.1");
    assertThat(split.get("user").asText()).isEqualTo("alice");
    assertThat(split.get("domain").asText()).isEqualTo("EXAMPLE");
    assertThat(split.get("workstation").asText()).isEqualTo("WS01");
    assertThat(split.get("explanation").asText())
        .startsWith("AUTHENTICATE for EXAMPLE\\alice arrived on connection c-3")
        .contains("connection c-2");
    assertThat(split.get("advice").asText()).isNotBlank();

    JsonNode abandoned = findings.get(0);
    assertThat(abandoned.get("type").asText()).isEqualTo("CHALLENGE_ABANDONED");
    assertThat(abandoned.get("severity").asText()).isEqualTo("WARNING");
    assertThat(abandoned.get("handshake").asText()).isEqualTo("node-a-2");
    assertConnection(abandoned.get("connection"), SPLIT_FIRST);
    assertThat(abandoned.get("otherConnection").isNull()).isTrue();
    assertThat(abandoned.get("otherPeer").isNull()).isTrue();
  }

  @Test
  void handshakesNewestFirstWithTheirLegs() throws Exception {
    JsonNode handshakes = MAPPER.readTree(affinity.snapshot().toJson()).get("handshakes");

    assertThat(handshakes).hasSize(2);
    JsonNode clean = handshakes.get(1);
    assertThat(names(clean))
        .containsExactly(
            "sequence",
            "id",
            "node",
            "outcome",
            "user",
            "domain",
            "workstation",
            "client",
            "started",
            "ended",
            "legs");
    assertThat(clean.get("id").asText()).isEqualTo("node-a-1");
    assertThat(clean.get("outcome").asText()).isEqualTo("SUCCEEDED");
    assertThat(clean.get("user").asText()).isEqualTo("alice");
    assertThat(clean.get("started").asText()).isEqualTo("2024-05-06T07:08:09Z");
    assertThat(clean.get("ended").asText()).isEqualTo("2024-05-06T07:08:09.010Z");
    JsonNode legs = clean.get("legs");
    assertThat(legs).hasSize(3);
    assertThat(names(legs.get(0)))
        .containsExactly(
            "type", "time", "node", "connection", "peer", "client", "status", "detail");
    assertThat(texts(legs, "type")).containsExactly("NEGOTIATE", "CHALLENGE", "AUTHENTICATE");
    for (JsonNode leg : legs) {
      assertConnection(leg.get("connection"), CLEAN);
      assertThat(leg.get("node").asText()).isEqualTo("node-a");
    }
    assertThat(legs.get(0).get("status").asInt()).isEqualTo(401);
    assertThat(legs.get(2).get("status").asInt()).isEqualTo(200);
    assertThat(legs.get(1).get("detail").asText()).startsWith("CHALLENGE from NODE-A");
    assertThat(legs.get(2).get("detail").asText()).startsWith("AUTHENTICATE EXAMPLE\\alice");

    JsonNode split = handshakes.get(0);
    assertThat(split.get("outcome").asText()).isEqualTo("FAILED");
    assertThat(texts(split.get("legs"), "type"))
        .containsExactly("NEGOTIATE", "CHALLENGE", "AUTHENTICATE");
    assertConnection(split.get("legs").get(1).get("connection"), SPLIT_FIRST);
    assertConnection(split.get("legs").get(2).get("connection"), SPLIT_SECOND);
    assertThat(split.get("legs").get(2).get("status").asInt()).isEqualTo(401);
  }

  @Test
  void maskingHidesTheUserEverywhere() throws Exception {
    String plain = affinity.snapshot().toJson();
    String masked = affinity.snapshot().toJson(true, true);

    assertThat(plain).contains("alice");
    assertThat(masked).doesNotContainIgnoringCase("alice");
    JsonNode json = MAPPER.readTree(masked);
    for (JsonNode f : json.get("findings")) {
      if (!f.get("user").isNull()) {
        assertThat(f.get("user").asText()).isEqualTo("a***");
      }
    }
    JsonNode split = json.get("findings").get(1);
    assertThat(split.get("user").asText()).isEqualTo("a***");
    assertThat(split.get("explanation").asText()).startsWith("AUTHENTICATE for EXAMPLE\\a***");
    for (JsonNode h : json.get("handshakes")) {
      assertThat(h.get("user").asText()).isEqualTo("a***");
      assertThat(h.get("legs").get(2).get("detail").asText())
          .startsWith("AUTHENTICATE EXAMPLE\\a*** from WS01");
    }
    // Masking changes the user and nothing else.
    assertThat(MAPPER.readTree(masked.replace("a***", "alice"))).isEqualTo(MAPPER.readTree(plain));
  }

  @Test
  void prettyAndCompactAreTheSameDocument() throws Exception {
    String compact = affinity.snapshot().toJson();
    String pretty = affinity.snapshot().toJson(false, true);

    assertThat(compact).doesNotContain("\n");
    assertThat(pretty).contains("\n  \"node\": \"node-a\"");
    assertThat(MAPPER.readTree(pretty)).isEqualTo(MAPPER.readTree(compact));
    assertThat(MAPPER.readTree(affinity.snapshot().toJson(false, false)))
        .isEqualTo(MAPPER.readTree(compact));
  }

  @Test
  void stringsWithControlCharactersParseBackExactly() throws Exception {
    String user = "al\u0000i\tc\re\n\u001b[2J\u2028\"\\/\u007f\ud83d\ude00";
    String forwarded = "203.0.113.7\u0001\u0085";
    String nodeName = "node\u0007\"a\"";
    NtlmAffinity odd =
        NtlmAffinity.builder()
            .nodeName(nodeName)
            .trustedProxies("10.0.0.0/8")
            .clock(clock)
            .logRatePerMinute(0)
            .build();
    NtlmTestMessages.Handshake h = handshake(7);
    byte[] type3 = messages.answer(h.type2()).credentials("EXAMPLE", user, "secret").build();
    Exchange e =
        odd.begin(
            FakeRequest.on(CLEAN)
                .authorization(NtlmTestMessages.ntlmHeader(h.type1()))
                .header("X-Forwarded-For", forwarded));
    e.challenge(NtlmTestMessages.ntlmHeader(h.type2()));
    e.complete(401, false);
    odd.begin(
            FakeRequest.on(SPLIT_SECOND)
                .authorization(NtlmTestMessages.ntlmHeader(type3))
                .header("X-Forwarded-For", forwarded))
        .complete(401, false);

    for (String text : List.of(odd.snapshot().toJson(), odd.snapshot().toJson(false, true))) {
      JsonNode json = MAPPER.readTree(text);

      assertThat(json.get("node").asText()).isEqualTo(nodeName);
      JsonNode split = json.get("findings").get(1);
      assertThat(split.get("type").asText()).isEqualTo("HANDSHAKE_SPLIT_ACROSS_CONNECTIONS");
      assertThat(split.get("user").asText()).isEqualTo(user);
      assertThat(split.get("client").asText()).isEqualTo(forwarded);
      assertThat(split.get("explanation").asText()).contains("EXAMPLE\\" + user);
      JsonNode handshake = json.get("handshakes").get(0);
      assertThat(handshake.get("user").asText()).isEqualTo(user);
      assertThat(handshake.get("client").asText()).isEqualTo(forwarded);
      assertThat(handshake.get("legs").get(2).get("detail").asText())
          .startsWith("AUTHENTICATE EXAMPLE\\" + user + " from WS01");
    }
    assertThat(odd.snapshot().toJson()).doesNotContain("\n", "\r", "\u0000", "\u2028");
  }

  @Test
  void recordsAreImmutableCopies() {
    DiagnosticsSnapshot s = affinity.snapshot();

    assertThat(s.findings()).hasSize(2);
    assertThat(s.uptime()).isEqualTo(Duration.ofMillis(1_520));
    assertThatThrownBy(() -> s.findings().clear())
        .isInstanceOf(UnsupportedOperationException.class);
    assertThat(s.startedAt()).isEqualTo(started);
  }

  private NtlmTestMessages.Handshake handshake(int n) {
    return messages.handshake(
        ServerIdentity.NODE_A, SERVER_CHALLENGE, FileTimes.of(clock.instant()) + n);
  }

  private void negotiate(ConnectionInfo on, NtlmTestMessages.Handshake h) {
    Exchange e =
        affinity.begin(FakeRequest.on(on).authorization(NtlmTestMessages.ntlmHeader(h.type1())));
    e.challenge(NtlmTestMessages.ntlmHeader(h.type2()));
    e.complete(401, false);
  }

  private void authenticate(ConnectionInfo on, NtlmTestMessages.Handshake h, int status) {
    affinity
        .begin(FakeRequest.on(on).authorization(NtlmTestMessages.ntlmHeader(h.type3())))
        .complete(status, false);
  }

  private static void assertConnection(JsonNode json, ConnectionInfo expected) {
    assertThat(names(json)).containsExactly("key", "id", "local", "remote", "protocol");
    assertThat(json.get("key").asText()).isEqualTo(expected.key());
    assertThat(json.get("id").asText()).isEqualTo(expected.id());
    assertThat(json.get("local").asText()).isEqualTo(expected.local());
    assertThat(json.get("remote").asText()).isEqualTo(expected.peer());
    assertThat(json.get("protocol").asText()).isEqualTo(expected.protocol());
  }

  private static List<String> names(JsonNode object) {
    List<String> names = new ArrayList<>();
    object.fieldNames().forEachRemaining(names::add);
    return names;
  }

  private static List<String> texts(JsonNode array) {
    List<String> texts = new ArrayList<>();
    array.forEach(n -> texts.add(n.asText()));
    return texts;
  }

  private static List<String> texts(JsonNode array, String field) {
    List<String> texts = new ArrayList<>();
    array.forEach(n -> texts.add(n.get(field).asText()));
    return texts;
  }
}
