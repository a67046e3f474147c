package io.github.ntlmaffinity;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.ntlmaffinity.testing.FileTimes;
import io.github.ntlmaffinity.testing.NtlmTestMessages;
import io.github.ntlmaffinity.testing.ServerIdentity;
import io.github.ntlmaffinity.testing.TestClock;
import io.github.ntlmaffinity.wire.MessageType;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Eight threads drive 4,000 interleaved handshakes at once, each on connections of its own, in a
 * known mix: clean, split across connections, abandoned for a new NEGOTIATE, and NTLMv1. While they
 * run, another thread takes snapshots and expires. Counters, findings and every handshake's outcome
 * must come out exactly as the mix says.
 */
@Timeout(120)
class NtlmAffinityConcurrencyTest {
  private static final int THREADS = 8;
  private static final int PER_THREAD = 500;
  private static final int TOTAL = THREADS * PER_THREAD;
  private static final int PER_KIND = TOTAL / Kind.values().length;
  private static final byte[] SERVER_CHALLENGE = {1, 2, 3, 4, 5, 6, 7, 8};

  private final TestClock clock = TestClock.create();
  private final AtomicLong fileTimes = new AtomicLong(FileTimes.of(clock.instant()));

  enum Kind {
    /** NEGOTIATE, CHALLENGE, AUTHENTICATE on one connection: 200. */
    CLEAN,
    /** The AUTHENTICATE on a second connection: 401. */
    SPLIT,
    /** A second NEGOTIATE on the connection before the AUTHENTICATE, which then answers it. */
    ABANDONED,
    /** NTLMv1 on one connection: 200. */
    WEAK
  }

  /** One planned handshake with its messages made in advance. */
  private record Plan(
      Kind kind,
      ConnectionInfo a,
      ConnectionInfo b,
      NtlmTestMessages.Handshake first,
      NtlmTestMessages.Handshake second) {}

  @Test
  void interleavedHandshakesAreCountedExactly() throws Exception {
    long generating = System.nanoTime();
    List<List<Plan>> plans = plans();
    long generatedMillis = (System.nanoTime() - generating) / 1_000_000;
    RecordingSink recorded = new RecordingSink();
    NtlmAffinity affinity =
        NtlmAffinity.builder()
            .nodeName("node-a")
            .clock(clock)
            .logRatePerMinute(0)
            .sink(recorded)
            .build();
    CountDownLatch start = new CountDownLatch(1);
    AtomicBoolean running = new AtomicBoolean(true);
    ExecutorService pool = Executors.newFixedThreadPool(THREADS + 1);
    List<Future<?>> workers = new ArrayList<>();

    for (List<Plan> own : plans) {
      workers.add(
          pool.submit(
              () -> {
                start.await();
                drive(affinity, own);
                return null;
              }));
    }
    Future<Integer> observer =
        pool.submit(
            () -> {
              start.await();
              int snapshots = 0;
              while (running.get()) {
                DiagnosticsSnapshot s = affinity.snapshot();
                assertThat(s.trackedConnections()).isLessThanOrEqualTo(10_000);
                assertThat(s.toJson()).startsWith("{\"node\":\"node-a\"");
                affinity.expire();
                snapshots++;
              }
              return snapshots;
            });
    long started = System.nanoTime();
    start.countDown();
    for (Future<?> worker : workers) {
      worker.get(60, TimeUnit.SECONDS);
    }
    long drivenMillis = (System.nanoTime() - started) / 1_000_000;
    running.set(false);
    int snapshots = observer.get(10, TimeUnit.SECONDS);
    pool.shutdown();
    assertThat(pool.awaitTermination(10, TimeUnit.SECONDS)).isTrue();

    Counters c = affinity.counters();
    assertThat(c.internalErrors()).isZero();
    assertThat(c.messages(MessageType.NEGOTIATE)).isEqualTo(5L * PER_KIND);
    assertThat(c.messages(MessageType.CHALLENGE)).isEqualTo(5L * PER_KIND);
    assertThat(c.messages(MessageType.AUTHENTICATE)).isEqualTo(4L * PER_KIND);
    assertThat(c.handshakesStarted()).isEqualTo(5L * PER_KIND);
    assertThat(c.handshakesSucceeded()).isEqualTo(3L * PER_KIND);
    assertThat(c.handshakesAbandoned()).isEqualTo(2L * PER_KIND);
    // A split handshake's AUTHENTICATE was refused on the wrong connection: a failed login.
    assertThat(c.handshakesFailed()).isEqualTo(PER_KIND);
    assertThat(c.malformedTokens()).isZero();
    assertThat(c.connectionEvictions()).isZero();
    assertThat(c.challengeEvictions()).isZero();
    Map<FindingType, Long> expected = new EnumMap<>(FindingType.class);
    for (FindingType t : FindingType.values()) {
      expected.put(t, 0L);
    }
    expected.put(FindingType.HANDSHAKE_SPLIT_ACROSS_CONNECTIONS, (long) PER_KIND);
    expected.put(FindingType.CHALLENGE_ABANDONED, 2L * PER_KIND);
    expected.put(FindingType.WEAK_NTLM, (long) PER_KIND);
    assertThat(c.findings()).isEqualTo(expected);
    assertThat(recorded.countByType()).isEqualTo(expected);

    // Every finding names the connections of its own handshake.
    for (Finding f : recorded.findings()) {
      String plan = planOf(f.connection());
      switch (f.type()) {
        case HANDSHAKE_SPLIT_ACROSS_CONNECTIONS -> {
          assertThat(f.connection().id()).isEqualTo(plan + "-b").contains("SPLIT");
          assertThat(f.otherConnection().id()).isEqualTo(plan + "-a");
          assertThat(f.user()).isEqualTo(NtlmTestMessages.USER);
        }
        case CHALLENGE_ABANDONED ->
            assertThat(f.connection().id()).isEqualTo(plan + "-a").containsAnyOf("SPLIT", "ABAN");
        case WEAK_NTLM -> assertThat(f.connection().id()).isEqualTo(plan + "-a").contains("WEAK");
        default -> throw new AssertionError("unexpected " + f);
      }
    }

    // Every handshake ended as its plan says, with its legs on its own connections.
    Map<String, Handshake> last = new HashMap<>();
    for (Handshake h : recorded.handshakes()) {
      last.put(h.id(), h);
    }
    assertThat(last).hasSize(5 * PER_KIND);
    Map<String, Integer> outcomes = new HashMap<>();
    for (Handshake h : last.values()) {
      String plan = planOf(h.legs().get(0).connection());
      List<String> legs = new ArrayList<>();
      for (Handshake.Leg leg : h.legs()) {
        assertThat(planOf(leg.connection())).isEqualTo(plan);
        legs.add(leg.type().name().charAt(0) + leg.connection().id().substring(plan.length()));
      }
      String shape = kindOf(plan) + " " + h.outcome() + " " + legs;
      outcomes.merge(shape, 1, Integer::sum);
    }
    assertThat(outcomes)
        .containsOnly(
            Map.entry("CLEAN SUCCEEDED [N-a, C-a, A-a]", PER_KIND),
            Map.entry("SPLIT FAILED [N-a, C-a, A-b]", PER_KIND),
            Map.entry("ABANDONED ABANDONED [N-a, C-a]", PER_KIND),
            Map.entry("ABANDONED SUCCEEDED [N-a, C-a, A-a]", PER_KIND),
            Map.entry("WEAK SUCCEEDED [N-a, C-a, A-a]", PER_KIND));

    DiagnosticsSnapshot s = affinity.snapshot();
    // Connections: CLEAN, ABANDONED and WEAK one each, SPLIT two.
    assertThat(s.trackedConnections()).isEqualTo(5 * PER_KIND);
    // The abandoned CHALLENGEs stay matchable until they expire.
    assertThat(s.trackedChallenges()).isEqualTo(PER_KIND);
    System.out.printf(
        "[concurrency] %,d handshakes on %d threads: messages made in %,d ms, driven in %,d ms,"
            + " %,d snapshots meanwhile%n",
        TOTAL, THREADS, generatedMillis, drivenMillis, snapshots);
  }

  private void drive(NtlmAffinity affinity, List<Plan> plans) {
    // Four handshakes at a time, their legs interleaved: all NEGOTIATEs, then the ABANDONED
    // one's second NEGOTIATE, then all AUTHENTICATEs.
    for (int i = 0; i < plans.size(); i += 4) {
      List<Plan> round = plans.subList(i, Math.min(i + 4, plans.size()));
      for (Plan p : round) {
        negotiate(affinity, p.a(), p.first());
      }
      for (Plan p : round) {
        if (p.kind() == Kind.ABANDONED) {
          negotiate(affinity, p.a(), p.second());
        }
      }
      for (Plan p : round) {
        switch (p.kind()) {
          case CLEAN -> {
            authenticate(affinity, p.a(), p.first(), 200);
            // A plain request of the same client on the authenticated connection: nothing.
            affinity.begin(FakeRequest.on(p.a())).complete(200, false);
          }
          case SPLIT -> authenticate(affinity, p.b(), p.first(), 401);
          case ABANDONED -> authenticate(affinity, p.a(), p.second(), 200);
          case WEAK -> authenticate(affinity, p.a(), p.first(), 200);
        }
      }
    }
  }

  private static void negotiate(
      NtlmAffinity affinity, ConnectionInfo on, NtlmTestMessages.Handshake h) {
    Exchange e =
        affinity.begin(FakeRequest.on(on).authorization(NtlmTestMessages.ntlmHeader(h.type1())));
    e.challenge(NtlmTestMessages.ntlmHeader(h.type2()));
    e.complete(401, false);
  }

  private static void authenticate(
      NtlmAffinity affinity, ConnectionInfo on, NtlmTestMessages.Handshake h, int status) {
    affinity
        .begin(FakeRequest.on(on).authorization(NtlmTestMessages.ntlmHeader(h.type3())))
        .complete(status, false);
  }

  // ---- the plan ------------------------------------------------------------------------------

  /** Each thread's handshakes, their messages made before any thread starts (jcifs-ng is slow). */
  private List<List<Plan>> plans() {
    NtlmTestMessages v2 = NtlmTestMessages.create();
    NtlmTestMessages v1 = NtlmTestMessages.lmCompatibility(0);
    List<List<Plan>> all = new ArrayList<>();
    for (int t = 0; t < THREADS; t++) {
      List<Plan> own = new ArrayList<>(PER_THREAD);
      for (int i = 0; i < PER_THREAD; i++) {
        Kind kind = Kind.values()[i % Kind.values().length];
        String id = "t" + t + "-" + i + "-" + kind;
        String client = "10." + t + "." + (i >>> 8) + "." + (i & 0xff);
        ConnectionInfo a =
            new ConnectionInfo(id + "-a", "10.1.1.1", 8080, client, 40000, "HTTP/1.1");
        ConnectionInfo b =
            new ConnectionInfo(id + "-b", "10.1.1.1", 8080, client, 40001, "HTTP/1.1");
        NtlmTestMessages.Handshake first = kind == Kind.WEAK ? weak(v1) : handshake(v2);
        NtlmTestMessages.Handshake second = kind == Kind.ABANDONED ? handshake(v2) : null;
        own.add(new Plan(kind, a, b, first, second));
      }
      all.add(own);
    }
    return all;
  }

  private NtlmTestMessages.Handshake handshake(NtlmTestMessages messages) {
    return messages.handshake(ServerIdentity.NODE_A, SERVER_CHALLENGE, fileTimes.getAndIncrement());
  }

  private NtlmTestMessages.Handshake weak(NtlmTestMessages v1) {
    NtlmTestMessages.Handshake h = handshake(v1);
    assertThat(h.type3().length).isLessThan(200);
    return h;
  }

  /** {@code t3-17-SPLIT} of the connection {@code t3-17-SPLIT-b}. */
  private static String planOf(ConnectionInfo c) {
    String id = c.id();
    return id.substring(0, id.lastIndexOf('-'));
  }

  private static String kindOf(String plan) {
    return plan.substring(plan.lastIndexOf('-') + 1);
  }
}
