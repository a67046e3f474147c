package io.github.ntlmaffinity;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.ntlmaffinity.internal.publish.Slf4jSink;
import io.github.ntlmaffinity.testing.NtlmTestMessages;
import io.github.ntlmaffinity.testing.ServerIdentity;
import io.github.ntlmaffinity.testing.TargetInfoBuilder;
import io.github.ntlmaffinity.testing.TestClock;
import io.github.ntlmaffinity.wire.MessageType;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.lang.ref.Reference;
import java.time.Duration;
import java.util.Arrays;
import java.util.Base64;
import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.atomic.LongAdder;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Floods the tracker with more connections, challenges and orphan AUTHENTICATEs than its caps hold:
 * the tables stay within their caps, the counters stay exact, the recent buffers keep their size,
 * and the heap retained afterwards is bounded by the caps, not by the traffic.
 *
 * <p>Distinct CHALLENGEs and AUTHENTICATEs are made cheaply by patching the MsvAvTimestamp of one
 * real jcifs-ng message: the tracker keys on that value and never verifies the responses.
 */
@Timeout(120)
class NtlmAffinityFloodTest {
  private static final long MB = 1024 * 1024;
  private static final long RETAINED_LIMIT = 64 * MB;
  private static final byte[] SERVER_CHALLENGE = {1, 2, 3, 4, 5, 6, 7, 8};

  private static String type1Header;
  private static byte[] type2;
  private static int type2TimestampAt;
  private static byte[] type3;
  private static int type3TimestampAt;

  private final TestClock clock = TestClock.create();

  @BeforeAll
  static void oneRealHandshake() {
    NtlmTestMessages messages = NtlmTestMessages.create();
    long marker = 0x01d9_a1b2_c3d4_e5f6L;
    NtlmTestMessages.Handshake h =
        messages.handshake(ServerIdentity.NODE_A, SERVER_CHALLENGE, marker);
    type1Header = NtlmTestMessages.ntlmHeader(h.type1());
    type2 = h.type2();
    type2TimestampAt = timestampPair(type2, marker);
    type3 = h.type3();
    type3TimestampAt = timestampPair(type3, marker);
  }

  @Test
  void aMillionConnectionsStayWithinSmallCaps() {
    flood(1_000, 1_000, 1_000_000);
  }

  @Test
  void connectionsStayWithinTheDefaultCaps() {
    flood(10_000, 10_000, 300_000);
  }

  private void flood(int maxConnections, int maxChallenges, int total) {
    CountingSink counted = new CountingSink();
    RecordingLogger logger = new RecordingLogger(Slf4jSink.LOGGER);
    NtlmAffinity affinity =
        NtlmAffinity.builder()
            .nodeName("node-a")
            .clock(clock)
            .maxConnections(maxConnections)
            .maxChallenges(maxChallenges)
            .logRatePerMinute(0)
            .sink(new Slf4jSink(10, clock, logger))
            .sink(counted)
            .build();
    long before = retainedHeap();
    long start = System.nanoTime();
    long base = TargetInfoBuilder.fileTime(clock.instant());

    for (int i = 0; i < total; i++) {
      // 100 connections a millisecond, each from its own client: no expiry within 1,000,000.
      if (i % 100 == 0) {
        clock.advanceMillis(1);
      }
      ConnectionInfo on =
          new ConnectionInfo(
              "c-" + i, "10.1.1.1", 8080, clientAddress(i), 1024 + i % 60_000, "HTTP/1.1");
      Exchange e = affinity.begin(new Request(on, type1Header));
      e.challenge(type2Header(base + i));
      e.complete(401, false);
      if (i % 50_000 == 0) {
        DiagnosticsSnapshot s = affinity.snapshot();
        assertThat(s.trackedConnections()).isLessThanOrEqualTo(maxConnections);
        assertThat(s.trackedChallenges()).isLessThanOrEqualTo(maxChallenges);
      }
    }

    long millis = (System.nanoTime() - start) / 1_000_000;
    DiagnosticsSnapshot s = affinity.snapshot();
    Counters c = s.counters();
    assertThat(s.trackedConnections()).isEqualTo(maxConnections);
    assertThat(s.trackedChallenges()).isEqualTo(maxChallenges);
    assertThat(c.messages(MessageType.NEGOTIATE)).isEqualTo(total);
    assertThat(c.messages(MessageType.CHALLENGE)).isEqualTo(total);
    assertThat(c.messages(MessageType.AUTHENTICATE)).isZero();
    assertThat(c.handshakesStarted()).isEqualTo(total);
    assertThat(c.connectionEvictions()).isEqualTo(total - maxConnections);
    assertThat(c.challengeEvictions()).isEqualTo(total - maxChallenges);
    assertThat(c.handshakesAbandoned()).isZero();
    assertThat(c.findings().values()).allMatch(n -> n == 0L);
    assertThat(c.internalErrors()).isZero();
    assertThat(counted.findings()).isZero();
    assertThat(logger.lines()).isEmpty();
    assertThat(s.findings()).isEmpty();
    assertThat(s.handshakes()).hasSize(200);
    long retained = retainedHeap() - before;
    report(
        "%,d connections, caps %,d/%,d: %,d ms, retained %,d KB",
        total, maxConnections, maxChallenges, millis, retained / 1024);
    assertThat(retained).isLessThan(RETAINED_LIMIT);
    // The tracker must still be reachable when its retained heap is measured.
    Reference.reachabilityFence(affinity);
  }

  /**
   * Every CHALLENGE's 401 closes its connection, as behind a balancer that opens a connection per
   * request: the closed connections must not pile up until the next sweep.
   */
  @Test
  void connectionsClosedByTheirChallenge() {
    int total = 300_000;
    int maxConnections = 1_000;
    int maxChallenges = 1_000;
    CountingSink counted = new CountingSink();
    NtlmAffinity affinity =
        NtlmAffinity.builder()
            .nodeName("node-a")
            .clock(clock)
            .maxConnections(maxConnections)
            .maxChallenges(maxChallenges)
            .logRatePerMinute(0)
            .sink(counted)
            .build();
    long before = retainedHeap();
    long start = System.nanoTime();
    long base = TargetInfoBuilder.fileTime(clock.instant());

    for (int i = 0; i < total; i++) {
      ConnectionInfo on =
          new ConnectionInfo(
              "c-" + i, "10.1.1.1", 8080, clientAddress(i), 1024 + i % 60_000, "HTTP/1.1");
      Exchange e = affinity.begin(new Request(on, type1Header));
      e.challenge(type2Header(base + i));
      e.complete(401, true);
    }

    long millis = (System.nanoTime() - start) / 1_000_000;
    DiagnosticsSnapshot s = affinity.snapshot();
    Counters c = s.counters();
    assertThat(c.messages(MessageType.NEGOTIATE)).isEqualTo(total);
    assertThat(c.findings(FindingType.CHALLENGE_ON_CLOSING_CONNECTION)).isEqualTo(total);
    assertThat(c.findings().values().stream().mapToLong(Long::longValue).sum()).isEqualTo(total);
    assertThat(counted.findings()).isEqualTo(total);
    assertThat(c.handshakesAbandoned()).isEqualTo(total);
    assertThat(c.connectionEvictions()).isZero();
    assertThat(c.challengeEvictions()).isEqualTo(total - maxChallenges);
    assertThat(c.internalErrors()).isZero();
    assertThat(s.trackedConnections()).isZero();
    assertThat(s.trackedChallenges()).isEqualTo(maxChallenges);
    long retained = retainedHeap() - before;
    report(
        "%,d connections closed by their CHALLENGE: %,d ms, retained %,d KB",
        total, millis, retained / 1024);
    assertThat(retained).isLessThan(RETAINED_LIMIT);
    Reference.reachabilityFence(affinity);
  }

  /**
   * A balancer that pools backend connections and shares them between clients: on each new
   * connection one client's NEGOTIATE, then the AUTHENTICATE of the client whose CHALLENGE went out
   * on the connection before. Every handshake is split, and each connection's latest handshake
   * points at the connection before: evicted connections must not stay reachable through it.
   */
  @Test
  void pooledConnectionsCarryingEachOthersHandshakes() {
    int total = 100_000;
    int maxConnections = 1_000;
    CountingSink counted = new CountingSink();
    NtlmAffinity affinity =
        NtlmAffinity.builder()
            .nodeName("node-a")
            .clock(clock)
            .maxConnections(maxConnections)
            .maxChallenges(1_000)
            .logRatePerMinute(0)
            .sink(counted)
            .build();
    long base = TargetInfoBuilder.fileTime(clock.instant());
    long before = retainedHeap();
    long start = System.nanoTime();

    for (int i = 0; i < total; i++) {
      ConnectionInfo on =
          new ConnectionInfo("p-" + i, "10.1.1.1", 8080, "10.0.0.1", 1024 + i % 60_000, "HTTP/1.1");
      Exchange e = affinity.begin(new Request(on, type1Header));
      e.challenge(type2Header(base + i));
      e.complete(401, false);
      if (i > 0) {
        affinity.begin(new Request(on, type3Header(base + i - 1))).complete(401, false);
      }
    }

    long millis = (System.nanoTime() - start) / 1_000_000;
    DiagnosticsSnapshot s = affinity.snapshot();
    Counters c = s.counters();
    // Each AUTHENTICATE splits the previous connection's handshake and abandons the CHALLENGE
    // waiting on its own connection; the first split also reports the first CHALLENGE abandoned.
    assertThat(c.messages(MessageType.AUTHENTICATE)).isEqualTo(total - 1);
    assertThat(c.findings(FindingType.HANDSHAKE_SPLIT_ACROSS_CONNECTIONS)).isEqualTo(total - 1);
    assertThat(c.findings(FindingType.HANDSHAKE_SPLIT_ACROSS_NODES)).isZero();
    assertThat(c.findings(FindingType.CHALLENGE_ABANDONED)).isEqualTo(total);
    assertThat(c.findings(FindingType.REPEATED_HANDSHAKES)).isEqualTo(1);
    assertThat(counted.findings()).isEqualTo(2L * total);
    assertThat(c.handshakesAbandoned()).isEqualTo(total);
    assertThat(c.connectionEvictions()).isEqualTo(total - maxConnections);
    assertThat(c.internalErrors()).isZero();
    assertThat(s.trackedConnections()).isEqualTo(maxConnections);
    assertThat(s.trackedChallenges()).isEqualTo(1);
    long retained = retainedHeap() - before;
    report(
        "%,d pooled connections carrying each other's handshakes: %,d ms, retained %,d KB",
        total, millis, retained / 1024);
    assertThat(retained).isLessThan(RETAINED_LIMIT);
    Reference.reachabilityFence(affinity);
  }

  @Test
  void negotiatesFloodOneConnection() {
    int total = 200_000;
    CountingSink counted = new CountingSink();
    RecordingLogger logger = new RecordingLogger(Slf4jSink.LOGGER);
    NtlmAffinity affinity =
        NtlmAffinity.builder()
            .nodeName("node-a")
            .clock(clock)
            .maxChallenges(1_000)
            .logRatePerMinute(0)
            .sink(new Slf4jSink(10, clock, logger))
            .sink(counted)
            .build();
    ConnectionInfo on = FakeRequest.connection("10.0.0.1", 40000);
    long base = TargetInfoBuilder.fileTime(clock.instant());
    long before = retainedHeap();
    long start = System.nanoTime();

    for (int i = 0; i < total; i++) {
      Exchange e = affinity.begin(new Request(on, type1Header));
      e.challenge(type2Header(base + i));
      e.complete(401, false);
    }

    long millis = (System.nanoTime() - start) / 1_000_000;
    DiagnosticsSnapshot s = affinity.snapshot();
    Counters c = s.counters();
    // Each NEGOTIATE abandons the CHALLENGE before it; the clock stands still, so the one client
    // is reported for repeated handshakes once.
    assertThat(c.messages(MessageType.NEGOTIATE)).isEqualTo(total);
    assertThat(c.messages(MessageType.CHALLENGE)).isEqualTo(total);
    assertThat(c.handshakesStarted()).isEqualTo(total);
    assertThat(c.handshakesAbandoned()).isEqualTo(total - 1);
    assertThat(c.findings(FindingType.CHALLENGE_ABANDONED)).isEqualTo(total - 1);
    assertThat(c.findings(FindingType.REPEATED_HANDSHAKES)).isEqualTo(1);
    assertThat(c.findings().values().stream().mapToLong(Long::longValue).sum()).isEqualTo(total);
    // Abandoned CHALLENGEs stay matchable (their AUTHENTICATE may turn up elsewhere) until the
    // cap pushes them out.
    assertThat(c.challengeEvictions()).isEqualTo(total - 1_000);
    assertThat(c.connectionEvictions()).isZero();
    assertThat(c.internalErrors()).isZero();
    assertThat(counted.findings(FindingType.CHALLENGE_ABANDONED)).isEqualTo(total - 1);
    assertThat(s.trackedConnections()).isEqualTo(1);
    assertThat(s.trackedChallenges()).isEqualTo(1_000);
    assertThat(s.findings()).hasSize(200);
    assertThat(s.handshakes()).hasSize(200);
    assertThat(s.handshakes().get(0).id()).isEqualTo("node-a-" + total);
    // Ten lines a minute per type, and the clock stood still.
    assertThat(logger.lines()).hasSize(11);
    long retained = retainedHeap() - before;
    report(
        "%,d NEGOTIATEs on one connection: %,d ms, retained %,d KB",
        total, millis, retained / 1024);
    assertThat(retained).isLessThan(RETAINED_LIMIT);
    Reference.reachabilityFence(affinity);
  }

  @Test
  void authenticatesAnsweringUnknownChallenges() {
    int total = 100_000;
    CountingSink counted = new CountingSink();
    NtlmAffinity affinity =
        NtlmAffinity.builder()
            .nodeName("node-a")
            .clock(clock)
            .maxConnections(1_000)
            .logRatePerMinute(0)
            .sink(counted)
            .build();
    long now = TargetInfoBuilder.fileTime(clock.instant());
    // One CHALLENGE of this node, so it knows its NTLM name and that it stamps its challenges.
    ConnectionInfo first = FakeRequest.connection("10.0.0.1", 39999);
    Exchange e = affinity.begin(new Request(first, type1Header));
    e.challenge(type2Header(now));
    e.complete(401, false);
    long before = retainedHeap();
    long start = System.nanoTime();

    for (int i = 0; i < total; i++) {
      // Even: stamped a moment ago by no challenge of this node (another node's);
      // odd: stamped an hour ago, older than the challenge timeout.
      long stamp = i % 2 == 0 ? now + 1 + i : now - Duration.ofHours(1).toNanos() / 100 - i;
      ConnectionInfo on =
          new ConnectionInfo(
              "a-" + i, "10.1.1.1", 8080, clientAddress(i), 1024 + i % 60_000, "HTTP/1.1");
      affinity.begin(new Request(on, type3Header(stamp))).complete(401, false);
    }

    long millis = (System.nanoTime() - start) / 1_000_000;
    DiagnosticsSnapshot s = affinity.snapshot();
    Counters c = s.counters();
    assertThat(c.messages(MessageType.AUTHENTICATE)).isEqualTo(total);
    assertThat(c.findings(FindingType.HANDSHAKE_SPLIT_ACROSS_NODES)).isEqualTo(total / 2);
    assertThat(c.findings(FindingType.UNMATCHED_AUTHENTICATE)).isEqualTo(total / 2);
    assertThat(c.findings().values().stream().mapToLong(Long::longValue).sum()).isEqualTo(total);
    assertThat(counted.findings(FindingType.HANDSHAKE_SPLIT_ACROSS_NODES)).isEqualTo(total / 2);
    assertThat(counted.findings(FindingType.UNMATCHED_AUTHENTICATE)).isEqualTo(total / 2);
    assertThat(c.handshakesFailed()).isEqualTo(total);
    assertThat(c.connectionEvictions()).isEqualTo(total + 1 - 1_000);
    assertThat(c.internalErrors()).isZero();
    assertThat(s.trackedConnections()).isEqualTo(1_000);
    assertThat(s.trackedChallenges()).isEqualTo(1);
    assertThat(s.findings()).hasSize(200);
    assertThat(s.handshakes()).hasSize(200);
    long retained = retainedHeap() - before;
    report("%,d orphan AUTHENTICATEs: %,d ms, retained %,d KB", total, millis, retained / 1024);
    assertThat(retained).isLessThan(RETAINED_LIMIT);
    Reference.reachabilityFence(affinity);
  }

  // ---- messages ------------------------------------------------------------------------------

  private static String type2Header(long fileTime) {
    return patched(type2, type2TimestampAt, fileTime);
  }

  private static String type3Header(long fileTime) {
    return patched(type3, type3TimestampAt, fileTime);
  }

  private static String patched(byte[] message, int at, long fileTime) {
    byte[] copy = message.clone();
    for (int i = 0; i < 8; i++) {
      copy[at + i] = (byte) (fileTime >>> (8 * i));
    }
    return "NTLM " + Base64.getEncoder().encodeToString(copy);
  }

  /** Where the value of the MsvAvTimestamp pair (id 7, length 8) holding {@code fileTime} is. */
  private static int timestampPair(byte[] message, long fileTime) {
    byte[] pair = {7, 0, 8, 0, 0, 0, 0, 0, 0, 0, 0, 0};
    for (int i = 0; i < 8; i++) {
      pair[4 + i] = (byte) (fileTime >>> (8 * i));
    }
    int found = -1;
    for (int i = 0; i + pair.length <= message.length; i++) {
      if (Arrays.equals(message, i, i + pair.length, pair, 0, pair.length)) {
        assertThat(found).as("one MsvAvTimestamp pair").isEqualTo(-1);
        found = i + 4;
      }
    }
    assertThat(found).as("MsvAvTimestamp pair").isPositive();
    return found;
  }

  private static String clientAddress(int i) {
    return "10." + (i >>> 16 & 0xff) + '.' + (i >>> 8 & 0xff) + '.' + (i & 0xff);
  }

  // ---- measuring -----------------------------------------------------------------------------

  /** Heap in use after full collections: what is still reachable. */
  private static long retainedHeap() {
    MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
    long used = Long.MAX_VALUE;
    for (int i = 0; i < 4; i++) {
      System.gc();
      used = Math.min(used, memory.getHeapMemoryUsage().getUsed());
    }
    return used;
  }

  private static void report(String format, Object... args) {
    System.out.println("[flood] " + String.format(format, args));
  }

  /** A request with only an Authorization header: built once per message, cheaply. */
  private record Request(ConnectionInfo connection, String authorization)
      implements ExchangeRequest {
    @Override
    public String header(String name) {
      return "Authorization".equalsIgnoreCase(name) ? authorization : null;
    }
  }

  /** Counts findings by type without keeping them. */
  private static final class CountingSink implements Sink {
    private final Map<FindingType, LongAdder> counts = new EnumMap<>(FindingType.class);

    CountingSink() {
      for (FindingType t : FindingType.values()) {
        counts.put(t, new LongAdder());
      }
    }

    @Override
    public void onFinding(Finding finding) {
      counts.get(finding.type()).increment();
    }

    long findings(FindingType type) {
      return counts.get(type).sum();
    }

    long findings() {
      return counts.values().stream().mapToLong(LongAdder::sum).sum();
    }
  }
}
