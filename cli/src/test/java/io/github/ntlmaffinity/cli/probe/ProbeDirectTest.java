package io.github.ntlmaffinity.cli.probe;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The probe against one real NTLM node, no balancer: the baseline every balancer is held to. */
class ProbeDirectTest {
  @RegisterExtension static final BackendCluster cluster = BackendCluster.perClass();

  @Test
  void level2LogsInOnEveryHandshakeAndSaysSafe() throws Exception {
    ProbeRun run = ProbeRun.of(ProbeRun.level2(cluster.urlA(), "--json", "-n", "12"));

    assertThat(run.status()).as(run.toString()).isZero();
    assertThat(run.json().get("verdict").asText()).isEqualTo("SAFE");
    assertThat(run.check("challenge-first")).isEqualTo("PASS");
    assertThat(run.check("pre-authenticated")).isEqualTo("PASS");
    assertThat(run.check("concurrent")).isEqualTo("PASS");
    assertThat(run.json().at("/handshakes/sent").asInt()).isLessThanOrEqualTo(12);
    assertThat(run.stdout() + run.stderr()).doesNotContain(BackendCluster.PASSWORD);
  }

  @Test
  void level1CannotSeeConnectionsAndSaysSo() throws Exception {
    ProbeRun run = ProbeRun.of(cluster.urlA(), "-n", "12");

    assertThat(run.status()).as(run.toString()).isEqualTo(2);
    assertThat(run.stdout()).startsWith("INCONCLUSIVE: ");
    assertThat(run.stdout()).contains("not verified at this level").contains("--user");
    assertThat(run.stdout()).contains("CHALLENGE from NODE-A");
  }
}
