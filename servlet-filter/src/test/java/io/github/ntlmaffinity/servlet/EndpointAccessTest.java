package io.github.ntlmaffinity.servlet;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** What a refusal repeats to the client, and how a Host header is read. */
class EndpointAccessTest {

  @Test
  void onlyAnIpLiteralIsRepeatedInARefusal() {
    assertThat(EndpointAccess.shown("10.1.2.3")).isEqualTo("10.1.2.3");
    assertThat(EndpointAccess.shown("fd00::1")).isEqualTo("fd00::1");
    // A container that copied a forwarded header's text must not have it echoed.
    assertThat(EndpointAccess.shown("<script>alert(1)</script>")).isEqualTo("this address");
    assertThat(EndpointAccess.shown("evil.example")).isEqualTo("this address");
    assertThat(EndpointAccess.shown("1".repeat(60))).isEqualTo("this address");
    assertThat(EndpointAccess.shown(null)).isEqualTo("this address");
  }

  @Test
  void theHostOfAHostHeader() {
    assertThat(EndpointAccess.hostOf("Backend.Example.Test:8080"))
        .isEqualTo("backend.example.test");
    assertThat(EndpointAccess.hostOf("[::1]:8080")).isEqualTo("::1");
    assertThat(EndpointAccess.hostOf("localhost")).isEqualTo("localhost");
    assertThat(EndpointAccess.hostOf(null)).isEmpty();
  }
}
