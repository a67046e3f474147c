package io.github.ntlmaffinity.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class SamplesTest {
  private static final Samples SAMPLES = Samples.load(SamplesTest.class, "samples.txt");

  @Test
  void readsTheLineAfterEachTypeLabel() {
    assertThat(SAMPLES.all()).containsOnlyKeys("hc5-type1", "bare-type3");
    assertThat(SAMPLES.line("hc5-type1")).startsWith("Authorization: NTLM TlRM");
    assertThat(SAMPLES.value("hc5-type1")).startsWith("NTLM TlRM");
    assertThat(SAMPLES.token("hc5-type1")).startsWith("TlRM").doesNotContain(" ");
    assertThat(SAMPLES.line("bare-type3")).isEqualTo("NTLM dG9rZW4=");
  }

  @Test
  void anUnknownLabelOrResourceIsAClearError() {
    assertThatThrownBy(() -> SAMPLES.line("nope-type1")).hasMessageContaining("nope-type1");
    assertThatThrownBy(() -> Samples.load(SamplesTest.class, "missing.txt"))
        .hasMessageContaining("missing.txt");
  }
}
