package io.github.ntlmaffinity.cli.probe;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The probe against real balancers from Debian's packages in front of two real NTLM nodes: each
 * expected verdict of issue 14 is a test.
 */
class ProbeBalancersTest {
  @RegisterExtension static final BackendCluster cluster = BackendCluster.perClass();

  @Test
  void nginxRoundRobinIsUnsafeAcrossNodesAtLevel1() throws Exception {
    try (BalancerProcess nginx = BalancerProcess.nginx("nginx-roundrobin.conf", cluster)) {
      ProbeRun run = ProbeRun.of(nginx.url(), "--json");

      assertThat(run.status()).as(run.toString()).isEqualTo(1);
      assertThat(run.json().get("verdict").asText()).isEqualTo("UNSAFE");
      assertThat(run.check("one-connection")).isEqualTo("FAIL");
      assertThat(run.json().at("/balancer/kind").asText()).isEqualTo("NGINX");
      assertThat(run.stdout()).contains("HANDSHAKE_SPLIT_ACROSS_NODES").contains("stream module");
    }
  }

  @Test
  void nginxRoundRobinIsUnsafeAtLevel2() throws Exception {
    try (BalancerProcess nginx = BalancerProcess.nginx("nginx-roundrobin.conf", cluster)) {
      ProbeRun run = ProbeRun.of(ProbeRun.level2(nginx.url(), "--backend", cluster.urlA()));

      assertThat(run.status()).as(run.toString()).isEqualTo(1);
      assertThat(run.stdout()).startsWith("UNSAFE: ");
    }
  }

  @Test
  void nginxKeepaliveIsUnsafeAcrossNodes() throws Exception {
    try (BalancerProcess nginx = BalancerProcess.nginx("nginx-keepalive.conf", cluster)) {
      ProbeRun run = ProbeRun.of(nginx.url(), "--json");

      assertThat(run.status()).as(run.toString()).isEqualTo(1);
      assertThat(run.check("one-connection")).isEqualTo("FAIL");
    }
  }

  @Test
  void nginxIpHashLevel1SaysItCannotSeeTheSplit() throws Exception {
    try (BalancerProcess nginx = BalancerProcess.nginx("nginx-ip-hash.conf", cluster)) {
      ProbeRun run = ProbeRun.of(nginx.url(), "--json");

      assertThat(run.status()).as(run.toString()).isEqualTo(2);
      assertThat(run.json().get("verdict").asText()).isEqualTo("INCONCLUSIVE");
      assertThat(run.check("one-connection")).isEqualTo("NOT_VERIFIED");
      assertThat(run.json().get("decide").asText()).contains("--user");
    }
  }

  @Test
  void nginxIpHashIsUnsafeAcrossConnectionsAtLevel2() throws Exception {
    try (BalancerProcess nginx = BalancerProcess.nginx("nginx-ip-hash.conf", cluster)) {
      ProbeRun run =
          ProbeRun.of(ProbeRun.level2(nginx.url(), "--json", "--backend", cluster.urlA()));

      assertThat(run.status()).as(run.toString()).isEqualTo(1);
      assertThat(run.check("one-connection")).isEqualTo("PASS");
      assertThat(run.check("challenge-first")).isEqualTo("FAIL");
      assertThat(run.stdout()).contains("HANDSHAKE_SPLIT_ACROSS_CONNECTIONS");
    }
  }

  @Test
  void nginxIpHashWithoutProofOfTheAccountBlamesNobody() throws Exception {
    try (BalancerProcess nginx = BalancerProcess.nginx("nginx-ip-hash.conf", cluster)) {
      ProbeRun run = ProbeRun.of(ProbeRun.level2(nginx.url()));

      assertThat(run.status()).as(run.toString()).isEqualTo(2);
      assertThat(run.stdout()).contains("credentials may be wrong").contains("--backend");
    }
  }

  @Test
  void haproxyRoundRobinIsSafe() throws Exception {
    try (BalancerProcess haproxy = BalancerProcess.haproxy("haproxy-roundrobin.cfg", cluster)) {
      ProbeRun run = ProbeRun.of(ProbeRun.level2(haproxy.url(), "--json"));
      ProbeRun text = ProbeRun.of(ProbeRun.level2(haproxy.url(), "--balancer", "HAPROXY"));

      assertThat(run.status()).as(run.toString()).isZero();
      assertThat(run.json().get("verdict").asText()).isEqualTo("SAFE");
      assertThat(text.status()).as(text.toString()).isZero();
      assertThat(text.stdout()).startsWith("SAFE: ");
    }
  }

  @Test
  void haproxyHttpServerCloseIsUnsafe() throws Exception {
    try (BalancerProcess haproxy = BalancerProcess.haproxy("haproxy-server-close.cfg", cluster)) {
      ProbeRun run =
          ProbeRun.of(
              ProbeRun.level2(haproxy.url(), "--balancer", "haproxy", "--backend", cluster.urlA()));

      assertThat(run.status()).as(run.toString()).isEqualTo(1);
      assertThat(run.stdout()).contains("http-server-close");
    }
  }

  @Test
  void haproxyCookieInsertIsSafe() throws Exception {
    try (BalancerProcess haproxy = BalancerProcess.haproxy("haproxy-cookie.cfg", cluster)) {
      ProbeRun run = ProbeRun.of(ProbeRun.level2(haproxy.url(), "--json"));

      assertThat(run.status()).as(run.toString()).isZero();
    }
  }

  @Test
  void squidAcceleratorWithPinningIsSafe() throws Exception {
    try (BalancerProcess squid = BalancerProcess.squid("squid-pinning.conf", cluster)) {
      ProbeRun run = ProbeRun.of(ProbeRun.level2(squid.url(), "--json"));

      assertThat(run.status()).as(run.toString() + squid.logs()).isZero();
      assertThat(run.json().get("verdict").asText()).isEqualTo("SAFE");
      assertThat(run.check("concurrent")).isEqualTo("PASS");
      assertThat(run.json().at("/balancer/source").asText()).contains("Squid");
    }
  }

  /** Measured, not given by the issue: byrequests balances every request on its own. */
  @Test
  void apacheBalancerByRequestsIsUnsafeAcrossNodes() throws Exception {
    try (BalancerProcess apache = BalancerProcess.apache("apache-balancer.conf", cluster)) {
      ProbeRun run = ProbeRun.of(apache.url(), "--json");

      assertThat(run.status()).as(run.toString() + apache.logs()).isEqualTo(1);
      assertThat(run.check("one-connection")).isEqualTo("FAIL");

      ProbeRun level2 =
          ProbeRun.of(ProbeRun.level2(apache.url(), "--json", "--backend", cluster.urlA()));
      assertThat(level2.status()).as(level2.toString()).isEqualTo(1);
      assertThat(level2.check("pre-authenticated")).isEqualTo("FAIL");
    }
  }

  @Test
  void anIdleTimeoutShorterThanThePauseIsUnsafe() throws Exception {
    try (BalancerProcess haproxy = BalancerProcess.haproxy("haproxy-idle.cfg", cluster)) {
      ProbeRun run =
          ProbeRun.of(
              ProbeRun.level2(haproxy.url(), "--json", "-n", "10", "-c", "2", "--idle", "2"));

      assertThat(run.status()).as(run.toString()).isEqualTo(1);
      assertThat(run.check("idle")).isEqualTo("FAIL");
      assertThat(run.check("challenge-first")).isEqualTo("PASS");
      assertThat(run.stdout()).contains("CHALLENGE_ABANDONED");
    }
  }

  /** Measured: pooled upstream connections hold sequential logins but mix concurrent ones. */
  @Test
  void nginxIpHashWithKeepaliveBreaksUnderConcurrency() throws Exception {
    try (BalancerProcess nginx = BalancerProcess.nginx("nginx-ip-hash-keepalive.conf", cluster)) {
      ProbeRun run = ProbeRun.of(ProbeRun.level2(nginx.url(), "--json", "-n", "24", "-c", "8"));

      assertThat(run.status()).as(run.toString()).isEqualTo(1);
      assertThat(run.check("challenge-first")).isEqualTo("PASS");
      assertThat(run.check("concurrent")).isEqualTo("FAIL");
      assertThat(run.stdout()).contains("CONNECTION_SHARED_BY_CLIENTS");
    }
  }
}
