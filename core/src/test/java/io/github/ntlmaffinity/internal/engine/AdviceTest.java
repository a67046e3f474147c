package io.github.ntlmaffinity.internal.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatNullPointerException;

import io.github.ntlmaffinity.Balancer;
import io.github.ntlmaffinity.FindingType;
import java.util.EnumSet;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;

class AdviceTest {

  /** Findings about the path between client and backend: their advice depends on the balancer. */
  private static final Set<FindingType> PATH_FINDINGS =
      EnumSet.of(
          FindingType.HANDSHAKE_SPLIT_ACROSS_CONNECTIONS,
          FindingType.HANDSHAKE_SPLIT_ACROSS_NODES,
          FindingType.CHALLENGE_ABANDONED,
          FindingType.CHALLENGE_ON_CLOSING_CONNECTION,
          FindingType.NTLM_OVER_HTTP2,
          FindingType.CONNECTION_SHARED_BY_CLIENTS);

  private static final Set<FindingType> SPLITS =
      EnumSet.of(
          FindingType.HANDSHAKE_SPLIT_ACROSS_CONNECTIONS, FindingType.HANDSHAKE_SPLIT_ACROSS_NODES);

  static Stream<Arguments> everyPair() {
    return Stream.of(FindingType.values())
        .flatMap(t -> Stream.of(Balancer.values()).map(b -> Arguments.of(t, b)));
  }

  static Stream<Arguments> pathPairs() {
    return PATH_FINDINGS.stream()
        .flatMap(t -> Stream.of(Balancer.values()).map(b -> Arguments.of(t, b)));
  }

  @ParameterizedTest(name = "{0} behind {1}")
  @MethodSource("everyPair")
  void everyPairGivesOneShortPlainLine(FindingType type, Balancer balancer) {
    String advice = Advice.advice(type, balancer);

    assertThat(advice).isNotBlank().doesNotContain("\n", "\r", "\t", "`");
    assertThat(advice.length()).isLessThanOrEqualTo(Advice.MAX_LENGTH);
    assertThat(advice).isEqualTo(advice.strip()).endsWith(".");
    // one or two sentences: at most two sentence ends (a period followed by a space and a capital)
    assertThat(advice.split("\\. (?=[A-Z])")).hasSizeLessThanOrEqualTo(2);
  }

  @ParameterizedTest
  @EnumSource(FindingType.class)
  void nullBalancerMeansGeneric(FindingType type) {
    assertThat(Advice.advice(type, null)).isEqualTo(Advice.advice(type, Balancer.GENERIC));
  }

  @ParameterizedTest(name = "{0} behind {1}")
  @MethodSource("everyPair")
  void findingTypeGivesTheSameAdviceToOutsideCallers(FindingType type, Balancer balancer) {
    assertThat(type.advice(balancer)).isEqualTo(Advice.advice(type, balancer));
  }

  @Test
  void nullTypeIsRejected() {
    assertThatNullPointerException().isThrownBy(() -> Advice.advice(null, Balancer.HAPROXY));
  }

  @ParameterizedTest
  @EnumSource(FindingType.class)
  void findingsNotAboutTheBalancerGetTheSameAdviceBehindEveryBalancer(FindingType type) {
    if (PATH_FINDINGS.contains(type)) {
      return;
    }
    String generic = Advice.advice(type, Balancer.GENERIC);
    for (Balancer balancer : Balancer.values()) {
      assertThat(Advice.advice(type, balancer))
          .as("%s behind %s", type, balancer)
          .isEqualTo(generic);
    }
  }

  @ParameterizedTest(name = "{0} behind {1}")
  @MethodSource("pathPairs")
  void pathFindingsBehindANamedBalancerGetThatBalancersAdvice(FindingType type, Balancer b) {
    if (b == Balancer.GENERIC) {
      return;
    }
    assertThat(Advice.advice(type, b)).isNotEqualTo(Advice.advice(type, Balancer.GENERIC));
  }

  @ParameterizedTest
  @EnumSource(FindingType.class)
  void genericSplitAdviceNamesPersistenceAndADedicatedBackendConnection(FindingType type) {
    if (!SPLITS.contains(type)) {
      return;
    }
    assertThat(Advice.advice(type, Balancer.GENERIC))
        .containsIgnoringCase("persistence")
        .containsIgnoringCase("dedicated backend connection");
  }

  @Test
  void haproxyNamesTheOptionsThatCloseTheServerConnection() {
    assertThat(Advice.advice(FindingType.HANDSHAKE_SPLIT_ACROSS_CONNECTIONS, Balancer.HAPROXY))
        .contains("http-server-close", "httpclose", "private");
    assertThat(Advice.advice(FindingType.CHALLENGE_ON_CLOSING_CONNECTION, Balancer.HAPROXY))
        .contains("option http-server-close", "option httpclose");
    assertThat(Advice.advice(FindingType.HANDSHAKE_SPLIT_ACROSS_NODES, Balancer.HAPROXY))
        .contains("balance source", "stick-table", "cookie");
  }

  @Test
  void nginxPlusNamesTheNtlmDirectiveAndItsCompanions() {
    for (FindingType type : PATH_FINDINGS) {
      assertThat(Advice.advice(type, Balancer.NGINX_PLUS)).as("%s", type).contains("ntlm");
    }
    assertThat(Advice.advice(FindingType.HANDSHAKE_SPLIT_ACROSS_CONNECTIONS, Balancer.NGINX_PLUS))
        .contains("upstream", "keepalive", "proxy_http_version 1.1", "proxy_set_header Connection");
  }

  @Test
  void nginxOpenSourceIsSentToStreamProxyingOrPlus() {
    for (FindingType type : PATH_FINDINGS) {
      assertThat(Advice.advice(type, Balancer.NGINX)).as("%s", type).contains("stream");
    }
    assertThat(Advice.advice(FindingType.HANDSHAKE_SPLIT_ACROSS_CONNECTIONS, Balancer.NGINX))
        .contains("ip_hash", "nginx Plus");
  }

  @Test
  void f5NamesOneConnectAndTheNtlmProfile() {
    for (FindingType type : PATH_FINDINGS) {
      assertThat(Advice.advice(type, Balancer.F5_BIG_IP))
          .as("%s", type)
          .contains("OneConnect", "NTLM profile");
    }
  }

  @Test
  void citrixNamesConnectionMultiplexing() {
    for (FindingType type : PATH_FINDINGS) {
      assertThat(Advice.advice(type, Balancer.CITRIX_NETSCALER))
          .as("%s", type)
          .containsIgnoringCase("multiplexing")
          .contains("-conMultiplex DISABLED");
    }
  }

  @Test
  void aviNamesDetectNtlmAppOrConnectionMultiplex() {
    for (FindingType type : PATH_FINDINGS) {
      assertThat(Advice.advice(type, Balancer.AVI))
          .as("%s", type)
          .contains("detect_ntlm_app")
          .containsIgnoringCase("Connection Multiplex");
    }
  }

  @Test
  void traefikNamesTheReleaseAndHttp11ToTheBackend() {
    assertThat(Advice.advice(FindingType.HANDSHAKE_SPLIT_ACROSS_CONNECTIONS, Balancer.TRAEFIK))
        .contains("v2.11.0", "disableHTTP2: true");
    assertThat(Advice.advice(FindingType.NTLM_OVER_HTTP2, Balancer.TRAEFIK))
        .contains("disableHTTP2: true", "serversTransport");
    assertThat(Advice.advice(FindingType.HANDSHAKE_SPLIT_ACROSS_NODES, Balancer.TRAEFIK))
        .contains("sticky");
  }

  @Test
  void awsPointsToTheNetworkLoadBalancer() {
    for (FindingType type : PATH_FINDINGS) {
      assertThat(Advice.advice(type, Balancer.AWS))
          .as("%s", type)
          .contains("Network Load Balancer");
    }
  }

  @Test
  void azureAndEnvoySayNtlmCannotBeProxiedAndOfferTheWayOut() {
    for (FindingType type : PATH_FINDINGS) {
      assertThat(Advice.advice(type, Balancer.AZURE_APPLICATION_GATEWAY))
          .as("%s", type)
          .contains("does not support proxying NTLM", "Kerberos");
      assertThat(Advice.advice(type, Balancer.ENVOY))
          .as("%s", type)
          .contains("tcp_proxy", "Kerberos");
    }
  }

  @Test
  void balancerIndependentFindingsNameTheirSetting() {
    assertThat(Advice.advice(FindingType.WEAK_NTLM, Balancer.GENERIC))
        .contains("LmCompatibilityLevel 5", "LAN Manager authentication level");
    assertThat(Advice.advice(FindingType.NEGOTIATE_FELL_BACK_TO_NTLM, Balancer.GENERIC))
        .contains("setspn -S HTTP/", "CNAME", "domain-joined", "Intranet zone");
    assertThat(Advice.advice(FindingType.MALFORMED_TOKEN, Balancer.GENERIC))
        .contains("Authorization header");
  }

  @Test
  void http2AdviceAsksForHttp11ToTheBackend() {
    for (Balancer balancer : Balancer.values()) {
      if (balancer == Balancer.AZURE_APPLICATION_GATEWAY || balancer == Balancer.ENVOY) {
        continue; // they cannot carry NTLM at all; their advice says so
      }
      assertThat(Advice.advice(FindingType.NTLM_OVER_HTTP2, balancer))
          .as("%s", balancer)
          .containsAnyOf("HTTP/1.1", "HTTP1", "disableHTTP2");
    }
  }
}
