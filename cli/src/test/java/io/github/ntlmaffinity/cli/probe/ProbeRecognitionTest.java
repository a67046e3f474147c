package io.github.ntlmaffinity.cli.probe;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.ntlmaffinity.Balancer;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** {@link BalancerRecognizer}: which response headers name which balancer. */
class ProbeRecognitionTest {

  @Test
  void recognisesBalancersByTheirAffinityCookieNames() {
    assertThat(kind("Set-Cookie", "BIGipServerpool_web=1677787402.20480.0000; path=/"))
        .isEqualTo(Balancer.F5_BIG_IP);
    assertThat(kind("Set-Cookie", "NSC_vs_web=ffffffff; path=/"))
        .isEqualTo(Balancer.CITRIX_NETSCALER);
    assertThat(kind("Set-Cookie", "AWSALB=abc; Path=/")).isEqualTo(Balancer.AWS);
    assertThat(kind("Set-Cookie", "ApplicationGatewayAffinity=abc; Path=/"))
        .isEqualTo(Balancer.AZURE_APPLICATION_GATEWAY);
    assertThat(kind("Set-Cookie", "SERVERID=a; path=/")).isEqualTo(Balancer.HAPROXY);
  }

  @Test
  void recognisesBalancersByTheirHeaders() {
    assertThat(kind("Server", "nginx/1.22.1")).isEqualTo(Balancer.NGINX);
    assertThat(kind("Server", "envoy")).isEqualTo(Balancer.ENVOY);
    assertThat(kind("x-envoy-upstream-service-time", "3")).isEqualTo(Balancer.ENVOY);
    assertThat(kind("Server", "awselb/2.0")).isEqualTo(Balancer.AWS);
    assertThat(kind("Via", "1.1 proxy (squid/5.7)")).isEqualTo(Balancer.GENERIC);
  }

  @Test
  void recognisesNothingFromAnOrdinaryBackend() {
    BalancerRecognizer r = new BalancerRecognizer();
    r.saw(reply("Server", "Microsoft-IIS/10.0"));
    r.saw(reply("Set-Cookie", "JSESSIONID=abc; Path=/"));

    assertThat(r.recognition()).isNull();
  }

  @Test
  void neverQuotesACookieValue() {
    BalancerRecognizer r = new BalancerRecognizer();
    r.saw(reply("Set-Cookie", "BIGipServerpool=secret-value; path=/"));

    assertThat(r.recognition().evidence()).doesNotContain("secret-value");
  }

  private static Balancer kind(String name, String value) {
    BalancerRecognizer r = new BalancerRecognizer();
    r.saw(reply(name, value));
    return r.recognition() == null ? null : r.recognition().balancer();
  }

  private static Reply reply(String name, String value) {
    List<Reply.Header> headers = new ArrayList<>();
    headers.add(new Reply.Header(name, value));
    return new Reply(401, "Unauthorized", headers, false);
  }
}
