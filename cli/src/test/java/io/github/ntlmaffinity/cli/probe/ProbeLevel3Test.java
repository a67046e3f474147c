package io.github.ntlmaffinity.cli.probe;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.ntlmaffinity.NtlmAffinity;
import io.github.ntlmaffinity.examples.BackendNode;
import io.github.ntlmaffinity.wire.MessageType;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Level 3: the example nodes run the filter with its probe endpoint at {@link
 * BackendNode#PROBE_PATH}, so every leg names its node and backend connection. Real balancers from
 * Debian's packages, as in {@link ProbeBalancersTest}.
 */
class ProbeLevel3Test {
  private static BackendCluster cluster;

  @BeforeAll
  static void start() throws Exception {
    cluster = BackendCluster.start();
  }

  @AfterAll
  static void stop() throws Exception {
    cluster.close();
  }

  /**
   * The probe endpoint's handshakes never reach the nodes' trackers: no NTLM counted, no finding.
   */
  @AfterEach
  void nothingTracked() {
    for (NtlmAffinity engine : cluster.engines()) {
      assertThat(engine.counters().messages(MessageType.NEGOTIATE)).isZero();
      assertThat(engine.counters().messages(MessageType.AUTHENTICATE)).isZero();
      assertThat(engine.snapshot().findings()).isEmpty();
    }
  }

  /** What levels 1 and 2 cannot see without an account: a new upstream connection per request. */
  @Test
  void nginxIpHashWithoutKeepaliveIsUnsafeAcrossConnections() throws Exception {
    try (BalancerProcess nginx = BalancerProcess.nginx("nginx-ip-hash.conf", cluster)) {
      ProbeRun run = level3(nginx.url());
      ProbeRun text =
          ProbeRun.of(nginx.url(), "--probe-path", BackendNode.PROBE_PATH, "-n", "8", "-c", "2");

      assertThat(run.status()).as(run.toString()).isEqualTo(1);
      assertThat(text.stdout()).startsWith("UNSAFE: ").contains("level 3");
      assertThat(run.json().get("level").asInt()).isEqualTo(3);
      assertThat(run.check("one-connection")).isEqualTo("FAIL");
      assertThat(run.check("challenge-first")).isEqualTo("FAIL");
      assertThat(run.stdout())
          .contains("HANDSHAKE_SPLIT_ACROSS_CONNECTIONS")
          .contains("answered a CHALLENGE issued on another backend connection")
          .doesNotContain("HANDSHAKE_SPLIT_ACROSS_NODES");
    }
  }

  @Test
  void haproxyRoundRobinIsSafe() throws Exception {
    try (BalancerProcess haproxy = BalancerProcess.haproxy("haproxy-roundrobin.cfg", cluster)) {
      ProbeRun run = level3(haproxy.url());
      ProbeRun text =
          ProbeRun.of(haproxy.url(), "--probe-path", BackendNode.PROBE_PATH, "-n", "8", "-c", "2");

      assertThat(run.status()).as(run.toString()).isZero();
      assertThat(text.stdout()).startsWith("SAFE: ");
      assertThat(run.json().get("verdict").asText()).isEqualTo("SAFE");
      assertThat(run.check("one-connection")).isEqualTo("PASS");
      assertThat(run.check("stays-authenticated")).isEqualTo("PASS");
      assertThat(run.check("concurrent")).isEqualTo("PASS");
      assertThat(run.check("shared-connections")).isEqualTo("PASS");
      assertThat(run.json().get("endpoint").asText()).endsWith(BackendNode.PROBE_PATH);
    }
  }

  @Test
  void haproxyHttpServerCloseIsUnsafe() throws Exception {
    try (BalancerProcess haproxy = BalancerProcess.haproxy("haproxy-server-close.cfg", cluster)) {
      ProbeRun run = level3(haproxy.url());

      assertThat(run.status()).as(run.toString()).isEqualTo(1);
      assertThat(run.check("challenge-first")).isEqualTo("FAIL");
    }
  }

  /** Pooled upstream connections go from client to client: identity bleed, seen by token. */
  @Test
  void nginxIpHashWithKeepaliveSharesBackendConnections() throws Exception {
    try (BalancerProcess nginx = BalancerProcess.nginx("nginx-ip-hash-keepalive.conf", cluster)) {
      ProbeRun run = level3(nginx.url(), "-n", "24", "-c", "8");

      assertThat(run.status()).as(run.toString()).isEqualTo(1);
      assertThat(run.check("shared-connections")).isEqualTo("FAIL");
      assertThat(run.stdout()).contains("CONNECTION_SHARED_BY_CLIENTS");
    }
  }

  @Test
  void haproxyCookieInsertIsSafe() throws Exception {
    try (BalancerProcess haproxy = BalancerProcess.haproxy("haproxy-cookie.cfg", cluster)) {
      ProbeRun run = level3(haproxy.url());

      assertThat(run.status()).as(run.toString()).isZero();
      assertThat(run.check("shared-connections")).isEqualTo("PASS");
    }
  }

  @Test
  void squidAcceleratorWithPinningIsSafe() throws Exception {
    try (BalancerProcess squid = BalancerProcess.squid("squid-pinning.conf", cluster)) {
      ProbeRun run = level3(squid.url());

      assertThat(run.status()).as(run.toString() + squid.logs()).isZero();
      assertThat(run.check("stays-authenticated")).isEqualTo("PASS");
      assertThat(run.check("shared-connections")).isEqualTo("PASS");
    }
  }

  @Test
  void apacheBalancerByRequestsIsUnsafe() throws Exception {
    try (BalancerProcess apache = BalancerProcess.apache("apache-balancer.conf", cluster)) {
      ProbeRun run = level3(apache.url());

      assertThat(run.status()).as(run.toString() + apache.logs()).isEqualTo(1);
      assertThat(run.check("pre-authenticated")).isEqualTo("FAIL");
    }
  }

  @Test
  void anIdleTimeoutShorterThanThePauseIsUnsafe() throws Exception {
    try (BalancerProcess haproxy = BalancerProcess.haproxy("haproxy-idle.cfg", cluster)) {
      ProbeRun run = level3(haproxy.url(), "-n", "10", "-c", "2", "--idle", "2");

      assertThat(run.status()).as(run.toString()).isEqualTo(1);
      assertThat(run.check("idle")).isEqualTo("FAIL");
      assertThat(run.check("challenge-first")).isEqualTo("PASS");
    }
  }

  @Test
  void aPathWithoutTheEndpointIsAnErrorThatSaysSo() throws Exception {
    try (BalancerProcess haproxy = BalancerProcess.haproxy("haproxy-roundrobin.cfg", cluster)) {
      ProbeRun run = ProbeRun.of(haproxy.url(), "--probe-path", "/app/");

      assertThat(run.status()).as(run.toString()).isEqualTo(3);
      assertThat(run.stderr()).contains("did not answer as an ntlm-affinity probe endpoint");
    }
  }

  private static ProbeRun level3(String url, String... more) {
    String[] args = new String[more.length + 4];
    args[0] = url;
    args[1] = "--json";
    args[2] = "--probe-path";
    args[3] = BackendNode.PROBE_PATH;
    System.arraycopy(more, 0, args, 4, more.length);
    return ProbeRun.of(args);
  }
}
