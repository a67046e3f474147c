package io.github.ntlmaffinity.internal.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.api.Test;

class EndpointSettingsTest {
  @Test
  void defaultsWhenNothingIsSet() {
    EndpointSettings s = EndpointSettings.parse(Map.of());

    assertThat(s.allowed().contains("127.0.0.1")).isTrue();
    assertThat(s.allowed().contains("10.0.0.1")).isFalse();
    assertThat(s.token()).isNull();
    assertThat(s.hosts()).isEmpty();
    assertThat(s.maskUsers()).isFalse();
    assertThat(s.refreshSeconds()).isEqualTo(5);
    assertThat(s.strict()).isFalse();
    assertThat(s.errors()).isEmpty();
  }

  @Test
  void everyValueIsParsedByTheSharedParsers() {
    EndpointSettings s =
        EndpointSettings.parse(
            Map.of(
                "allow", "10.0.0.0/8",
                "token", " 0123456789abcdef ",
                "hosts", "Diag.Example.COM, other",
                "maskUsers", "TRUE",
                "refreshSeconds", "1_0",
                "strict", "true"));

    assertThat(s.allowed().contains("10.1.2.3")).isTrue();
    assertThat(s.allowed().contains("127.0.0.1")).isFalse();
    assertThat(new String(s.token(), StandardCharsets.UTF_8)).isEqualTo("0123456789abcdef");
    assertThat(s.hosts()).containsExactlyInAnyOrder("diag.example.com", "other");
    assertThat(s.maskUsers()).isTrue();
    assertThat(s.refreshSeconds()).isEqualTo(10);
    assertThat(s.strict()).isTrue();
    assertThat(s.errors()).isEmpty();
  }

  @Test
  void badValuesAreErrorsWithTheirDefaults() {
    EndpointSettings s =
        EndpointSettings.parse(
            Map.of(
                "allow", "not-an-address",
                "token", "short",
                "maskUsers", "yes",
                "refreshSeconds", "-1",
                "strict", "maybe"));

    assertThat(s.allowed().contains("127.0.0.1")).isTrue();
    assertThat(s.token()).isNull();
    assertThat(s.maskUsers()).isTrue();
    assertThat(s.refreshSeconds()).isEqualTo(5);
    assertThat(s.strict()).isFalse();
    assertThat(s.errors())
        .hasSize(5)
        .anySatisfy(e -> assertThat(e).startsWith("init-param 'allow'"))
        .anySatisfy(e -> assertThat(e).contains("'token' must be at least 16 characters"))
        .anySatisfy(e -> assertThat(e).contains("'maskUsers' must be true or false; masking"))
        .anySatisfy(e -> assertThat(e).contains("'refreshSeconds' must be a whole number >= 0"))
        .anySatisfy(e -> assertThat(e).contains("'strict' must be true or false"));
  }

  @Test
  void theTokenNeverShowsInToString() {
    EndpointSettings s = EndpointSettings.parse(Map.of("token", "s3cret-token-value-123"));

    assertThat(s.toString()).doesNotContain("s3cret").contains("token=set");
  }
}
