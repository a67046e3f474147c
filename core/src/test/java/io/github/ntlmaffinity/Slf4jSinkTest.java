package io.github.ntlmaffinity;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.ntlmaffinity.internal.publish.Slf4jSink;
import io.github.ntlmaffinity.testing.NtlmTestMessages;
import io.github.ntlmaffinity.testing.ServerIdentity;
import io.github.ntlmaffinity.testing.TargetInfoBuilder;
import io.github.ntlmaffinity.testing.TestClock;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import java.util.regex.Pattern;
import jcifs.ntlmssp.NtlmFlags;
import org.junit.jupiter.api.Test;
import org.slf4j.event.Level;

class Slf4jSinkTest {
  private static final ConnectionInfo CONNECTION =
      new ConnectionInfo("c-7", "10.1.1.1", 8080, "10.0.0.1", 40001, "HTTP/1.1");
  private static final ConnectionInfo OTHER =
      new ConnectionInfo("c-6", "10.1.1.1", 8080, "10.0.0.1", 40000, "HTTP/1.1");

  private final TestClock clock = TestClock.create();
  private final RecordingLogger logger = new RecordingLogger(Slf4jSink.LOGGER);

  @Test
  void logsToTheFindingsLogger() {
    assertThat(Slf4jSink.LOGGER).isEqualTo("io.github.ntlmaffinity.findings");
  }

  @Test
  void oneLinePerFindingAtTheLevelOfItsSeverity() {
    Slf4jSink sink = new Slf4jSink(10, clock, logger);

    for (FindingType type : FindingType.values()) {
      sink.onFinding(finding(type, "explained"));
    }

    List<RecordingLogger.Line> lines = logger.lines();
    assertThat(lines).hasSize(FindingType.values().length);
    for (int i = 0; i < lines.size(); i++) {
      FindingType type = FindingType.values()[i];
      Level expected =
          switch (type.severity()) {
            case ERROR -> Level.ERROR;
            case WARNING -> Level.WARN;
            case INFO -> Level.INFO;
          };
      assertThat(lines.get(i).level()).as(type.name()).isEqualTo(expected);
      assertThat(lines.get(i).keyValues()).containsEntry("ntlm.finding", type.name());
    }
    assertThat(lines)
        .extracting(RecordingLogger.Line::level)
        .contains(Level.ERROR, Level.WARN, Level.INFO);
  }

  @Test
  void aPlainBackendGetsTheSentenceFirstAndNoKeyValues() {
    PlainLogger plain = new PlainLogger(Slf4jSink.LOGGER);
    Slf4jSink sink = new Slf4jSink(10, clock, plain);

    sink.onFinding(finding(FindingType.HANDSHAKE_SPLIT_ACROSS_NODES, "it went to NODE-B"));

    assertThat(plain.messages()).hasSize(1);
    String line = plain.messages().get(0);
    assertThat(line)
        .startsWith("NTLM HANDSHAKE_SPLIT_ACROSS_NODES: it went to NODE-B Advice: ")
        .endsWith(
            "Use one backend connection per client connection. [node=node-a, handshake=node-a-12]")
        .doesNotContain("ntlm.finding=");
  }

  @Test
  void theMessageSaysTypeExplanationAndAdvice() {
    Slf4jSink sink = new Slf4jSink(10, clock, logger);

    sink.onFinding(
        finding(
            FindingType.HANDSHAKE_SPLIT_ACROSS_CONNECTIONS,
            "AUTHENTICATE for alice arrived on connection c-7 but answers a CHALLENGE sent on c-6"));

    assertThat(logger.lines())
        .singleElement()
        .extracting(RecordingLogger.Line::message)
        .isEqualTo(
            "NTLM HANDSHAKE_SPLIT_ACROSS_CONNECTIONS: AUTHENTICATE for alice arrived on"
                + " connection c-7 but answers a CHALLENGE sent on c-6 Advice: Use one backend"
                + " connection per client connection.");
  }

  @Test
  void aLongExplanationIsLoggedUpTo1024Characters() {
    Slf4jSink sink = new Slf4jSink(10, clock, logger);
    String whole = "w".repeat(1000) + " the cause";

    sink.onFinding(finding(FindingType.HANDSHAKE_SPLIT_ACROSS_NODES, whole));
    sink.onFinding(finding(FindingType.HANDSHAKE_SPLIT_ACROSS_NODES, "u".repeat(5000)));

    assertThat(logger.lines().get(0).message()).contains(whole + " Advice: ");
    assertThat(logger.lines().get(1).message())
        .isEqualTo(
            "NTLM HANDSHAKE_SPLIT_ACROSS_NODES: "
                + "u".repeat(1024)
                + "... Advice: Use one backend connection per client connection.");
  }

  @Test
  void keyValuesNameEachPartOfTheFinding() {
    Slf4jSink sink = new Slf4jSink(10, clock, logger);

    sink.onFinding(finding(FindingType.HANDSHAKE_SPLIT_ACROSS_CONNECTIONS, "x"));

    assertThat(logger.lines().get(0).keyValues())
        .containsExactly(
            entry("ntlm.finding", "HANDSHAKE_SPLIT_ACROSS_CONNECTIONS"),
            entry("ntlm.severity", "ERROR"),
            entry("ntlm.node", "node-a"),
            entry("ntlm.handshake", "node-a-12"),
            entry("ntlm.connection", "c-7"),
            entry("ntlm.peer", "10.0.0.1:40001"),
            entry("ntlm.otherConnection", "c-6"),
            entry("ntlm.otherNode", "NODE-B"),
            entry("ntlm.client", "203.0.113.7"),
            // The backslash is escaped like every backslash of a header-derived string.
            entry("ntlm.user", "EXAMPLE\\\\alice"));
  }

  @Test
  void absentPartsHaveNoKey() {
    Slf4jSink sink = new Slf4jSink(10, clock, logger);
    Finding bare =
        new Finding(
            FindingType.MALFORMED_TOKEN,
            clock.instant(),
            "node-a",
            null,
            null,
            null,
            null,
            null,
            null,
            null,
            null,
            "bad token",
            "advice");

    sink.onFinding(bare);

    assertThat(logger.lines().get(0).keyValues())
        .containsOnlyKeys("ntlm.finding", "ntlm.severity", "ntlm.node");
    assertThat(logger.lines().get(0).message())
        .isEqualTo("NTLM MALFORMED_TOKEN: bad token Advice: advice");
  }

  @Test
  void aUserWithoutDomainIsLoggedAlone() {
    Slf4jSink sink = new Slf4jSink(10, clock, logger);
    Finding f = finding(FindingType.WEAK_NTLM, "x");

    sink.onFinding(withUser(f, "alice", ""));
    sink.onFinding(withUser(f, "bob", null));

    assertThat(logger.lines())
        .extracting(l -> l.keyValues().get("ntlm.user"))
        .containsExactly("alice", "bob");
  }

  @Test
  void rateLimitsEachTypeAndSaysHowManyWereSuppressed() {
    Slf4jSink sink = new Slf4jSink(3, clock, logger);
    Finding split = finding(FindingType.HANDSHAKE_SPLIT_ACROSS_NODES, "split");
    Finding weak = finding(FindingType.WEAK_NTLM, "weak");

    for (int i = 0; i < 5; i++) {
      sink.onFinding(split);
    }
    sink.onFinding(weak);
    clock.advanceMillis(59_999);
    sink.onFinding(split);

    assertThat(logger.lines())
        .extracting(l -> l.keyValues().get("ntlm.finding"))
        .containsExactly(
            "HANDSHAKE_SPLIT_ACROSS_NODES",
            "HANDSHAKE_SPLIT_ACROSS_NODES",
            "HANDSHAKE_SPLIT_ACROSS_NODES",
            "WEAK_NTLM");
    assertThat(logger.lines()).extracting(RecordingLogger.Line::message).noneMatch(suppressed());

    clock.advanceMillis(1);
    sink.onFinding(split);
    sink.onFinding(split);

    List<RecordingLogger.Line> lines = logger.lines();
    assertThat(lines).hasSize(6);
    assertThat(lines.get(4).message())
        .isEqualTo(
            "NTLM HANDSHAKE_SPLIT_ACROSS_NODES: split Advice: Use one backend connection per"
                + " client connection. (3 more of this type suppressed)");
    assertThat(lines.get(5).message()).doesNotContain("suppressed");
  }

  @Test
  void theWindowOfOneTypeDoesNotStartAnother() {
    Slf4jSink sink = new Slf4jSink(1, clock, logger);

    sink.onFinding(finding(FindingType.WEAK_NTLM, "a"));
    clock.advance(Duration.ofSeconds(50));
    sink.onFinding(finding(FindingType.MALFORMED_TOKEN, "b"));
    clock.advance(Duration.ofSeconds(20));
    // WEAK_NTLM's window (started at 0 s) is over; MALFORMED_TOKEN's (started at 50 s) is not.
    sink.onFinding(finding(FindingType.WEAK_NTLM, "c"));
    sink.onFinding(finding(FindingType.MALFORMED_TOKEN, "d"));

    assertThat(logger.lines())
        .extracting(RecordingLogger.Line::message)
        .containsExactly(
            "NTLM WEAK_NTLM: a Advice: Use one backend connection per client connection.",
            "NTLM MALFORMED_TOKEN: b Advice: Use one backend connection per client connection.",
            "NTLM WEAK_NTLM: c Advice: Use one backend connection per client connection.");
  }

  @Test
  void zeroPerMinuteLogsNothingAndANegativeRateIsRefused() {
    Slf4jSink sink = new Slf4jSink(0, clock, logger);

    sink.onFinding(finding(FindingType.WEAK_NTLM, "a"));

    assertThat(logger.lines()).isEmpty();
    assertThatThrownBy(() -> new Slf4jSink(-1, clock, logger))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("-1");
  }

  @Test
  void aDisabledLevelLogsNothing() {
    logger.threshold(Level.WARN);
    Slf4jSink sink = new Slf4jSink(10, clock, logger);

    sink.onFinding(finding(FindingType.NEGOTIATE_FELL_BACK_TO_NTLM, "info"));
    sink.onFinding(finding(FindingType.WEAK_NTLM, "warn"));

    assertThat(logger.lines())
        .singleElement()
        .extracting(l -> l.keyValues().get("ntlm.finding"))
        .isEqualTo("WEAK_NTLM");
  }

  @Test
  void headerDerivedStringsCannotBreakTheLine() {
    Slf4jSink sink = new Slf4jSink(10, clock, logger);
    ConnectionInfo odd =
        new ConnectionInfo("c\n1", "10.1.1.1", 8080, "10.0.0.1\r", 40001, "HTTP/1.1");
    Finding f =
        new Finding(
            FindingType.CONNECTION_SHARED_BY_CLIENTS,
            clock.instant(),
            "node\u2028a",
            "h\u0000",
            odd,
            odd,
            "NODE\u001b[2J",
            "203.0.113.7\r\n2024-05-06 INFO forged",
            "alice\nINFO forged",
            "EXAMPLE\u0085",
            "WS01",
            "connection c\n1 was authenticated as alice\nINFO forged",
            "Use one backend connection per client connection.");

    sink.onFinding(f);

    RecordingLogger.Line line = logger.lines().get(0);
    assertThat(line.message())
        .isEqualTo(
            "NTLM CONNECTION_SHARED_BY_CLIENTS: connection c\\n1 was authenticated as"
                + " alice\\nINFO forged Advice: Use one backend connection per client"
                + " connection.");
    assertThat(line.keyValues())
        .containsEntry("ntlm.node", "node\\u2028a")
        .containsEntry("ntlm.handshake", "h\\u0000")
        .containsEntry("ntlm.connection", "c\\n1")
        .containsEntry("ntlm.peer", "10.0.0.1\\r:40001")
        .containsEntry("ntlm.otherConnection", "c\\n1")
        .containsEntry("ntlm.otherNode", "NODE\\u001b[2J")
        .containsEntry("ntlm.client", "203.0.113.7\\r\\n2024-05-06 INFO forged")
        .containsEntry("ntlm.user", "EXAMPLE\\u0085\\\\alice\\nINFO forged");
    for (Object value : line.keyValues().values()) {
      assertThat(hasControlCharacter(value.toString())).as("%s", value).isFalse();
    }
    assertThat(hasControlCharacter(line.message())).isFalse();
  }

  /**
   * A real split handshake through the tracker: the log line carries the whole explanation and
   * nothing that looks like the NT response, the NTProofStr, the session key or the MIC.
   */
  @Test
  void aRealSplitIsLoggedInFullWithoutSecrets() {
    Instant issued = clock.instant();
    NtlmTestMessages messages = NtlmTestMessages.create();
    byte[] type1 = messages.negotiate();
    byte[] type2 =
        messages.challenge(
            ServerIdentity.NODE_A,
            new byte[] {1, 2, 3, 4, 5, 6, 7, 8},
            TargetInfoBuilder.fileTime(issued));
    byte[] type3 =
        messages.answer(type2).addFlags(NtlmFlags.NTLMSSP_NEGOTIATE_SIGN).mic(type1).build();
    RecordingSink recorded = new RecordingSink();
    NtlmAffinity affinity =
        NtlmAffinity.builder()
            .nodeName("node-a")
            .clock(clock)
            .logRatePerMinute(0)
            .sink(new Slf4jSink(10, clock, logger))
            .sink(recorded)
            .build();
    ConnectionInfo first = FakeRequest.connection("10.0.0.1", 40000);
    ConnectionInfo second = FakeRequest.connection("10.0.0.1", 40001);

    Exchange negotiate =
        affinity.begin(FakeRequest.on(first).authorization(NtlmTestMessages.ntlmHeader(type1)));
    negotiate.challenge(NtlmTestMessages.ntlmHeader(type2));
    negotiate.complete(401, false);
    clock.advanceMillis(5);
    affinity
        .begin(FakeRequest.on(second).authorization(NtlmTestMessages.ntlmHeader(type3)))
        .complete(401, false);

    Finding split = recorded.findings().get(0);
    assertThat(split.type()).isEqualTo(FindingType.HANDSHAKE_SPLIT_ACROSS_CONNECTIONS);
    assertThat(split.explanation()).hasSizeGreaterThan(256);
    List<RecordingLogger.Line> lines = logger.lines();
    assertThat(lines)
        .extracting(l -> l.keyValues().get("ntlm.finding"))
        .containsExactly("HANDSHAKE_SPLIT_ACROSS_CONNECTIONS", "CHALLENGE_ABANDONED");
    assertThat(lines.get(0).message())
        .isEqualTo(
            "NTLM HANDSHAKE_SPLIT_ACROSS_CONNECTIONS: "
                + split.explanation().replace("\\", "\\\\")
                + " Advice: "
                + split.advice());
    assertThat(lines.get(0).keyValues())
        .containsEntry("ntlm.connection", second.key())
        .containsEntry("ntlm.otherConnection", first.key())
        .containsEntry("ntlm.user", "EXAMPLE\\\\alice");

    String everything = lines.toString();
    Pattern hexRun = Pattern.compile("[0-9a-fA-F]{16,}");
    assertThat(hexRun.matcher(everything).find()).as(everything).isFalse();
    for (byte[] secret : secretsOf(type3)) {
      assertThat(everything)
          .doesNotContainIgnoringCase(HexFormat.of().formatHex(secret))
          .doesNotContain(Base64.getEncoder().encodeToString(secret))
          .doesNotContain(Base64.getEncoder().encodeToString(Arrays.copyOf(secret, 12)));
    }
  }

  /** The NT response, its NTProofStr and the MIC of an AUTHENTICATE (its session key if any). */
  private static List<byte[]> secretsOf(byte[] type3) {
    ByteBuffer b = ByteBuffer.wrap(type3).order(ByteOrder.LITTLE_ENDIAN);
    byte[] nt = field(type3, b.getShort(20) & 0xffff, b.getInt(24));
    byte[] sessionKey = field(type3, b.getShort(52) & 0xffff, b.getInt(56));
    byte[] mic = Arrays.copyOfRange(type3, 72, 88);
    assertThat(nt).hasSizeGreaterThan(24);
    assertThat(mic).isNotEqualTo(new byte[16]);
    List<byte[]> secrets = new ArrayList<>(List.of(nt, Arrays.copyOf(nt, 16), mic));
    if (sessionKey.length > 0) {
      secrets.add(sessionKey);
    }
    return secrets;
  }

  private static byte[] field(byte[] message, int length, int offset) {
    return Arrays.copyOfRange(message, offset, offset + length);
  }

  private static Predicate<String> suppressed() {
    return m -> m.contains("suppressed");
  }

  private static boolean hasControlCharacter(String s) {
    return s.chars().anyMatch(c -> c < 0x20 || (c >= 0x7f && c < 0xa0) || c == 0x2028);
  }

  private static Map.Entry<String, Object> entry(String key, Object value) {
    return Map.entry(key, value);
  }

  private Finding finding(FindingType type, String explanation) {
    return new Finding(
        type,
        clock.instant(),
        "node-a",
        "node-a-12",
        CONNECTION,
        OTHER,
        "NODE-B",
        "203.0.113.7",
        "alice",
        "EXAMPLE",
        "WS01",
        explanation,
        "Use one backend connection per client connection.");
  }

  private static Finding withUser(Finding f, String user, String domain) {
    return new Finding(
        f.type(),
        f.time(),
        f.node(),
        f.handshakeId(),
        f.connection(),
        f.otherConnection(),
        f.otherNode(),
        f.client(),
        user,
        domain,
        f.workstation(),
        f.explanation(),
        f.advice());
  }
}
