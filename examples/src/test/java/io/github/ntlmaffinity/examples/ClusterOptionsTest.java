package io.github.ntlmaffinity.examples;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

class ClusterOptionsTest {

  @Test
  void defaultsRunEveryModeOnceAndStop() {
    ClusterOptions o = ClusterOptions.parse();
    assertThat(o.modes())
        .containsExactly(
            LoadBalancer.Mode.ROUND_ROBIN,
            LoadBalancer.Mode.COOKIE_POOLED,
            LoadBalancer.Mode.STICKY);
    assertThat(o.serve()).isFalse();
    assertThat(o.nodesOnly()).isFalse();
    assertThat(o.users()).isNull();
    assertThat(o.help()).isFalse();
  }

  @Test
  void readsEachOption() {
    ClusterOptions o =
        ClusterOptions.parse("--mode", "Cookie-Pooled", "--serve", "--users", "u.txt");
    assertThat(o.modes()).containsExactly(LoadBalancer.Mode.COOKIE_POOLED);
    assertThat(o.serve()).isTrue();
    assertThat(o.users()).isEqualTo(Path.of("u.txt"));
    assertThat(ClusterOptions.parse("--mode", "all").modes()).hasSize(3);
    assertThat(ClusterOptions.parse("--help").help()).isTrue();
  }

  @Test
  void nodesOnlyTakesItsPortsOrDefaults() {
    ClusterOptions defaults = ClusterOptions.parse("--nodes-only");
    assertThat(defaults.nodesOnly()).isTrue();
    assertThat(defaults.portA()).isEqualTo(8081);
    assertThat(defaults.portB()).isEqualTo(8082);
    ClusterOptions given =
        ClusterOptions.parse("--nodes-only", "--port-a", "9001", "--port-b", "9002");
    assertThat(given.portA()).isEqualTo(9001);
    assertThat(given.portB()).isEqualTo(9002);
  }

  @Test
  void serveWithOneModeTakesTheBalancersAndTheNodesPorts() {
    ClusterOptions o =
        ClusterOptions.parse(
            "--serve",
            "--mode",
            "sticky",
            "--port",
            "9000",
            "--port-a",
            "9001",
            "--port-b",
            "9002");
    assertThat(List.of(o.port(), o.portA(), o.portB())).containsExactly(9000, 9001, 9002);
    ClusterOptions any = ClusterOptions.parse("--serve", "--mode", "sticky");
    assertThat(List.of(any.port(), any.portA(), any.portB())).containsOnly(0);
  }

  @Test
  void refusesWhatItCannotUseNamingTheArgument() {
    assertThatThrownBy(() -> ClusterOptions.parse("--mode", "ip-hash"))
        .hasMessageContaining("ip-hash")
        .hasMessageContaining("round-robin, cookie-pooled or sticky");
    assertThatThrownBy(() -> ClusterOptions.parse("--mode")).hasMessage("--mode needs a value");
    assertThatThrownBy(() -> ClusterOptions.parse("--port-a", "9001"))
        .hasMessage(
            "--port, --port-a and --port-b go with --nodes-only, or with --serve and one --mode");
    assertThatThrownBy(() -> ClusterOptions.parse("--serve", "--port", "9000"))
        .as("three modes cannot share one balancer port")
        .hasMessageContaining("with --serve and one --mode");
    assertThatThrownBy(() -> ClusterOptions.parse("--nodes-only", "--port", "9000"))
        .hasMessageContaining("--nodes-only starts none");
    assertThatThrownBy(
            () ->
                ClusterOptions.parse(
                    "--serve", "--mode", "sticky", "--port", "9000", "--port-a", "9000"))
        .hasMessage("two servers cannot share port 9000");
    assertThatThrownBy(() -> ClusterOptions.parse("--nodes-only", "--port-b", "70000"))
        .hasMessageContaining("--port-b must be a port number");
    assertThatThrownBy(() -> ClusterOptions.parse("--nodes-only", "--port-a", "8082"))
        .hasMessage("two servers cannot share port 8082");
    assertThatThrownBy(() -> ClusterOptions.parse("--verbose"))
        .hasMessage("unknown argument '--verbose'");
  }

  @Test
  void usageNamesEveryOption() {
    for (String option :
        new String[] {
          "--mode", "--serve", "--nodes-only", "--port", "--port-a", "--port-b", "--users"
        }) {
      assertThat(ClusterOptions.USAGE).contains(option);
    }
    assertThat(ClusterOptions.USAGE).contains("DOMAIN\\user:password");
  }
}
