package io.github.ntlmaffinity.servlet;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

/** The probe endpoint's init-params: off by default, each bad value named. */
class ProbeSettingsTest {
  @Test
  void offWithoutAPathAndCheckedWithOne() {
    assertThat(ProbeSettings.parse(null, null).path()).isNull();
    assertThat(ProbeSettings.parse(" /ntlm-affinity-probe ", "60"))
        .isEqualTo(new ProbeSettings("/ntlm-affinity-probe", 60));
  }

  @Test
  void namesTheBadValue() {
    assertThatThrownBy(() -> ProbeSettings.parse("probe", null))
        .hasMessageContaining("'probePath'");
    assertThatThrownBy(() -> ProbeSettings.parse("/a b", null)).hasMessageContaining("'probePath'");
    assertThatThrownBy(() -> ProbeSettings.parse("/p", "0"))
        .hasMessageContaining("'probeRequestsPerMinute'");
    assertThatThrownBy(() -> ProbeSettings.parse("/p", "many"))
        .hasMessageContaining("'probeRequestsPerMinute'");
    assertThatThrownBy(() -> ProbeSettings.parse(null, "10")).hasMessageContaining("probePath");
  }
}
