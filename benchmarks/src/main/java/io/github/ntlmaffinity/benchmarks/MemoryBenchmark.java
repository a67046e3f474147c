package io.github.ntlmaffinity.benchmarks;

import io.github.ntlmaffinity.ConnectionInfo;
import io.github.ntlmaffinity.Counters;
import io.github.ntlmaffinity.DiagnosticsSnapshot;
import io.github.ntlmaffinity.Exchange;
import io.github.ntlmaffinity.ExchangeRequest;
import io.github.ntlmaffinity.NtlmAffinity;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryUsage;
import java.util.Locale;
import org.openjdk.jol.info.GraphLayout;

/**
 * Retained heap of the tracker: per tracked connection and per recorded challenge, measured with
 * JOL's {@link GraphLayout} over everything an {@link NtlmAffinity} with default settings reaches,
 * after 5,000 and after 10,000 connections (the default cap) in one state; and the heap after a
 * flood of a million distinct connections. Connections are never reported closed, the worst case:
 * only the caps and the timeouts bound the tables.
 *
 * <pre>
 * java -Djdk.attach.allowAttachSelf=true -cp benchmarks/target/benchmarks.jar \
 *     io.github.ntlmaffinity.benchmarks.MemoryBenchmark [--flood 1000000]
 * </pre>
 *
 * <p>{@code -Djdk.attach.allowAttachSelf=true} lets JOL size objects through the JVM's own
 * instrumentation; without it JOL computes the sizes from the field layout, which should agree.
 *
 * <p>Each connection looks like one a container reports: its own id and address strings (Jetty's id
 * form, e.g. {@code /10.1.2.3:40001@1f2e3d4c#17}), a peer address of its own, and real jcifs-ng
 * messages with a fresh timestamp per CHALLENGE.
 */
public final class MemoryBenchmark {
  private static final int HALF = 5_000;
  private static final int CAP = 10_000;

  private MemoryBenchmark() {}

  /** How far each connection's handshake goes. */
  enum State {
    /** A NEGOTIATE, answered 401 without a CHALLENGE the filter saw: no challenge record. */
    NEGOTIATED,
    /** A NEGOTIATE answered with a CHALLENGE, its AUTHENTICATE not yet come: one open challenge. */
    CHALLENGED,
    /** A whole handshake, accepted: the connection stays tracked as authenticated. */
    AUTHENTICATED
  }

  public static void main(String[] args) {
    // The tracker holds lambdas (hidden classes), whose fields JOL reaches only this way.
    if (System.getProperty("jol.magicFieldOffset") == null) {
      System.setProperty("jol.magicFieldOffset", "true");
    }
    int flood = 1_000_000;
    for (int i = 0; i < args.length; i++) {
      if (args[i].equals("--flood")) {
        flood = Integer.parseInt(args[++i]);
        if (flood < 0 || flood > 100_000_000) {
          throw new IllegalArgumentException("--flood must be 0 to 100,000,000");
        }
      } else {
        throw new IllegalArgumentException("unknown option " + args[i]);
      }
    }
    System.out.println(Environment.describe());
    System.out.println(
        "retained by one NtlmAffinity (defaults: maxConnections 10,000, maxChallenges 10,000),"
            + " JOL GraphLayout totals");
    System.out.println(
        "state           empty       5,000 conns   10,000 conns   per connection"
            + " (5k->10k)   per connection (0->10k)");
    long[] perConnection = new long[State.values().length];
    for (State state : State.values()) {
      NtlmAffinity affinity = NtlmAffinity.builder().nodeName("bench").build();
      long empty = retained(affinity);
      Feeder feeder = new Feeder(affinity, 0);
      feeder.connections(state, HALF);
      long half = retained(affinity);
      feeder.connections(state, CAP - HALF);
      long full = retained(affinity);
      check(affinity, state, CAP);
      perConnection[state.ordinal()] = (full - half) / (CAP - HALF);
      System.out.printf(
          Locale.ROOT,
          "%-13s %9d  %13d  %13d  %16d B  %21d B%n",
          state,
          empty,
          half,
          full,
          (full - half) / (CAP - HALF),
          (full - empty) / CAP);
    }
    System.out.printf(
        Locale.ROOT,
        "per recorded challenge (CHALLENGED - NEGOTIATED): %d B%n",
        perConnection[State.CHALLENGED.ordinal()] - perConnection[State.NEGOTIATED.ordinal()]);

    if (flood > 0) {
      for (State state : new State[] {State.CHALLENGED, State.AUTHENTICATED}) {
        flood(state, flood);
      }
    }
  }

  private static void flood(State state, int count) {
    long baseline = usedAfterGc();
    NtlmAffinity affinity = NtlmAffinity.builder().nodeName("bench").build();
    Feeder feeder = new Feeder(affinity, 1_000_000);
    long start = System.nanoTime();
    feeder.connections(state, count);
    double seconds = (System.nanoTime() - start) / 1e9;
    long used = usedAfterGc() - baseline;
    long retained = retained(affinity);
    DiagnosticsSnapshot s = affinity.snapshot();
    Counters c = affinity.counters();
    System.out.printf(
        Locale.ROOT,
        "%nflood: %,d distinct connections, each %s, in %.1f s (%,.0f connections/s)%n"
            + "  tables after: %,d connections, %,d open challenges; evicted %,d connections,"
            + " %,d challenges%n"
            + "  retained by the NtlmAffinity (JOL): %,d B; heap used after GC, minus before:"
            + " %,d B%n",
        count,
        state,
        seconds,
        count / seconds,
        s.trackedConnections(),
        s.trackedChallenges(),
        c.connectionEvictions(),
        c.challengeEvictions(),
        retained,
        used);
    // Keep the tracker alive until it was measured.
    java.lang.ref.Reference.reachabilityFence(affinity);
  }

  private static void check(NtlmAffinity affinity, State state, int connections) {
    DiagnosticsSnapshot s = affinity.snapshot();
    Counters c = affinity.counters();
    int challenges = state == State.CHALLENGED ? connections : 0;
    if (s.trackedConnections() != connections
        || s.trackedChallenges() != challenges
        || c.handshakesStarted() != connections
        || c.internalErrors() != 0
        || (state == State.AUTHENTICATED && c.handshakesSucceeded() != connections)) {
      throw new IllegalStateException("unexpected tracker state for " + state + ": " + s + c);
    }
  }

  private static long retained(NtlmAffinity affinity) {
    return GraphLayout.parseInstance(affinity).totalSize();
  }

  private static long usedAfterGc() {
    for (int i = 0; i < 3; i++) {
      System.gc();
    }
    MemoryUsage heap = ManagementFactory.getMemoryMXBean().getHeapMemoryUsage();
    return heap.getUsed();
  }

  /** Feeds connections, each on its own (fake) TCP connection, through the tracker. */
  private static final class Feeder {
    private final NtlmAffinity affinity;
    private int next;

    Feeder(NtlmAffinity affinity, int first) {
      this.affinity = affinity;
      this.next = first;
    }

    void connections(State state, int count) {
      for (int i = 0; i < count; i++) {
        ConnectionInfo connection = connection(next++);
        Exchange negotiate = affinity.begin(new Request(Messages.NEGOTIATE, connection));
        if (state == State.NEGOTIATED) {
          negotiate.complete(401, false);
          continue;
        }
        long fileTime = Messages.uniqueFileTime();
        negotiate.challenge(Messages.challengeHeader(fileTime));
        negotiate.complete(401, false);
        if (state == State.AUTHENTICATED) {
          affinity
              .begin(new Request(Messages.authenticateHeader(fileTime), connection))
              .complete(200, false);
        }
      }
    }

    /** A connection with strings of its own, as a container reports each one. */
    private static ConnectionInfo connection(int n) {
      String remote = "10." + (n >>> 16 & 0xff) + '.' + (n >>> 8 & 0xff) + '.' + (n & 0xff);
      int port = 1_024 + n % 60_000;
      String id = "/" + remote + ':' + port + '@' + Integer.toHexString(n * 0x9E3779B1) + '#' + n;
      return new ConnectionInfo(id, new String("10.0.0.10"), 8080, remote, port, "HTTP/1.1");
    }
  }

  /** A request with an {@code Authorization} header on a given connection. */
  private record Request(String authorization, ConnectionInfo connection)
      implements ExchangeRequest {
    @Override
    public String header(String name) {
      return "Authorization".equalsIgnoreCase(name) ? authorization : null;
    }
  }
}
