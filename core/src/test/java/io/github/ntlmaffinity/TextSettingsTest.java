package io.github.ntlmaffinity;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.ntlmaffinity.internal.config.Settings;
import io.github.ntlmaffinity.internal.config.TextSettings;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class TextSettingsTest {

  @Test
  void everyKeyMapsOntoItsBuilderMethod() {
    Map<String, String> m = new HashMap<>();
    m.put("nodeName", " node-a ");
    m.put("ntlmNames", "NODE-A, node-a.example.test");
    m.put("trustedProxies", "10.0.0.0/8, ::1");
    m.put("affinityCookies", "SERVERID");
    m.put("balancer", "haproxy");
    m.put("maxConnections", "1_000");
    m.put("maxChallenges", "2000");
    m.put("maxRetainedBytes", "32m");
    m.put("challengeTimeout", "45s");
    m.put("connectionIdleTimeout", "PT5M");
    m.put("repeatedHandshakeThreshold", "7");
    m.put("repeatedHandshakeWindow", "2m");
    m.put("logRatePerMinute", "0");
    m.put("recentFindings", "50");
    m.put("recentHandshakes", "60");
    m.put("somethingElse", "ignored");
    NtlmAffinity.Builder b = NtlmAffinity.builder().configure(m);
    Settings s = b.settings();

    assertThat(s.nodeName()).isEqualTo("node-a");
    assertThat(s.ntlmNames()).containsExactly("NODE-A", "node-a.example.test");
    assertThat(s.trustedProxies().describe()).containsExactly("10.0.0.0/8", "::1");
    assertThat(s.affinityCookies()).containsExactly("SERVERID");
    assertThat(s.balancer()).isEqualTo(Balancer.HAPROXY);
    assertThat(s.maxConnections()).isEqualTo(1000);
    assertThat(s.maxChallenges()).isEqualTo(2000);
    assertThat(s.maxRetainedBytes()).isEqualTo(32L << 20);
    assertThat(s.challengeTimeout()).isEqualTo(Duration.ofSeconds(45));
    assertThat(s.connectionIdleTimeout()).isEqualTo(Duration.ofMinutes(5));
    assertThat(s.repeatedHandshakeThreshold()).isEqualTo(7);
    assertThat(s.repeatedHandshakeWindow()).isEqualTo(Duration.ofMinutes(2));
    assertThat(s.recentFindings()).isEqualTo(50);
    assertThat(s.recentHandshakes()).isEqualTo(60);
    assertThat(TextSettings.KEYS).hasSize(16);
    assertThat(TextSettings.bytes("65536")).isEqualTo(65536);
    assertThat(TextSettings.bytes("512k")).isEqualTo(512 * 1024);
    assertThat(TextSettings.bytes("1G")).isEqualTo(1L << 30);
  }

  @Test
  void enabledFalseSwitchesTrackingOff() {
    NtlmAffinity a = NtlmAffinity.builder().configure(Map.of("enabled", "FALSE")).build();
    assertThat(a.isEnabled()).isFalse();
  }

  @Test
  void balancerNamesAcceptDashes() {
    assertThat(TextSettings.balancer("f5-big-ip")).isEqualTo(Balancer.F5_BIG_IP);
    assertThat(TextSettings.balancer("Nginx_Plus")).isEqualTo(Balancer.NGINX_PLUS);
  }

  @ParameterizedTest
  @CsvSource({"500ms,500", "30s,30000", "2m,120000", "1h,3600000", "PT1.5S,1500"})
  void durations(String text, long millis) {
    assertThat(TextSettings.duration(text).toMillis()).isEqualTo(millis);
  }

  @ParameterizedTest
  @CsvSource({
    "maxConnections,zero,whole number",
    "maxConnections,0,must be positive",
    "challengeTimeout,30 parsecs,duration",
    "challengeTimeout,0s,positive duration",
    "balancer,netgear,HAPROXY",
    "enabled,yes,true or false",
    "trustedProxies,example.com,example.com",
    "repeatedHandshakeThreshold,1,at least 2"
  })
  void badValuesFailNamingTheKey(String key, String value, String hint) {
    assertThatThrownBy(() -> NtlmAffinity.builder().configure(Map.of(key, value)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("'" + key + "'")
        .hasMessageContaining(hint);
  }
}
