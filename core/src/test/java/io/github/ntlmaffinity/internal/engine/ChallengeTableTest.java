package io.github.ntlmaffinity.internal.engine;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.ntlmaffinity.ConnectionInfo;
import io.github.ntlmaffinity.Exchange;
import io.github.ntlmaffinity.FakeRequest;
import io.github.ntlmaffinity.Finding;
import io.github.ntlmaffinity.FindingType;
import io.github.ntlmaffinity.NtlmAffinity;
import io.github.ntlmaffinity.RecordingSink;
import io.github.ntlmaffinity.testing.NtlmTestMessages;
import io.github.ntlmaffinity.testing.ServerIdentity;
import io.github.ntlmaffinity.testing.TargetInfoBuilder;
import io.github.ntlmaffinity.testing.TestClock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class ChallengeTableTest {
  private static final Instant T0 = Instant.parse("2024-05-06T07:08:09Z");
  private static final long TS = 133_594_000_000_000_000L;
  private static final byte[] SERVER_CHALLENGE = {1, 2, 3, 4, 5, 6, 7, 8};

  private final ConnectionState a = connection("a");
  private final ConnectionState b = connection("b");
  private final ConnectionState c = connection("c");
  private final ConnectionState d = connection("d");
  private int handshakes;

  @Test
  void findsAnOpenChallengeByTimestamp() {
    ChallengeTable table = new ChallengeTable(10);
    ChallengeRecord r = record(TS, a, 0);

    assertThat(table.add(r)).isEmpty();

    assertThat(table.find(TS, a)).isSameAs(r);
    assertThat(table.find(TS, b)).isSameAs(r);
    assertThat(table.find(TS + 1, a)).isNull();
    assertThat(table.size()).isEqualTo(1);
  }

  @Test
  void amongEqualTimestampsPrefersTheSameConnectionElseTheNewest() {
    ChallengeTable table = new ChallengeTable(10);
    ChallengeRecord onA = record(TS, a, 0);
    ChallengeRecord onB = record(TS, b, 0);
    ChallengeRecord onC = record(TS, c, 0);
    table.add(onA);
    table.add(onB);
    table.add(onC);

    assertThat(table.find(TS, a)).isSameAs(onA);
    assertThat(table.find(TS, b)).isSameAs(onB);
    assertThat(table.find(TS, c)).isSameAs(onC);
    assertThat(table.find(TS, d)).isSameAs(onC);
    assertThat(table.size()).isEqualTo(3);
  }

  @Test
  void closingTheNewestOfAChainKeepsTheOthers() {
    ChallengeTable table = new ChallengeTable(10);
    ChallengeRecord onA = add(table, TS, a);
    ChallengeRecord onB = add(table, TS, b);
    ChallengeRecord onC = add(table, TS, c);

    table.close(onC);

    assertThat(onC.open).isFalse();
    assertThat(onC.sameTimestamp).as("a closed record links to nothing").isNull();
    assertThat(table.find(TS, c)).isSameAs(onB);
    assertThat(table.find(TS, a)).isSameAs(onA);
    assertThat(table.find(TS, b)).isSameAs(onB);
    assertThat(table.size()).isEqualTo(2);
  }

  @Test
  void closingTheMiddleOfAChainKeepsTheOthers() {
    ChallengeTable table = new ChallengeTable(10);
    ChallengeRecord onA = add(table, TS, a);
    ChallengeRecord onB = add(table, TS, b);
    ChallengeRecord onC = add(table, TS, c);

    table.close(onB);

    assertThat(onB.sameTimestamp).as("a closed record links to nothing").isNull();
    assertThat(onC.sameTimestamp).isSameAs(onA);
    assertThat(table.find(TS, b)).isSameAs(onC);
    assertThat(table.find(TS, a)).isSameAs(onA);
    assertThat(table.find(TS, c)).isSameAs(onC);
    assertThat(table.size()).isEqualTo(2);
  }

  @Test
  void closingTheOldestOfAChainKeepsTheOthers() {
    ChallengeTable table = new ChallengeTable(10);
    ChallengeRecord onA = add(table, TS, a);
    ChallengeRecord onB = add(table, TS, b);
    ChallengeRecord onC = add(table, TS, c);

    table.close(onA);

    assertThat(table.find(TS, a)).isSameAs(onC);
    assertThat(table.find(TS, b)).isSameAs(onB);
    assertThat(table.find(TS, c)).isSameAs(onC);
    assertThat(table.size()).isEqualTo(2);
  }

  @Test
  void closingEveryRecordOfAChainForgetsTheTimestamp() {
    ChallengeTable table = new ChallengeTable(10);
    ChallengeRecord onA = add(table, TS, a);
    ChallengeRecord onB = add(table, TS, b);

    table.close(onB);
    table.close(onA);

    assertThat(table.find(TS, a)).isNull();
    assertThat(table.size()).isZero();
    // A new record with that timestamp starts a fresh chain.
    ChallengeRecord again = add(table, TS, c);
    assertThat(table.find(TS, a)).isSameAs(again);
    assertThat(again.sameTimestamp).isNull();
  }

  @Test
  void closingTwiceCountsOnce() {
    ChallengeTable table = new ChallengeTable(10);
    ChallengeRecord r = add(table, TS, a);
    add(table, TS + 1, b);

    table.close(r);
    table.close(r);

    assertThat(table.size()).isEqualTo(1);
    assertThat(table.find(TS + 1, b)).isNotNull();
  }

  @Test
  void aChallengeWithoutTimestampIsCountedButNeverFound() {
    ChallengeTable table = new ChallengeTable(10);
    ChallengeRecord untimed = record(null, a, 0);

    table.add(untimed);

    assertThat(table.size()).isEqualTo(1);
    table.close(untimed);
    assertThat(table.size()).isZero();
    assertThat(untimed.open).isFalse();
  }

  @Test
  void theCapEvictsTheOldestOpenChallengesAndReturnsThem() {
    ChallengeTable table = new ChallengeTable(3);
    List<ChallengeRecord> records = new ArrayList<>();
    List<ChallengeRecord> evicted = new ArrayList<>();
    for (int i = 0; i < 5; i++) {
      ChallengeRecord r = record(TS + i, a, i);
      records.add(r);
      evicted.addAll(table.add(r));
      assertThat(table.size()).isLessThanOrEqualTo(3);
    }

    assertThat(evicted).containsExactly(records.get(0), records.get(1));
    assertThat(evicted).noneMatch(r -> r.open);
    assertThat(table.size()).isEqualTo(3);
    assertThat(table.find(TS, a)).isNull();
    assertThat(table.find(TS + 1, a)).isNull();
    assertThat(table.find(TS + 2, a)).isSameAs(records.get(2));
    assertThat(table.find(TS + 4, a)).isSameAs(records.get(4));
  }

  @Test
  void theCapSkipsAnsweredChallengesAndEvictsOnlyOpenOnes() {
    ChallengeTable table = new ChallengeTable(2);
    ChallengeRecord r0 = add(table, TS, a);
    ChallengeRecord r1 = add(table, TS + 1, b);
    table.close(r0);
    ChallengeRecord r2 = add(table, TS + 2, c);

    List<ChallengeRecord> evicted = table.add(record(TS + 3, d, 3));

    assertThat(evicted).containsExactly(r1);
    assertThat(table.size()).isEqualTo(2);
    assertThat(table.find(TS + 2, c)).isSameAs(r2);
  }

  @Test
  void theQueueOfAnsweredChallengesStaysWithinTwiceTheCap() {
    ChallengeTable table = new ChallengeTable(50);
    for (int i = 0; i < 10_000; i++) {
      ChallengeRecord r = record(TS + i, a, 0);
      assertThat(table.add(r)).isEmpty();
      table.close(r);
      assertThat(table.queued()).isLessThanOrEqualTo(100);
    }

    assertThat(table.size()).isZero();
  }

  @Test
  void challengesAnsweredInOrderLeaveNoAnsweredRecordQueued() {
    // An answered record still queued keeps its handshake and connection reachable.
    ChallengeTable table = new ChallengeTable(50);
    for (int i = 0; i < 1_000; i++) {
      ChallengeRecord r = record(TS + i, a, 0);
      table.add(r);
      table.close(r);
      assertThat(table.queued()).isLessThanOrEqualTo(1);
    }
  }

  @Test
  void answeredChallengesNeverPushOutAnOpenOneWhileUnderTheCap() {
    ChallengeTable table = new ChallengeTable(2);
    ChallengeRecord waiting = add(table, TS, a);
    for (int i = 1; i <= 10; i++) {
      table.close(add(table, TS + i, b));
      assertThat(table.queued()).isLessThanOrEqualTo(4);
    }

    assertThat(table.add(record(TS + 100, c, 0))).isEmpty();

    assertThat(table.find(TS, a)).isSameAs(waiting);
    assertThat(waiting.open).isTrue();
    assertThat(table.size()).isEqualTo(2);
    assertThat(table.queued()).isLessThanOrEqualTo(4);
  }

  /**
   * Through the tracker: a login still waiting for its AUTHENTICATE while quicker logins complete
   * around it is not mistaken for a handshake split across nodes.
   */
  @Test
  void aWaitingLoginSurvivesQuickerOnesThatComplete() {
    TestClock clock = TestClock.create();
    NtlmTestMessages messages = NtlmTestMessages.create();
    RecordingSink recorded = new RecordingSink();
    NtlmAffinity affinity =
        NtlmAffinity.builder()
            .clock(clock)
            .maxChallenges(2)
            .logRatePerMinute(0)
            .sink(recorded)
            .build();
    long fileTime = TargetInfoBuilder.fileTime(clock.instant());
    ConnectionInfo slow = FakeRequest.connection("10.0.0.1", 40000);
    NtlmTestMessages.Handshake waiting =
        messages.handshake(ServerIdentity.NODE_A, SERVER_CHALLENGE, fileTime);

    negotiate(affinity, slow, waiting);
    for (int i = 1; i <= 4; i++) {
      ConnectionInfo quick = FakeRequest.connection("10.0.0." + (i + 1), 40000 + i);
      NtlmTestMessages.Handshake h =
          messages.handshake(ServerIdentity.NODE_A, SERVER_CHALLENGE, fileTime + i);
      negotiate(affinity, quick, h);
      authenticate(affinity, quick, h);
    }
    authenticate(affinity, slow, waiting);

    assertThat(recorded.findings()).isEmpty();
    assertThat(affinity.counters().handshakesSucceeded()).isEqualTo(5);
    assertThat(affinity.counters().challengeEvictions()).isZero();
    assertThat(affinity.snapshot().trackedChallenges()).isZero();
  }

  /**
   * Through the tracker, a pooled balancer connection: client B's NEGOTIATE on connection X
   * abandons client A's CHALLENGE there, then A's AUTHENTICATE arrives on connection Y. This node
   * issued that challenge on another of its connections: a split across connections, not nodes.
   */
  @Test
  void anAbandonedChallengeStillTellsWhereItWasIssued() {
    TestClock clock = TestClock.create();
    NtlmTestMessages messages = NtlmTestMessages.create();
    RecordingSink recorded = new RecordingSink();
    NtlmAffinity affinity =
        NtlmAffinity.builder().clock(clock).logRatePerMinute(0).sink(recorded).build();
    long fileTime = TargetInfoBuilder.fileTime(clock.instant());
    ConnectionInfo x = FakeRequest.connection("10.0.0.1", 40000);
    ConnectionInfo y = FakeRequest.connection("10.0.0.1", 40001);
    NtlmTestMessages.Handshake a =
        messages.handshake(ServerIdentity.NODE_A, SERVER_CHALLENGE, fileTime);
    NtlmTestMessages.Handshake b =
        messages.handshake(ServerIdentity.NODE_A, SERVER_CHALLENGE, fileTime + 1);

    negotiate(affinity, x, a);
    negotiate(affinity, x, b);
    authenticate(affinity, y, a);
    authenticate(affinity, x, b);

    assertThat(recorded.findings())
        .extracting(Finding::type)
        .containsExactly(
            FindingType.CHALLENGE_ABANDONED, FindingType.HANDSHAKE_SPLIT_ACROSS_CONNECTIONS);
    Finding split = recorded.findings().get(1);
    assertThat(split.connection()).isEqualTo(y);
    assertThat(split.otherConnection()).isEqualTo(x);
    // Both AUTHENTICATEs were answered 200 here: a handshake ends as its AUTHENTICATE is answered,
    // even after its challenge was abandoned on its own connection.
    assertThat(affinity.counters().handshakesSucceeded()).isEqualTo(2);
    assertThat(affinity.counters().handshakesAbandoned()).isEqualTo(1);
    assertThat(affinity.snapshot().trackedChallenges()).isZero();
  }

  private static void negotiate(
      NtlmAffinity affinity, ConnectionInfo on, NtlmTestMessages.Handshake h) {
    Exchange e =
        affinity.begin(FakeRequest.on(on).authorization(NtlmTestMessages.ntlmHeader(h.type1())));
    e.challenge(NtlmTestMessages.ntlmHeader(h.type2()));
    e.complete(401, false);
  }

  private static void authenticate(
      NtlmAffinity affinity, ConnectionInfo on, NtlmTestMessages.Handshake h) {
    affinity
        .begin(FakeRequest.on(on).authorization(NtlmTestMessages.ntlmHeader(h.type3())))
        .complete(200, false);
  }

  @Test
  void expireClosesAndReturnsTheOpenChallengesIssuedBeforeTheCutoff() {
    ChallengeTable table = new ChallengeTable(10);
    ChallengeRecord at0 = add(table, TS, a, 0);
    ChallengeRecord answered = add(table, TS + 1, b, 1_000);
    ChallengeRecord at2 = add(table, TS + 2, c, 2_000);
    ChallengeRecord at3 = add(table, TS + 3, d, 3_000);
    table.close(answered);

    List<ChallengeRecord> expired = table.expire(T0.toEpochMilli() + 3_000);

    assertThat(expired).containsExactly(at0, at2);
    assertThat(expired).noneMatch(r -> r.open);
    assertThat(table.size()).isEqualTo(1);
    assertThat(table.find(TS, a)).isNull();
    assertThat(table.find(TS + 3, d)).isSameAs(at3);
    assertThat(table.queued()).isEqualTo(1);
    assertThat(table.expire(T0.toEpochMilli() + 3_000)).isEmpty();
    assertThat(table.expire(T0.toEpochMilli() + 3_001)).containsExactly(at3);
    assertThat(table.size()).isZero();
    assertThat(table.queued()).isZero();
  }

  @Test
  void expireUnlinksFromTheChainOfEqualTimestamps() {
    ChallengeTable table = new ChallengeTable(10);
    add(table, TS, a, 0);
    ChallengeRecord later = add(table, TS, b, 5_000);

    table.expire(T0.toEpochMilli() + 1);

    assertThat(table.find(TS, a)).isSameAs(later);
    assertThat(later.sameTimestamp).isNull();
  }

  private ChallengeRecord add(ChallengeTable table, long ts, ConnectionState on) {
    return add(table, ts, on, 0);
  }

  private ChallengeRecord add(ChallengeTable table, long ts, ConnectionState on, long atMillis) {
    ChallengeRecord r = record(ts, on, atMillis);
    assertThat(table.add(r)).isEmpty();
    return r;
  }

  private ChallengeRecord record(Long ts, ConnectionState on, long atMillis) {
    Instant issued = T0.plusMillis(atMillis);
    HandshakeState h = new HandshakeState("h-" + ++handshakes, "node-a", issued, null);
    return new ChallengeRecord(ts, on, h, issued);
  }

  private static ConnectionState connection(String id) {
    return new ConnectionState(
        new ConnectionInfo(id, "10.1.1.1", 8080, "10.0.0.1", 40000, "HTTP/1.1"), T0.toEpochMilli());
  }
}
