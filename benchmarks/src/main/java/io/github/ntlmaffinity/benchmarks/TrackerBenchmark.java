package io.github.ntlmaffinity.benchmarks;

import io.github.ntlmaffinity.ConnectionInfo;
import io.github.ntlmaffinity.Counters;
import io.github.ntlmaffinity.Exchange;
import io.github.ntlmaffinity.ExchangeRequest;
import io.github.ntlmaffinity.FindingType;
import io.github.ntlmaffinity.NtlmAffinity;
import io.github.ntlmaffinity.wire.MessageType;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The tracker's cost per observed request, through core's public entry point {@link
 * NtlmAffinity#begin} with core's own request view ({@link ExchangeRequest}), no servlet types:
 * what every integration pays on top of its container.
 *
 * <ul>
 *   <li>{@code tracker_plainRequestEmptyTable}: a request without {@code Authorization} on a node
 *       that tracks no NTLM connection.
 *   <li>{@code tracker_plainRequestUnknownConnection}: the same on a node that tracks NTLM
 *       connections, arriving on another connection (one table look-up).
 *   <li>{@code tracker_plainRequestKnownConnection}: a request without {@code Authorization} on a
 *       connection that authenticated with NTLM before (the keep-alive requests after a login).
 *   <li>{@code tracker_cleanHandshake}: one whole handshake on one connection: NEGOTIATE, its 401
 *       with the CHALLENGE, AUTHENTICATE, its 200. Five calls: two {@code begin}, one {@code
 *       challenge}, two {@code complete}; decoding of all three messages included.
 *   <li>{@code tracker_splitHandshake}: the same, but the AUTHENTICATE arrives on another
 *       connection: two findings (split across connections, challenge abandoned) are built and
 *       delivered to the diagnostics buffer. Logging is off ({@code logRatePerMinute(0)}) so that
 *       the benchmark prints nothing; with it on, at most 10 lines a minute are written.
 * </ul>
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 5, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(2)
public class TrackerBenchmark {
  private NtlmAffinity empty;
  private NtlmAffinity tracking;
  private NtlmAffinity splitting;

  private Request plainOnUnknown;
  private Request plainOnKnown;
  private Request negotiate;
  private Request authenticate;
  private Request authenticateElsewhere;
  private String challenge;

  @Setup(Level.Trial)
  public void setup() {
    empty = NtlmAffinity.builder().nodeName("bench").build();
    tracking = NtlmAffinity.builder().nodeName("bench").build();
    splitting = NtlmAffinity.builder().nodeName("bench").logRatePerMinute(0).build();

    ConnectionInfo known = connection("conn-1", 50001);
    ConnectionInfo other = connection("conn-2", 50002);
    negotiate = new Request(Messages.NEGOTIATE, known);
    authenticate = new Request(Messages.AUTHENTICATE, known);
    authenticateElsewhere = new Request(Messages.AUTHENTICATE, other);
    challenge = Messages.CHALLENGE;
    plainOnKnown = new Request(null, known);
    plainOnUnknown = new Request(null, connection("conn-3", 50003));

    // The known connection authenticated once: it is in the table, owned by its client.
    handshake(tracking, negotiate, authenticate);
    Counters c = tracking.counters();
    if (c.handshakesSucceeded() != 1 || c.findings(FindingType.HANDSHAKE_SPLIT_ACROSS_NODES) != 0) {
      throw new IllegalStateException("the setup handshake did not succeed: " + c);
    }
  }

  @TearDown(Level.Trial)
  public void check() {
    Counters c = tracking.counters();
    if (c.handshakesFailed() != 0 || c.internalErrors() != 0 || c.handshakesAbandoned() != 0) {
      throw new IllegalStateException("clean handshakes went wrong: " + c);
    }
    Counters s = splitting.counters();
    if (s.messages(MessageType.AUTHENTICATE)
        != s.findings(FindingType.HANDSHAKE_SPLIT_ACROSS_CONNECTIONS)) {
      throw new IllegalStateException("not every split was reported: " + s);
    }
  }

  @Benchmark
  public Exchange tracker_plainRequestEmptyTable() {
    Exchange e = empty.begin(plainOnUnknown);
    e.complete(200, false);
    return e;
  }

  @Benchmark
  public Exchange tracker_plainRequestUnknownConnection() {
    Exchange e = tracking.begin(plainOnUnknown);
    e.complete(200, false);
    return e;
  }

  @Benchmark
  public Exchange tracker_plainRequestKnownConnection() {
    Exchange e = tracking.begin(plainOnKnown);
    e.complete(200, false);
    return e;
  }

  @Benchmark
  public Exchange tracker_cleanHandshake() {
    return handshake(tracking, negotiate, authenticate);
  }

  @Benchmark
  public Exchange tracker_splitHandshake() {
    return handshake(splitting, negotiate, authenticateElsewhere);
  }

  private Exchange handshake(NtlmAffinity affinity, Request type1, Request type3) {
    Exchange first = affinity.begin(type1);
    first.challenge(challenge);
    first.complete(401, false);
    Exchange second = affinity.begin(type3);
    second.complete(200, false);
    return second;
  }

  static ConnectionInfo connection(String id, int remotePort) {
    return new ConnectionInfo(id, "127.0.0.1", 8080, "127.0.0.1", remotePort, "HTTP/1.1");
  }

  /** A request with at most an {@code Authorization} header, on a given connection. */
  static final class Request implements ExchangeRequest {
    private final String authorization;
    private final ConnectionInfo connection;

    Request(String authorization, ConnectionInfo connection) {
      this.authorization = authorization;
      this.connection = connection;
    }

    @Override
    public String header(String name) {
      return "Authorization".equalsIgnoreCase(name) ? authorization : null;
    }

    @Override
    public ConnectionInfo connection() {
      return connection;
    }
  }
}
