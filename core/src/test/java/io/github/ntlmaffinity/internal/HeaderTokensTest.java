package io.github.ntlmaffinity.internal;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** Comma-separated header lists; whole requests are in the servlet and capture scenarios. */
class HeaderTokensTest {

  @Test
  void findsTheTokenAnywhereInTheListIgnoringCaseAndWhiteSpace() {
    assertThat(HeaderTokens.has("close", "close")).isTrue();
    assertThat(HeaderTokens.has("Close", "close")).isTrue();
    assertThat(HeaderTokens.has("TE, close", "close")).isTrue();
    assertThat(HeaderTokens.has("  close\t,TE", "close")).isTrue();
    assertThat(HeaderTokens.has("TE,,keep-alive ", "keep-alive")).isTrue();
  }

  @Test
  void aTokenThatOnlyContainsOrStartsWithItIsNotIt() {
    assertThat(HeaderTokens.has("closed", "close")).isFalse();
    assertThat(HeaderTokens.has("x-close", "close")).isFalse();
    assertThat(HeaderTokens.has("clo se", "close")).isFalse();
    assertThat(HeaderTokens.has("", "close")).isFalse();
    assertThat(HeaderTokens.has(",", "close")).isFalse();
    assertThat(HeaderTokens.has(null, "close")).isFalse();
    assertThat(HeaderTokens.has("keep-alive, TE", "close")).isFalse();
  }
}
