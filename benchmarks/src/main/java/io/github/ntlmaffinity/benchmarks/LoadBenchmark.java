package io.github.ntlmaffinity.benchmarks;

import io.github.ntlmaffinity.Counters;
import io.github.ntlmaffinity.FindingType;
import io.github.ntlmaffinity.NtlmAffinity;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The filter's overhead under load: one embedded Jetty node with a trivial servlet, run without the
 * filter (A) and with it (B), alternately, A B A B, in one JVM, driven on 127.0.0.1 by {@link
 * RawHttp} clients (one thread and one keep-alive connection each). Every run lasts a fixed time;
 * the program stops by itself.
 *
 * <pre>
 * java -cp benchmarks/target/benchmarks.jar io.github.ntlmaffinity.benchmarks.LoadBenchmark \
 *     [--rounds 3] [--seconds 10] [--warmup 10] [--connections 16] [--scenarios plain,plain-ntlm-node,handshake]
 * </pre>
 *
 * <p>Scenarios:
 *
 * <ul>
 *   <li>{@code plain}: GET requests without {@code Authorization}; the servlet answers 200. The
 *       filter tracks no NTLM connection.
 *   <li>{@code plain-ntlm-node}: the same on a node that tracks an NTLM connection (one more
 *       connection logged in first and stays open), as on any node that serves NTLM: the filter
 *       must look each request's connection up.
 *   <li>{@code handshake}: each connection runs NTLM handshakes back to back: a NEGOTIATE (jcifs-ng
 *       made), which the servlet answers 401 with a CHALLENGE carrying a fresh timestamp, then an
 *       AUTHENTICATE echoing that timestamp (jcifs-ng's, patched), answered 200. The servlet checks
 *       nothing; the filter tracks every handshake and must report each as a clean success.
 * </ul>
 *
 * <p>Per run: requests/s, latency percentiles of single requests, and what the server's threads
 * allocated and spent on CPU per request (the load generator shares the JVM and the CPUs, so the
 * server's own CPU time per request shows the filter's cost where requests/s dilutes it).
 */
public final class LoadBenchmark {
  private static final byte[] BODY = "hello\n".getBytes(StandardCharsets.US_ASCII);
  private static final String TYPE1_PREFIX = "NTLM TlRMTVNTUAAB";

  private LoadBenchmark() {}

  public static void main(String[] args) throws Exception {
    Options options = Options.parse(args);
    System.out.println(Environment.describe());
    System.out.printf(
        Locale.ROOT,
        "load: %d connections, runs of %d s after %d s of warm-up per node, %d rounds A B%n",
        options.connections,
        options.seconds,
        options.warmup,
        options.rounds);

    NtlmAffinity affinity = NtlmAffinity.builder().nodeName("bench").build();
    EmbeddedNode plain = EmbeddedNode.start("nofilter-node", 32, null, new TrivialServlet());
    EmbeddedNode filtered = EmbeddedNode.start("filter-node", 32, affinity, new TrivialServlet());
    boolean ok = true;
    try {
      for (String scenario : options.scenarios) {
        ok &= scenario(scenario, plain, filtered, options);
      }
    } finally {
      plain.server().stop();
      filtered.server().stop();
    }
    Counters c = affinity.counters();
    System.out.printf(
        Locale.ROOT,
        "%nfilter counters: %d handshakes started, %d succeeded, %d failed, %d abandoned;"
            + " findings %d; internal errors %d; connections tracked at the end %d%n",
        c.handshakesStarted(),
        c.handshakesSucceeded(),
        c.handshakesFailed(),
        c.handshakesAbandoned(),
        c.findings().values().stream().mapToLong(Long::longValue).sum(),
        c.internalErrors(),
        affinity.snapshot().trackedConnections());
    for (FindingType type : FindingType.values()) {
      if (c.findings(type) > 0) {
        System.out.println("  " + type + " " + c.findings(type));
      }
    }
    System.exit(ok ? 0 : 1);
  }

  private static boolean scenario(String scenario, EmbeddedNode a, EmbeddedNode b, Options options)
      throws Exception {
    System.out.printf(Locale.ROOT, "%n== %s%n", scenario);
    List<RawHttp> loggedIn = new ArrayList<>();
    if (scenario.equals("plain-ntlm-node")) {
      loggedIn.add(login(a));
      loggedIn.add(login(b));
    }
    run(scenario, a, options.connections, options.warmup);
    run(scenario, b, options.connections, options.warmup);
    System.out.println(
        "round node        requests/s  latency per request                              "
            + "server B/req  server CPU µs/req  ratio B/A");
    List<Double> ratios = new ArrayList<>();
    List<Double> aRates = new ArrayList<>();
    List<Double> bRates = new ArrayList<>();
    boolean ok = true;
    for (int round = 1; round <= options.rounds; round++) {
      Result ra = run(scenario, a, options.connections, options.seconds);
      int tracked = b.affinity().snapshot().trackedConnections();
      Result rb = run(scenario, b, options.connections, options.seconds);
      if (!loggedIn.isEmpty()
          && (tracked == 0 || b.affinity().snapshot().trackedConnections() == 0)) {
        System.out.println("WARNING: the filter tracked no NTLM connection during this run");
        ok = false;
      }
      double ratio = rb.rate() / ra.rate();
      ratios.add(ratio);
      aRates.add(ra.rate());
      bRates.add(rb.rate());
      System.out.println(ra.row(round, "A no filter", ""));
      System.out.println(rb.row(round, "B filter", String.format(Locale.ROOT, "%.3f", ratio)));
      ok &= ra.errors == 0 && rb.errors == 0;
    }
    System.out.printf(
        Locale.ROOT,
        "%s: ratio B/A per round %s; mean %.3f; A's own spread (min/max of its rounds) %.3f,"
            + " B's %.3f%n",
        scenario,
        format(ratios),
        ratios.stream().mapToDouble(Double::doubleValue).average().orElse(0),
        spread(aRates),
        spread(bRates));
    for (RawHttp connection : loggedIn) {
      connection.close();
    }
    return ok;
  }

  /** A connection that completed a handshake and stays open. */
  private static RawHttp login(EmbeddedNode node) throws IOException {
    RawHttp http = RawHttp.connect(node.port());
    RawHttp.Response challenge =
        http.exchange(http.get("/", Messages.NEGOTIATE), "WWW-Authenticate");
    byte[] type2 = Base64.getDecoder().decode(challenge.header().substring(5));
    String type3 = Messages.authenticateHeader(Messages.challengeTimestamp(type2));
    if (http.exchange(http.get("/", type3), null).status() != 200) {
      throw new IOException("the login on " + node.name() + " failed");
    }
    return http;
  }

  private static String format(List<Double> values) {
    StringBuilder s = new StringBuilder();
    for (double v : values) {
      s.append(s.length() == 0 ? "" : " ").append(String.format(Locale.ROOT, "%.3f", v));
    }
    return s.toString();
  }

  private static double spread(List<Double> rates) {
    double min = rates.stream().mapToDouble(Double::doubleValue).min().orElse(0);
    double max = rates.stream().mapToDouble(Double::doubleValue).max().orElse(1);
    return min / max;
  }

  /** Runs {@code connections} clients against {@code node} for {@code seconds}. */
  private static Result run(String scenario, EmbeddedNode node, int connections, int seconds)
      throws InterruptedException {
    long deadline = System.nanoTime() + seconds * 1_000_000_000L;
    List<Client> clients = new ArrayList<>();
    for (int i = 0; i < connections; i++) {
      clients.add(new Client(scenario, node.port(), deadline));
    }
    ThreadUsage usage = ThreadUsage.start(node.name() + "-");
    long started = System.nanoTime();
    List<Thread> threads = new ArrayList<>();
    for (Client c : clients) {
      Thread t = new Thread(c, "load-client");
      t.start();
      threads.add(t);
    }
    for (Thread t : threads) {
      t.join();
    }
    long elapsed = System.nanoTime() - started;
    long[] server = usage.since();
    Latencies latencies = new Latencies();
    long requests = 0;
    long errors = 0;
    for (Client c : clients) {
      latencies.add(c.latencies);
      requests += c.requests;
      errors += c.errors;
      if (c.failure.get() != null) {
        System.out.println("client failed: " + c.failure.get());
      }
    }
    return new Result(requests, errors, elapsed, latencies, server[0], server[1]);
  }

  /** One client thread on one keep-alive connection. */
  private static final class Client implements Runnable {
    private final String scenario;
    private final int port;
    private final long deadline;
    final Latencies latencies = new Latencies();
    final AtomicReference<Throwable> failure = new AtomicReference<>();
    long requests;
    long errors;

    Client(String scenario, int port, long deadline) {
      this.scenario = scenario;
      this.port = port;
      this.deadline = deadline;
    }

    @Override
    public void run() {
      try (RawHttp http = RawHttp.connect(port)) {
        byte[] plain = http.get("/", null);
        byte[] negotiate = http.get("/", Messages.NEGOTIATE);
        boolean handshake = scenario.equals("handshake");
        while (System.nanoTime() < deadline) {
          if (handshake) {
            RawHttp.Response challenge = timed(http, negotiate, "WWW-Authenticate", 401);
            if (challenge.header() == null) {
              errors++;
              continue;
            }
            byte[] type2 = Base64.getDecoder().decode(challenge.header().substring(5));
            String type3 = Messages.authenticateHeader(Messages.challengeTimestamp(type2));
            timed(http, http.get("/", type3), null, 200);
          } else {
            timed(http, plain, null, 200);
          }
        }
      } catch (IOException | RuntimeException e) {
        failure.set(e);
        errors++;
      }
    }

    private RawHttp.Response timed(RawHttp http, byte[] request, String header, int expected)
        throws IOException {
      long start = System.nanoTime();
      RawHttp.Response r = http.exchange(request, header);
      latencies.record(System.nanoTime() - start);
      requests++;
      if (r.status() != expected) {
        errors++;
      }
      return r;
    }
  }

  /** What one run measured. */
  private record Result(
      long requests,
      long errors,
      long elapsedNanos,
      Latencies latencies,
      long serverBytes,
      long serverCpuNanos) {

    double rate() {
      return requests * 1e9 / elapsedNanos;
    }

    String row(int round, String node, String ratio) {
      return String.format(
          Locale.ROOT,
          "%5d %-11s %10.0f  %s  %12.0f  %17.1f  %s%s",
          round,
          node,
          rate(),
          latencies.summary(),
          (double) serverBytes / requests,
          serverCpuNanos / 1_000.0 / requests,
          ratio,
          errors == 0 ? "" : "  ERRORS " + errors);
    }
  }

  /**
   * Answers a NEGOTIATE with a 401 carrying a CHALLENGE with a fresh timestamp, anything else with
   * 200 and a six-byte body. Checks no credentials.
   */
  static final class TrivialServlet extends HttpServlet {
    private static final long serialVersionUID = 1L;

    @Override
    protected void doGet(HttpServletRequest request, HttpServletResponse response)
        throws IOException {
      String authorization = request.getHeader("Authorization");
      if (authorization != null && authorization.startsWith(TYPE1_PREFIX)) {
        response.setStatus(HttpServletResponse.SC_UNAUTHORIZED);
        response.setHeader("WWW-Authenticate", Messages.challengeHeader(Messages.uniqueFileTime()));
        response.setContentLength(0);
        return;
      }
      response.setContentType("text/plain");
      response.setContentLength(BODY.length);
      response.getOutputStream().write(BODY);
    }
  }

  /**
   * {@code --rounds 3 --seconds 10 --warmup 10 --connections 16 --scenarios
   * plain,plain-ntlm-node,handshake}.
   */
  private static final class Options {
    int rounds = 3;
    int seconds = 10;
    int warmup = 10;
    int connections = 16;
    List<String> scenarios = List.of("plain", "plain-ntlm-node", "handshake");

    static Options parse(String[] args) {
      Options o = new Options();
      for (int i = 0; i < args.length; i += 2) {
        if (i + 1 >= args.length) {
          throw new IllegalArgumentException("no value after " + args[i]);
        }
        String value = args[i + 1];
        switch (args[i]) {
          case "--rounds" -> o.rounds = Options.positive(args[i], value);
          case "--seconds" -> o.seconds = Options.positive(args[i], value);
          case "--warmup" -> o.warmup = Integer.parseInt(value);
          case "--connections" -> o.connections = Options.positive(args[i], value);
          case "--scenarios" -> o.scenarios = List.of(value.split(","));
          default -> throw new IllegalArgumentException("unknown option " + args[i]);
        }
      }
      for (String s : o.scenarios) {
        if (!List.of("plain", "plain-ntlm-node", "handshake").contains(s)) {
          throw new IllegalArgumentException("unknown scenario " + s);
        }
      }
      return o;
    }

    static int positive(String name, String value) {
      int v = Integer.parseInt(value);
      if (v <= 0 || v > 3_600) {
        throw new IllegalArgumentException(name + " must be 1 to 3600, was " + v);
      }
      return v;
    }
  }
}
