package io.github.ntlmaffinity.cli.analyze;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.github.ntlmaffinity.FindingType;
import io.github.ntlmaffinity.examples.LoadBalancer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * Real captures of the example cluster, made once per test run by tcpdump on loopback: the backend
 * side in three formats at once (Ethernet on {@code lo}, Linux cooked v2 with nanosecond stamps and
 * cooked v1 on {@code any}), the client side of the balancer, and what each node's filter found
 * (the oracle).
 */
public final class Captures {
  static final int LOGINS = 6;

  private static Run roundRobin;
  private static Run sticky;
  private static Path dir;

  private Captures() {}

  /** The round-robin run (tcpdump needed: an assumption skips the caller without it). */
  public static synchronized Run roundRobin() throws Exception {
    if (roundRobin == null) {
      roundRobin = run(LoadBalancer.Mode.ROUND_ROBIN, "rr");
    }
    return roundRobin;
  }

  static synchronized Run sticky() throws Exception {
    if (sticky == null) {
      sticky = run(LoadBalancer.Mode.STICKY, "st");
    }
    return sticky;
  }

  static synchronized Path dir() throws Exception {
    if (dir == null) {
      dir = Files.createTempDirectory("analyze-captures");
      Path created = dir;
      Runtime.getRuntime()
          .addShutdownHook(
              new Thread(
                  () -> {
                    try (java.util.stream.Stream<Path> files = Files.list(created)) {
                      files.forEach(f -> f.toFile().delete());
                    } catch (java.io.IOException ignored) {
                      // best effort
                    }
                    created.toFile().delete();
                  }));
    }
    return dir;
  }

  private static Run run(LoadBalancer.Mode mode, String name) throws Exception {
    assumeTrue(Tcpdump.available(), "tcpdump is not installed");
    String said;
    try (ClusterTraffic cluster = new ClusterTraffic(mode)) {
      String filter = "tcp port " + cluster.portA() + " or tcp port " + cluster.portB();
      Path lo = dir().resolve(name + ".pcap");
      Path anyNano = dir().resolve(name + "-sll2-nano.pcap");
      Path cooked = dir().resolve(name + "-sll.pcap");
      Path front = dir().resolve(name + "-front.pcap");
      try (Tcpdump t1 = Tcpdump.start(lo, List.of("-i", "lo"), filter);
          Tcpdump t2 =
              Tcpdump.start(
                  anyNano,
                  List.of("-i", "any", "-y", "LINUX_SLL2", "--time-stamp-precision=nano"),
                  filter);
          Tcpdump t3 = Tcpdump.start(cooked, List.of("-i", "any", "-y", "LINUX_SLL"), filter);
          Tcpdump t4 =
              Tcpdump.start(front, List.of("-i", "lo"), "tcp port " + cluster.balancerPort())) {
        awaitCapturing(List.of(lo, anyNano, cooked), cluster.portA());
        awaitCapturing(List.of(front), cluster.balancerPort());
        cluster.logins(LOGINS);
        cluster.drain();
        Thread.sleep(500);
        t1.stop();
        t2.stop();
        t3.stop();
        t4.stop();
        said = t1.said() + " | " + t2.said() + " | " + t3.said();
      }
      assertThat(Files.size(lo)).isGreaterThan(24);
      return new Run(
          lo,
          anyNano,
          cooked,
          front,
          cluster.found(FindingType.HANDSHAKE_SPLIT_ACROSS_NODES),
          cluster.found(FindingType.HANDSHAKE_SPLIT_ACROSS_CONNECTIONS),
          said);
    }
  }

  /**
   * Connects to {@code port} until every file holds a packet: tcpdump on {@code any} may say it
   * listens a moment before it sees every interface's packets.
   */
  static void awaitCapturing(List<Path> files, int port) throws Exception {
    for (int round = 0; round < 100; round++) {
      try (java.net.Socket s = new java.net.Socket("127.0.0.1", port)) {
        s.getOutputStream().flush();
      }
      boolean all = true;
      for (Path f : files) {
        all &= Files.size(f) > 24;
      }
      if (all) {
        return;
      }
      Thread.sleep(100);
    }
    throw new IllegalStateException("tcpdump captured nothing in 10 s");
  }

  /**
   * One mode's captures and its oracle.
   *
   * @param lo the backend side, Ethernet on {@code lo}, microseconds
   * @param sll2Nano the backend side, Linux cooked v2 on {@code any}, nanoseconds
   * @param sll the backend side, Linux cooked v1 on {@code any}
   * @param front the client side of the balancer
   * @param splitNodes HANDSHAKE_SPLIT_ACROSS_NODES found by the nodes' filters
   * @param splitConnections HANDSHAKE_SPLIT_ACROSS_CONNECTIONS found by the nodes' filters
   * @param tcpdump what the backend-side tcpdumps said when they stopped (packet and drop counts)
   */
  /** One run's capture files and what the nodes found. */
  public record Run(
      Path lo,
      Path sll2Nano,
      Path sll,
      Path front,
      long splitNodes,
      long splitConnections,
      String tcpdump) {}
}
