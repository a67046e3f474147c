package io.github.ntlmaffinity.servlet;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** The token match of {@code Connection} values; whole requests are in the container scenarios. */
class ConnectionCloseTest {

  @Test
  void findsTheTokenAnywhereInTheListIgnoringCaseAndWhiteSpace() {
    assertThat(ConnectionClose.hasToken("close", "close")).isTrue();
    assertThat(ConnectionClose.hasToken("Close", "close")).isTrue();
    assertThat(ConnectionClose.hasToken("TE, close", "close")).isTrue();
    assertThat(ConnectionClose.hasToken("  close\t,TE", "close")).isTrue();
    assertThat(ConnectionClose.hasToken("TE,,keep-alive ", "keep-alive")).isTrue();
  }

  @Test
  void aTokenThatOnlyContainsOrStartsWithItIsNotIt() {
    assertThat(ConnectionClose.hasToken("closed", "close")).isFalse();
    assertThat(ConnectionClose.hasToken("x-close", "close")).isFalse();
    assertThat(ConnectionClose.hasToken("clo se", "close")).isFalse();
    assertThat(ConnectionClose.hasToken("", "close")).isFalse();
    assertThat(ConnectionClose.hasToken(",", "close")).isFalse();
    assertThat(ConnectionClose.hasToken(null, "close")).isFalse();
    assertThat(ConnectionClose.hasToken("keep-alive, TE", "close")).isFalse();
  }
}
