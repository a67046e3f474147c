package io.github.ntlmaffinity.cli.analyze.capture;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * How the affinity cookies are read from a {@code Cookie} header (the real traffic is in {@code
 * AnalyzeCookiesTest}).
 */
class TcpConnectionTest {

  @Test
  void onlyTheNamedCookiesAreKeptTheFirstOfANameWinning() {
    assertThat(
            TcpConnection.cookies(
                "theme=dark; AWSALB=abc==; JSESSIONID=s1; AWSALB=second", List.of("AWSALB")))
        .isEqualTo(Map.of("AWSALB", "abc=="));
  }

  @Test
  void quotesAroundAValueAreRemovedAndNamesAreCaseSensitive() {
    assertThat(TcpConnection.cookies("srv=x;SRV=\"v 1\"", List.of("SRV")))
        .isEqualTo(Map.of("SRV", "v 1"));
  }

  @Test
  void noNamesOrNoHeaderKeepsNothing() {
    assertThat(TcpConnection.cookies("SRV=a", List.of())).isNull();
    assertThat(TcpConnection.cookies(null, List.of("SRV"))).isNull();
    assertThat(TcpConnection.cookies("novalue; =x; SRV", List.of("SRV"))).isNull();
  }

  @Test
  void theCookieHeadersKeptAreBounded() {
    String big = "SRV=" + "a".repeat(20_000);
    byte[] head =
        ("GET / HTTP/1.1\r\nCookie: " + big + "\r\nCookie: other=1\r\n\r\n")
            .getBytes(java.nio.charset.StandardCharsets.ISO_8859_1);
    HttpHead h = HttpHead.parse(head, 0, head.length);
    assertThat(h.cookie()).hasSize(HttpHead.MAX_COOKIE);
  }

  @Test
  void headsKeepCookiesOnlyWhenAskedTo() {
    byte[] head =
        "GET / HTTP/1.1\r\nCookie: SRV=a\r\n\r\n"
            .getBytes(java.nio.charset.StandardCharsets.ISO_8859_1);
    assertThat(HttpHead.parse(head, 0, head.length, true).cookie()).isEqualTo("SRV=a");
    assertThat(HttpHead.parse(head, 0, head.length, false).cookie()).isNull();
  }
}
