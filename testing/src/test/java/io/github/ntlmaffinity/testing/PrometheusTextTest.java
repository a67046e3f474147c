package io.github.ntlmaffinity.testing;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class PrometheusTextTest {

  @Test
  void readsEachSampleByItsSeries() {
    String scrape =
        """
        # HELP ntlm_affinity_handshakes_total Handshakes
        # TYPE ntlm_affinity_handshakes_total counter
        ntlm_affinity_handshakes_total{outcome="succeeded"} 3.0
        ntlm_affinity_tracked_connections 2
        """;

    assertThat(PrometheusText.samples(scrape))
        .containsExactly(
            java.util.Map.entry("ntlm_affinity_handshakes_total{outcome=\"succeeded\"}", 3.0),
            java.util.Map.entry("ntlm_affinity_tracked_connections", 2.0));
  }
}
