package io.github.ntlmaffinity.cli.probe;

import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.Phaser;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;

/**
 * Runs the handshakes of one probe, check by check, within the budget and the deadline, and keeps
 * every attempt for {@link Evaluation}. Stops at the first failure that ends the run.
 */
final class Prober {
  static final String ONE_CONNECTION = "one-connection";
  static final String CHALLENGE_FIRST = "challenge-first";
  static final String PRE_AUTHENTICATED = "pre-authenticated";
  static final String CONCURRENT = "concurrent";
  static final String IDLE = "idle";

  private final Session session;
  private final Session backend;
  private final ProbeOptions options;
  private final Consumer<String> progress;
  private final Map<String, List<Attempt>> attempts = new LinkedHashMap<>();
  private final Map<String, String> skipped = new LinkedHashMap<>();
  private int number;

  /**
   * @param backend a session on one backend node to confirm the account, or {@code null}
   * @param progress receives a line as each check starts
   */
  Prober(Session session, Session backend, ProbeOptions options, Consumer<String> progress) {
    this.session = session;
    this.backend = backend;
    this.options = options;
    this.progress = progress;
  }

  /** Runs the probe. */
  Run run() throws ProbeFailure, InterruptedException {
    Reply offer = firstContact();
    String alpn = null;
    if (session.target().tls() != null) {
      try {
        alpn = HttpLink.alpn(session.target(), session.deadline());
      } catch (IOException e) {
        throw new ProbeFailure("ALPN: " + Session.describe(e));
      }
    }
    Attempt confirmation = null;
    boolean level2 = session.credentials() != null;
    int per = level2 ? 1 : 2;
    int budget = options.handshakes();
    int oneConnection = Math.min(3, budget);
    int idle = options.idleSeconds() > 0 ? per : 0;
    int concurrent = options.concurrency() > 1 ? options.concurrency() * per : 0;
    int confirm = backend != null ? 1 : 0;
    int sequential =
        Math.min(
            Math.max(2, (budget - oneConnection - idle - concurrent - confirm) / per),
            Math.max(0, (budget - oneConnection - idle - confirm) / per));
    try {
      if (backend != null) {
        progress.accept("confirming the account on the backend node");
        backend.scheme(session.scheme());
        confirmation =
            new Client(backend)
                .handshake(
                    0,
                    Attempt.Flow.PRE_AUTHENTICATED,
                    new Client.Mode(1, true, false, false),
                    Client.Step.NONE);
      }
      progress.accept("several NEGOTIATEs on one client connection");
      sequential(
          ONE_CONNECTION,
          Attempt.Flow.PRE_AUTHENTICATED,
          1,
          new Client.Mode(oneConnection, false, false, false));
      Client.Mode mode = new Client.Mode(per, level2, level2, false);
      progress.accept("sequential handshakes, challenge-first");
      sequential(CHALLENGE_FIRST, Attempt.Flow.CHALLENGE_FIRST, (sequential + 1) / 2, mode);
      progress.accept("sequential handshakes, pre-authenticated");
      sequential(PRE_AUTHENTICATED, Attempt.Flow.PRE_AUTHENTICATED, sequential / 2, mode);
      if (options.idleSeconds() > 0) {
        progress.accept("a handshake pausing " + options.idleSeconds() + " s between legs");
        sequential(
            IDLE, Attempt.Flow.PRE_AUTHENTICATED, 1, new Client.Mode(per, level2, level2, true));
      } else {
        skipped.put(IDLE, "not run: no --idle SECONDS");
      }
      if (options.concurrency() > 1) {
        progress.accept(options.concurrency() + " concurrent handshakes");
        concurrent(mode);
      } else {
        skipped.put(CONCURRENT, "not run: -c 1");
      }
    } catch (Deadline.TimeUpException e) {
      skipped.putIfAbsent("*", "the --timeout of " + options.timeoutSeconds() + " s passed");
    } catch (IOException e) {
      throw new ProbeFailure(Session.describe(e));
    }
    return new Run(offer, alpn, confirmation, attempts, skipped, session.budget().spent());
  }

  /** One anonymous request: is this an NTLM service, and which scheme does it offer? */
  private Reply firstContact() throws ProbeFailure, InterruptedException {
    try (HttpLink link = session.open("first request")) {
      Reply offer = new Client(session).send(link, null, "first request");
      if (options.level3() && ProbeMark.of(offer) == null) {
        throw new ProbeFailure(
            Terminal.escape(session.target().uri().toString())
                + " did not answer as an ntlm-affinity probe endpoint (no "
                + ProbeMark.HEADER
                + "): set the filter's probePath on the backends (docs/probe.md), and give"
                + " --probe-path as the balancer sees it, context path included");
      }
      String scheme = offer.offeredScheme();
      if (offer.status() != 401 || scheme == null) {
        throw new ProbeFailure(
            "the URL does not offer NTLM: it answered "
                + offer.status()
                + " without WWW-Authenticate: NTLM or Negotiate");
      }
      session.scheme(scheme);
      return offer;
    } catch (IOException e) {
      throw new ProbeFailure("first request: " + Session.describe(e));
    }
  }

  private void sequential(String check, Attempt.Flow flow, int count, Client.Mode mode)
      throws ProbeFailure, IOException, InterruptedException {
    Client client = new Client(session);
    List<Attempt> list = attempts.computeIfAbsent(check, k -> new ArrayList<>());
    for (int i = 0; i < count; i++) {
      Attempt attempt = client.handshake(++number, flow, mode, Client.Step.NONE);
      if (attempt == null) {
        skipped.put(check, "the handshake budget (-n " + options.handshakes() + ") was spent");
        return;
      }
      list.add(attempt);
    }
  }

  /** {@code -c} clients at once, each leg sent by all of them together. */
  private void concurrent(Client.Mode mode) throws ProbeFailure, IOException, InterruptedException {
    int c = options.concurrency();
    Deadline deadline = session.deadline();
    Phaser phaser = new Phaser(c);
    Client.Step step =
        () -> {
          try {
            phaser.awaitAdvanceInterruptibly(
                phaser.arrive(), deadline.remainingMillis() + 1, TimeUnit.MILLISECONDS);
          } catch (TimeoutException e) {
            // the deadline: the leg goes alone, and its read fails at once
          }
        };
    ExecutorService pool = Executors.newFixedThreadPool(c);
    List<Future<Attempt>> futures = new ArrayList<>();
    try {
      for (int i = 0; i < c; i++) {
        int n = ++number;
        futures.add(
            pool.submit(
                () -> {
                  try {
                    return new Client(session)
                        .handshake(n, Attempt.Flow.CHALLENGE_FIRST, mode, step);
                  } finally {
                    phaser.arriveAndDeregister();
                  }
                }));
      }
      List<Attempt> list = attempts.computeIfAbsent(CONCURRENT, k -> new ArrayList<>());
      for (Future<Attempt> future : futures) {
        try {
          Attempt a = future.get(deadline.remainingMillis() + 1000, TimeUnit.MILLISECONDS);
          if (a == null) {
            skipped.put(
                CONCURRENT, "the handshake budget (-n " + options.handshakes() + ") was spent");
          } else {
            list.add(a);
          }
        } catch (ExecutionException e) {
          Throwable cause = e.getCause();
          if (cause instanceof ProbeFailure f) {
            throw f;
          }
          if (cause instanceof IOException io) {
            throw io;
          }
          throw new ProbeFailure("a concurrent handshake failed: " + cause);
        } catch (TimeoutException e) {
          throw new Deadline.TimeUpException();
        }
      }
    } finally {
      pool.shutdownNow();
    }
  }

  /**
   * Everything one run saw.
   *
   * @param offer the first anonymous response
   * @param alpn what the balancer chose by ALPN when offered h2, or {@code null} for plain http
   * @param confirmation the login on the backend node, or {@code null}
   * @param attempts the handshakes by check
   * @param skipped why checks did not run (or not fully), by check; {@code *} for all that did not
   *     start
   * @param handshakes NEGOTIATEs sent
   */
  record Run(
      Reply offer,
      String alpn,
      Attempt confirmation,
      Map<String, List<Attempt>> attempts,
      Map<String, String> skipped,
      int handshakes) {

    List<Attempt> of(String check) {
      return attempts.getOrDefault(check, List.of());
    }
  }
}
