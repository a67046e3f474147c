package io.github.ntlmaffinity.examples;

import io.github.ntlmaffinity.DiagnosticsSnapshot;
import java.io.IOException;
import java.io.PrintStream;
import java.net.CookieHandler;
import java.net.CookieManager;
import java.net.CookiePolicy;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.IntFunction;

/**
 * The example cluster: reproduces the field incident end to end. Two backend nodes, each a Jetty
 * server with the ntlm-affinity filter in front of a real NTLM acceptor, behind Jetty's reverse
 * proxy in three modes; real NTLM clients (jcifs-ng's and the JDK's) log in through it; at the end
 * a report per mode: logins ok and failed, where each leg of a broken handshake went, and what each
 * node's filter found.
 *
 * <pre>
 * mvn -B -q -pl examples -am -DskipTests package exec:java
 * mvn -B -q -pl examples -am -DskipTests package exec:java -Dexec.args="--mode sticky --serve"
 * </pre>
 *
 * <p>Options: see {@link ClusterOptions#USAGE}.
 */
public final class ExampleCluster {
  static final Duration CHALLENGE_TIMEOUT = Duration.ofSeconds(30);

  private ExampleCluster() {}

  public static void main(String[] args) throws Exception {
    ClusterOptions options;
    UserTable users;
    try {
      options = ClusterOptions.parse(args);
      users = options.users() == null ? UserTable.defaults() : UserTable.read(options.users());
    } catch (IllegalArgumentException | IOException e) {
      System.err.println("error: " + e.getMessage());
      System.err.print(ClusterOptions.USAGE);
      System.exit(2);
      return;
    }
    if (options.help()) {
      System.out.print(ClusterOptions.USAGE);
      return;
    }
    if (options.nodesOnly()) {
      try (Cluster nodes = startNodes(options, users, System.out)) {
        nodes.join();
      }
      return;
    }
    List<ModeRun> runs =
        run(
            options.modes(),
            users,
            Scenario.DEFAULT,
            System.out,
            options.port(),
            options.portA(),
            options.portB());
    try {
      if (options.serve()) {
        for (ModeRun r : runs) {
          r.cluster().resume();
        }
        Report.serving(runs, System.out);
        runs.get(0).cluster().join();
      }
    } finally {
      for (ModeRun r : runs) {
        r.cluster().close();
      }
    }
  }

  /** Starts only the two nodes, on the options' ports, and prints their URLs. */
  static Cluster startNodes(ClusterOptions options, UserTable users, PrintStream out)
      throws Exception {
    Cluster nodes =
        Cluster.start(null, users, options.portA(), options.portB(), 0, CHALLENGE_TIMEOUT);
    Report.nodesOnly(nodes, users, out);
    return nodes;
  }

  /**
   * Runs each mode on a fresh cluster and prints its report, then a summary. The clusters are left
   * running, drained of traffic: the caller closes them.
   */
  static List<ModeRun> run(
      List<LoadBalancer.Mode> modes, UserTable users, Scenario scenario, PrintStream out)
      throws Exception {
    return run(modes, users, scenario, out, 0, 0, 0);
  }

  /** {@link #run} with the ports of {@code --serve --port} (0: any; one mode only). */
  static List<ModeRun> run(
      List<LoadBalancer.Mode> modes,
      UserTable users,
      Scenario scenario,
      PrintStream out,
      int port,
      int portA,
      int portB)
      throws Exception {
    List<ModeRun> runs = new ArrayList<>();
    try {
      for (LoadBalancer.Mode mode : modes) {
        ModeRun run = runMode(mode, users, scenario, CHALLENGE_TIMEOUT, port, portA, portB);
        runs.add(run);
        Report.mode(run, out);
      }
    } catch (Exception | Error e) {
      for (ModeRun r : runs) {
        r.cluster().close();
      }
      throw e;
    }
    Report.summary(runs, out);
    return runs;
  }

  /** One mode: start a cluster, log in through its balancer, drain it, take the snapshots. */
  static ModeRun runMode(
      LoadBalancer.Mode mode, UserTable users, Scenario scenario, Duration challengeTimeout)
      throws Exception {
    return runMode(mode, users, scenario, challengeTimeout, 0, 0, 0);
  }

  /** {@link #runMode} with the balancer on {@code port} and the nodes on theirs (0: any). */
  static ModeRun runMode(
      LoadBalancer.Mode mode,
      UserTable users,
      Scenario scenario,
      Duration challengeTimeout,
      int port,
      int portA,
      int portB)
      throws Exception {
    long started = System.nanoTime();
    Cluster cluster = Cluster.start(mode, users, portA, portB, port, challengeTimeout);
    try {
      List<UserTable.Account> accounts = users.accounts();
      String prefix = prefix(mode);
      InetSocketAddress balancer = new InetSocketAddress("127.0.0.1", cluster.balancer().port());
      List<Login> logins = new ArrayList<>();

      JcifsNtlmClient browser = new JcifsNtlmClient(balancer, clientAddress(11));
      for (int i = 1; i <= scenario.jcifsOneByOne(); i++) {
        logins.add(
            browser.login(
                prefix + "-s" + i, accounts.get((i - 1) % accounts.size()), "WS-S" + i, false));
      }
      logins.addAll(
          atOnce(
              scenario.jcifsAtOnce(),
              i ->
                  new JcifsNtlmClient(balancer, clientAddress(20 + i))
                      .login(
                          prefix + "-c" + i,
                          accounts.get((i - 1) % accounts.size()),
                          "WS-C" + i,
                          true)));

      JdkNtlmClient jdk = new JdkNtlmClient(cluster.balancer().uri().resolve("app/"));
      CookieHandler previous = CookieHandler.getDefault();
      // The JDK's client keeps the balancer's affinity cookie only with a cookie handler.
      CookieHandler.setDefault(new CookieManager(null, CookiePolicy.ACCEPT_ALL));
      try {
        for (int i = 1; i <= scenario.jdkOneByOne(); i++) {
          logins.add(
              jdk.login(prefix + "-jdk-s" + i, accounts.get((i - 1) % accounts.size()), false));
        }
        logins.addAll(
            atOnce(
                scenario.jdkAtOnce(),
                i ->
                    jdk.login(
                        prefix + "-jdk-c" + i, accounts.get((i - 1) % accounts.size()), true)));
      } finally {
        CookieHandler.setDefault(previous);
      }

      boolean drained = cluster.drain();
      Map<String, DiagnosticsSnapshot> snapshots = new LinkedHashMap<>();
      List<AccessLog.Entry> access = new ArrayList<>();
      for (BackendNode node : cluster.nodes()) {
        snapshots.put(node.identity().nodeName(), node.affinity().snapshot());
        access.addAll(node.accessLog().entries());
      }
      access.sort(Comparator.comparing(AccessLog.Entry::time));
      return new ModeRun(
          mode,
          cluster,
          List.copyOf(logins),
          snapshots,
          List.copyOf(access),
          drained,
          Duration.ofNanos(System.nanoTime() - started));
    } catch (Exception | Error e) {
      cluster.close();
      throw e;
    }
  }

  /** Runs {@code count} logins at the same moment, each on its own thread. */
  private static List<Login> atOnce(int count, IntFunction<Login> login)
      throws InterruptedException {
    if (count == 0) {
      return List.of();
    }
    ExecutorService threads = Executors.newFixedThreadPool(count);
    try {
      CountDownLatch start = new CountDownLatch(1);
      List<Future<Login>> futures = new ArrayList<>();
      for (int i = 1; i <= count; i++) {
        int n = i;
        futures.add(
            threads.submit(
                () -> {
                  start.await();
                  return login.apply(n);
                }));
      }
      start.countDown();
      List<Login> logins = new ArrayList<>();
      for (Future<Login> f : futures) {
        try {
          logins.add(f.get());
        } catch (ExecutionException e) {
          throw new IllegalStateException("a login thread failed", e.getCause());
        }
      }
      return logins;
    } finally {
      threads.shutdownNow();
    }
  }

  /**
   * 127.0.0.{@code n}, so that each demo client has an address of its own (and the nodes tell the
   * clients apart by {@code X-Forwarded-For}); {@code null} where only 127.0.0.1 can be bound.
   */
  static InetAddress clientAddress(int n) {
    try {
      InetAddress address = InetAddress.getByAddress(new byte[] {127, 0, 0, (byte) n});
      return canBind(address) ? address : null;
    } catch (UnknownHostException e) {
      return null;
    }
  }

  /** Whether {@code address} can be bound here (Linux binds all of 127.0.0.0/8; macOS only .1). */
  private static boolean canBind(InetAddress address) {
    try (Socket s = new Socket()) {
      s.bind(new InetSocketAddress(address, 0));
      return true;
    } catch (IOException e) {
      return false;
    }
  }

  private static String prefix(LoadBalancer.Mode mode) {
    return switch (mode) {
      case ROUND_ROBIN -> "rr";
      case COOKIE_POOLED -> "cp";
      case STICKY -> "st";
    };
  }

  static URI diagnosticsJson(BackendNode node) {
    return URI.create(node.diagnosticsUri() + "?format=json");
  }
}
