package io.github.ntlmaffinity.micrometer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.ntlmaffinity.ConnectionInfo;
import io.github.ntlmaffinity.Exchange;
import io.github.ntlmaffinity.FakeRequest;
import io.github.ntlmaffinity.FindingType;
import io.github.ntlmaffinity.NtlmAffinity;
import io.github.ntlmaffinity.testing.FileTimes;
import io.github.ntlmaffinity.testing.NtlmTestMessages;
import io.github.ntlmaffinity.testing.PrometheusText;
import io.github.ntlmaffinity.testing.ServerIdentity;
import io.micrometer.core.instrument.Tags;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.nio.ByteBuffer;
import java.time.Clock;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * Binds the meters to a real Prometheus registry, drives the tracker with real jcifs-ng handshakes
 * and reads the scrape text as Prometheus would.
 */
class NtlmAffinityMetricsTest {
  private static final NtlmTestMessages JCIFS = NtlmTestMessages.create();

  private final AtomicInteger ports = new AtomicInteger(50_000);
  private final NtlmAffinity affinity =
      NtlmAffinity.builder().nodeName("node-a").logRatePerMinute(0).maxConnections(3).build();
  private final PrometheusMeterRegistry registry =
      new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);

  @Test
  void everySeriesIsThereFromTheStartAtZero() {
    new NtlmAffinityMetrics(affinity).bindTo(registry);

    Map<String, Double> scrape = scrape();
    for (FindingType type : FindingType.values()) {
      assertThat(scrape)
          .containsEntry(
              "ntlm_affinity_findings_total{severity=\"%s\",type=\"%s\"}"
                  .formatted(type.severity(), type),
              0.0);
    }
    for (String type : new String[] {"negotiate", "challenge", "authenticate"}) {
      for (String scheme : new String[] {"NTLM", "Negotiate"}) {
        assertThat(scrape)
            .containsEntry(
                "ntlm_affinity_messages_total{scheme=\"%s\",type=\"%s\"}".formatted(scheme, type),
                0.0);
      }
    }
    assertThat(scrape)
        .containsEntry("ntlm_affinity_handshakes_started_total", 0.0)
        .containsEntry("ntlm_affinity_handshakes_total{outcome=\"succeeded\"}", 0.0)
        .containsEntry("ntlm_affinity_handshakes_total{outcome=\"failed\"}", 0.0)
        .containsEntry("ntlm_affinity_handshakes_total{outcome=\"abandoned\"}", 0.0)
        .containsEntry("ntlm_affinity_tracked_connections", 0.0)
        .containsEntry("ntlm_affinity_tracked_challenges", 0.0)
        .containsEntry("ntlm_affinity_evictions_total{table=\"connections\"}", 0.0)
        .containsEntry("ntlm_affinity_evictions_total{table=\"challenges\"}", 0.0)
        .containsEntry("ntlm_affinity_other_mechanism_tokens_total", 0.0)
        .containsEntry("ntlm_affinity_malformed_tokens_total", 0.0)
        .containsEntry("ntlm_affinity_internal_errors_total", 0.0);
    assertThat(scrape.keySet().stream().filter(k -> k.startsWith("ntlm_affinity_")))
        .hasSize(FindingType.values().length + 6 + 1 + 3 + 2 + 2 + 3);
  }

  @Test
  void scrapeFollowsRealHandshakes() {
    new NtlmAffinityMetrics(affinity).bindTo(registry);

    // A clean login on one connection, with the NTLM scheme.
    ConnectionInfo clean = connection();
    byte[] type2 = negotiate(clean, "NTLM", ServerIdentity.NODE_A);
    send(clean, NtlmTestMessages.ntlmHeader(type3(type2)), 200);
    Map<String, Double> scrape = scrape();
    assertThat(scrape)
        .containsEntry("ntlm_affinity_messages_total{scheme=\"NTLM\",type=\"negotiate\"}", 1.0)
        .containsEntry("ntlm_affinity_messages_total{scheme=\"NTLM\",type=\"challenge\"}", 1.0)
        .containsEntry("ntlm_affinity_messages_total{scheme=\"NTLM\",type=\"authenticate\"}", 1.0)
        .containsEntry("ntlm_affinity_handshakes_started_total", 1.0)
        .containsEntry("ntlm_affinity_handshakes_total{outcome=\"succeeded\"}", 1.0)
        .containsEntry("ntlm_affinity_tracked_connections", 1.0);
    assertThat(errorFindings(scrape)).isZero();

    // The balancer sends the AUTHENTICATE on a new connection: split across connections. With the
    // Negotiate scheme, which also tells that the client fell back from Kerberos to NTLM.
    ConnectionInfo first = connection();
    byte[] pending = negotiate(first, "Negotiate", ServerIdentity.NODE_A);
    assertThat(scrape()).containsEntry("ntlm_affinity_tracked_challenges", 1.0);
    send(connection(), NtlmTestMessages.negotiateHeader(type3(pending)), 401);
    // An AUTHENTICATE answering a CHALLENGE that node-b issued: split across nodes.
    byte[] foreign = challenge(ServerIdentity.NODE_B);
    send(connection(), NtlmTestMessages.ntlmHeader(type3(foreign)), 401);
    // A token that is not NTLM: malformed.
    send(connection(), "NTLM TlRMTVNTUAADAAAA", 401);

    scrape = scrape();
    assertThat(scrape)
        .containsEntry(
            "ntlm_affinity_findings_total{severity=\"ERROR\","
                + "type=\"HANDSHAKE_SPLIT_ACROSS_CONNECTIONS\"}",
            1.0)
        .containsEntry(
            "ntlm_affinity_findings_total{severity=\"ERROR\",type=\"HANDSHAKE_SPLIT_ACROSS_NODES\"}",
            1.0)
        .containsEntry(
            "ntlm_affinity_findings_total{severity=\"WARNING\",type=\"CHALLENGE_ABANDONED\"}", 1.0)
        .containsEntry(
            "ntlm_affinity_findings_total{severity=\"WARNING\",type=\"MALFORMED_TOKEN\"}", 1.0)
        .containsEntry(
            "ntlm_affinity_findings_total{severity=\"INFO\",type=\"NEGOTIATE_FELL_BACK_TO_NTLM\"}",
            1.0)
        .containsEntry("ntlm_affinity_messages_total{scheme=\"Negotiate\",type=\"negotiate\"}", 1.0)
        .containsEntry(
            "ntlm_affinity_messages_total{scheme=\"Negotiate\",type=\"authenticate\"}", 1.0)
        .containsEntry("ntlm_affinity_messages_total{scheme=\"NTLM\",type=\"authenticate\"}", 2.0)
        // The node answers a Negotiate NEGOTIATE with a Negotiate CHALLENGE.
        .containsEntry("ntlm_affinity_messages_total{scheme=\"Negotiate\",type=\"challenge\"}", 1.0)
        .containsEntry("ntlm_affinity_handshakes_total{outcome=\"abandoned\"}", 1.0)
        .containsEntry("ntlm_affinity_malformed_tokens_total", 1.0)
        .containsEntry("ntlm_affinity_tracked_challenges", 0.0)
        .containsEntry("ntlm_affinity_handshakes_total{outcome=\"failed\"}", 2.0)
        // Four NTLM connections through a table of three (the malformed token's connection is not
        // tracked): the oldest was evicted.
        .containsEntry("ntlm_affinity_tracked_connections", 3.0)
        .containsEntry("ntlm_affinity_evictions_total{table=\"connections\"}", 1.0);
    assertThat(errorFindings(scrape)).isEqualTo(2.0);
    // Exactly the tracker's counters, not a second count.
    assertThat(affinity.counters().connectionEvictions()).isEqualTo(1);
  }

  @Test
  void extraTagsGoOnEveryMeter() {
    new NtlmAffinityMetrics(affinity, Tags.of("node", affinity.nodeName())).bindTo(registry);

    assertThat(scrape())
        .containsEntry(
            "ntlm_affinity_findings_total{node=\"node-a\",severity=\"ERROR\","
                + "type=\"HANDSHAKE_SPLIT_ACROSS_NODES\"}",
            0.0)
        .containsEntry("ntlm_affinity_tracked_connections{node=\"node-a\"}", 0.0)
        .containsEntry("ntlm_affinity_internal_errors_total{node=\"node-a\"}", 0.0)
        .doesNotContainKey("ntlm_affinity_internal_errors_total");
  }

  @Test
  void needsATracker() {
    assertThatThrownBy(() -> new NtlmAffinityMetrics(null))
        .isInstanceOf(NullPointerException.class)
        .hasMessageContaining("affinity");
  }

  private double errorFindings(Map<String, Double> scrape) {
    return scrape.entrySet().stream()
        .filter(e -> e.getKey().startsWith("ntlm_affinity_findings_total{"))
        .filter(e -> e.getKey().contains("severity=\"ERROR\""))
        .mapToDouble(Map.Entry::getValue)
        .sum();
  }

  /** The scrape's samples, each series written {@code name{label="value",...}} as scraped. */
  private Map<String, Double> scrape() {
    return PrometheusText.samples(registry.scrape());
  }

  private ConnectionInfo connection() {
    int port = ports.incrementAndGet();
    return new ConnectionInfo("c" + port, "10.0.0.10", 8080, "10.0.0.1", port, "HTTP/1.1");
  }

  /** A NEGOTIATE on {@code on}, answered with a CHALLENGE of {@code issuer}; returns it. */
  private byte[] negotiate(ConnectionInfo on, String scheme, ServerIdentity issuer) {
    Exchange exchange =
        affinity.begin(request(on, NtlmTestMessages.header(scheme, JCIFS.negotiate())));
    byte[] type2 = challenge(issuer);
    exchange.challenge(NtlmTestMessages.header(scheme, type2));
    exchange.complete(401, false);
    return type2;
  }

  private void send(ConnectionInfo on, String authorization, int status) {
    affinity.begin(request(on, authorization)).complete(status, false);
  }

  private byte[] challenge(ServerIdentity issuer) {
    long fileTime = FileTimes.unique(Clock.systemUTC());
    byte[] serverChallenge = ByteBuffer.allocate(8).putLong(fileTime * 31).array();
    return JCIFS.challenge(issuer, serverChallenge, fileTime);
  }

  private static byte[] type3(byte[] type2) {
    return JCIFS.authenticate(
        type2,
        NtlmTestMessages.DOMAIN,
        NtlmTestMessages.USER,
        NtlmTestMessages.PASSWORD,
        NtlmTestMessages.WORKSTATION);
  }

  private static FakeRequest request(ConnectionInfo connection, String authorization) {
    return FakeRequest.on(connection).authorization(authorization);
  }
}
