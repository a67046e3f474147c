package io.github.ntlmaffinity.benchmarks;

import io.github.ntlmaffinity.Counters;
import io.github.ntlmaffinity.FindingType;
import io.github.ntlmaffinity.NtlmAffinity;
import io.github.ntlmaffinity.testing.NtlmTestAcceptor;
import io.github.ntlmaffinity.testing.NtlmTestMessages;
import io.github.ntlmaffinity.testing.ServerIdentity;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Full NTLM logins per second through the filter, against a real acceptor ({@link EmbeddedNode}:
 * Jetty 12 with the filter in front of {@link NtlmTestAcceptor}, which issues real CHALLENGEs and
 * verifies each NTLMv2 response), with many concurrent clients on 127.0.0.1. Each client is a
 * thread with jcifs-ng's client (NEGOTIATE, then an AUTHENTICATE computed from the CHALLENGE and
 * the password) and logs in again and again, on one keep-alive connection or on a new connection
 * per login. Runs for a fixed time and stops by itself.
 *
 * <pre>
 * java -cp benchmarks/target/benchmarks.jar io.github.ntlmaffinity.benchmarks.HandshakeBenchmark \
 *     [--clients 32] [--seconds 20] [--warmup 10] [--new-connection-per-login]
 * </pre>
 */
public final class HandshakeBenchmark {
  private HandshakeBenchmark() {}

  public static void main(String[] args) throws Exception {
    int clients = 32;
    int seconds = 20;
    int warmup = 10;
    boolean fresh = false;
    for (int i = 0; i < args.length; i++) {
      switch (args[i]) {
        case "--clients" -> clients = bounded(args[++i], 1, 1_000);
        case "--seconds" -> seconds = bounded(args[++i], 1, 3_600);
        case "--warmup" -> warmup = bounded(args[++i], 0, 3_600);
        case "--new-connection-per-login" -> fresh = true;
        default -> throw new IllegalArgumentException("unknown option " + args[i]);
      }
    }
    System.out.println(Environment.describe());
    ServerIdentity identity = ServerIdentity.NODE_A;
    NtlmAffinity affinity =
        NtlmAffinity.builder()
            .nodeName("node-a")
            .ntlmNames(identity.nbComputerName(), identity.dnsComputerName())
            .challengeTimeout(Duration.ofSeconds(30))
            .logRatePerMinute(1)
            .build();
    EmbeddedNode node = EmbeddedNode.start("node-a", 64, affinity, NtlmTestAcceptor.create());
    try {
      System.out.printf(
          Locale.ROOT,
          "handshakes: %d clients, %s, %d s after %d s of warm-up, against %s%n",
          clients,
          fresh ? "a new connection per login" : "one keep-alive connection per client",
          seconds,
          warmup,
          "http://127.0.0.1:" + node.port() + "/");
      if (warmup > 0) {
        run(node.port(), clients, warmup, fresh);
      }
      Counters before = affinity.counters();
      ThreadUsage usage = ThreadUsage.start(node.name() + "-");
      Result r = run(node.port(), clients, seconds, fresh);
      long[] server2 = usage.since();
      Counters after = affinity.counters();
      long succeeded = after.handshakesSucceeded() - before.handshakesSucceeded();
      System.out.printf(
          Locale.ROOT,
          "logins: %d ok, %d failed in %.1f s: %.0f logins/s (%.0f requests/s)%n"
              + "latency per login (NEGOTIATE + AUTHENTICATE): %s%n"
              + "server per login: %.0f bytes allocated, %.0f µs CPU%n"
              + "filter: %d handshakes succeeded, %d failed, %d abandoned; findings %d%n",
          r.logins,
          r.failures,
          r.elapsedNanos / 1e9,
          r.logins * 1e9 / r.elapsedNanos,
          2 * r.logins * 1e9 / r.elapsedNanos,
          r.latencies.summary(),
          (double) server2[0] / Math.max(1, r.logins),
          server2[1] / 1_000.0 / Math.max(1, r.logins),
          succeeded,
          after.handshakesFailed() - before.handshakesFailed(),
          after.handshakesAbandoned() - before.handshakesAbandoned(),
          findings(after) - findings(before));
      for (FindingType type : FindingType.values()) {
        if (after.findings(type) > 0) {
          System.out.println("  " + type + " " + after.findings(type));
        }
      }
      if (r.failures > 0 || succeeded != r.logins) {
        System.out.println(
            "MISMATCH: every login should succeed and be counted once by the filter");
        System.exit(1);
      }
    } finally {
      node.server().stop();
    }
    System.exit(0);
  }

  private static long findings(Counters c) {
    return c.findings().values().stream().mapToLong(Long::longValue).sum();
  }

  private static Result run(int port, int clients, int seconds, boolean fresh)
      throws InterruptedException {
    long deadline = System.nanoTime() + seconds * 1_000_000_000L;
    List<Client> all = new ArrayList<>();
    List<Thread> threads = new ArrayList<>();
    long started = System.nanoTime();
    for (int i = 0; i < clients; i++) {
      Client c = new Client(port, deadline, fresh);
      all.add(c);
      Thread t = new Thread(c, "login-client-" + i);
      t.start();
      threads.add(t);
    }
    for (Thread t : threads) {
      t.join();
    }
    long elapsed = System.nanoTime() - started;
    Latencies latencies = new Latencies();
    long logins = 0;
    long failures = 0;
    for (Client c : all) {
      latencies.add(c.latencies);
      logins += c.logins;
      failures += c.failures;
      if (c.failure.get() != null) {
        System.out.println("client failed: " + c.failure.get());
      }
    }
    return new Result(logins, failures, elapsed, latencies);
  }

  private record Result(long logins, long failures, long elapsedNanos, Latencies latencies) {}

  /** One client: logs in again and again until the deadline. */
  private static final class Client implements Runnable {
    private final int port;
    private final long deadline;
    private final boolean fresh;
    private final NtlmTestMessages jcifs = NtlmTestMessages.create();
    final Latencies latencies = new Latencies();
    final AtomicReference<Throwable> failure = new AtomicReference<>();
    long logins;
    long failures;

    Client(int port, long deadline, boolean fresh) {
      this.port = port;
      this.deadline = deadline;
      this.fresh = fresh;
    }

    @Override
    public void run() {
      RawHttp http = null;
      try {
        while (System.nanoTime() < deadline) {
          if (http == null) {
            http = RawHttp.connect(port);
          }
          long start = System.nanoTime();
          boolean ok = login(http);
          latencies.record(System.nanoTime() - start);
          if (ok) {
            logins++;
          } else {
            failures++;
          }
          if (fresh) {
            http.close();
            http = null;
          }
        }
      } catch (IOException | RuntimeException e) {
        failure.set(e);
        failures++;
      } finally {
        if (http != null) {
          try {
            http.close();
          } catch (IOException e) {
            // closing a loopback socket
          }
        }
      }
    }

    private boolean login(RawHttp http) throws IOException {
      String type1 = NtlmTestMessages.ntlmHeader(jcifs.negotiate());
      RawHttp.Response challenge = http.exchange(http.get("/app/", type1), "WWW-Authenticate");
      if (challenge.status() != 401 || challenge.header() == null) {
        return false;
      }
      byte[] type2 = Base64.getDecoder().decode(challenge.header().substring("NTLM ".length()));
      String type3 =
          NtlmTestMessages.ntlmHeader(
              jcifs.authenticate(
                  type2,
                  NtlmTestMessages.DOMAIN,
                  NtlmTestMessages.USER,
                  NtlmTestMessages.PASSWORD,
                  NtlmTestMessages.WORKSTATION));
      return http.exchange(http.get("/app/", type3), null).status() == 200;
    }
  }

  private static int bounded(String value, int min, int max) {
    int v = Integer.parseInt(value);
    if (v < min || v > max) {
      throw new IllegalArgumentException(value + " is not in " + min + " to " + max);
    }
    return v;
  }
}
