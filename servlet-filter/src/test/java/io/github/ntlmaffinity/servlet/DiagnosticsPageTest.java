package io.github.ntlmaffinity.servlet;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** The page shows header-derived text as it is: nothing in it can change how the page reads. */
class DiagnosticsPageTest {

  @Test
  void bidiAndFormatCharactersAreShownByCodePoint() {
    // "challenge from " + RLO + "A-EDON": a browser would render it reversed, as "NODE-A".
    String reversed = "challenge from \u202eA-EDON";

    String html = DiagnosticsPage.esc(reversed);

    assertThat(html).isEqualTo("challenge from [U+202E]A-EDON");
    assertThat(DiagnosticsPage.esc("a\u200bb\u2066c\u2069d\u2028e\u0085f"))
        .isEqualTo("a[U+200B]b[U+2066]c[U+2069]d[U+2028]e[U+0085]f");
  }

  @Test
  void markupAndControlsAreEscapedAndOrdinaryTextKept() {
    assertThat(DiagnosticsPage.esc("<b onclick=\"x\">&'\u0007"))
        .isEqualTo("&lt;b onclick=&quot;x&quot;&gt;&amp;&#39;&#xfffd;");
    assertThat(DiagnosticsPage.esc("Zoë \uD83D\uDE00 \\ node-a"))
        .isEqualTo("Zoë \uD83D\uDE00 \\ node-a");
  }
}
