package io.github.ntlmaffinity.spring;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.ntlmaffinity.NtlmAffinity;
import io.github.ntlmaffinity.servlet.NtlmAffinityFilter;
import io.github.ntlmaffinity.testing.NtlmTestMessages;
import io.github.ntlmaffinity.testing.RawConnection;
import jakarta.servlet.FilterRegistration;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.json.JsonParserFactory;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.core.env.Environment;
import org.springframework.web.context.WebApplicationContext;

/**
 * The starter in a running application: real NTLM handshakes on raw sockets through Tomcat to an
 * acceptor behind a controller (and one at Spring Security's filter order), read back from {@code
 * /actuator/ntlmaffinity} and {@code /actuator/prometheus}.
 */
@SpringBootTest(
    classes = TestApplication.class,
    webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
    properties = {
      "ntlm-affinity.node-name=node-a",
      "ntlm-affinity.balancer=haproxy",
      "ntlm-affinity.probe-path=/ntlm-affinity-probe",
      "management.endpoints.web.exposure.include=ntlmaffinity,prometheus",
      // Spring Boot 3's tests turn metrics export off unless told otherwise.
      "management.prometheus.metrics.export.enabled=true"
    })
class NtlmAffinityAutoConfigurationTest {
  private static final NtlmTestMessages JCIFS = NtlmTestMessages.create();
  private static final String SPLIT_ACROSS_CONNECTIONS =
      "ntlm_affinity_findings_total{severity=\"ERROR\",type=\"HANDSHAKE_SPLIT_ACROSS_CONNECTIONS\"}";

  @Autowired private Environment environment;
  @Autowired private WebApplicationContext context;
  @Autowired private NtlmAffinity affinity;

  @Autowired
  @SuppressWarnings("rawtypes")
  private Map<String, FilterRegistrationBean> registrations;

  private int port;
  private Actuator actuator;

  @BeforeEach
  void connect() {
    port = environment.getRequiredProperty("local.server.port", Integer.class);
    actuator = new Actuator(port);
  }

  @Test
  void theProbePathIsAnsweredByTheFilterNotTheApplication() throws Exception {
    long negotiates =
        affinity.counters().messages(io.github.ntlmaffinity.wire.MessageType.NEGOTIATE);
    try (RawConnection c = new RawConnection(port)) {
      RawConnection.Response challenge =
          c.get("/ntlm-affinity-probe", "Authorization: " + NtlmTestMessages.ntlmHeader(type1()));

      assertThat(challenge.status()).isEqualTo(401);
      assertThat(challenge.header("X-NTLM-Affinity-Probe"))
          .startsWith("node=node-a; connection=")
          .endsWith("result=challenge");
    }
    assertThat(affinity.counters().messages(io.github.ntlmaffinity.wire.MessageType.NEGOTIATE))
        .isEqualTo(negotiates);
  }

  @Test
  void cleanHandshakeOnOneConnectionFindsNothing() throws Exception {
    Map<String, Double> before = actuator.prometheus();
    try (RawConnection c = new RawConnection(port)) {
      assertThat(c.get("/hello").status()).isEqualTo(401);
      RawConnection.Response challenge =
          c.get("/hello", "Authorization: " + NtlmTestMessages.ntlmHeader(type1()));
      assertThat(challenge.status()).isEqualTo(401);
      RawConnection.Response ok =
          c.get(
              "/hello",
              "Authorization: " + NtlmTestMessages.ntlmHeader(type3(challenge, "WS-CLEAN")));
      assertThat(ok.status()).isEqualTo(200);
      assertThat(ok.text()).isEqualTo("authenticated EXAMPLE\\alice\n");
    }

    Map<String, Object> handshake = completedHandshakeOf("WS-CLEAN");
    assertThat(handshake).containsEntry("outcome", "SUCCEEDED").containsEntry("node", "node-a");
    String connection = connectionKey(legs(handshake).get(0));
    assertThat(legs(handshake)).extracting(this::connectionKey).containsOnly(connection);
    assertThat(actuator.findings())
        .noneMatch(
            f -> connection.equals(connectionKey(f)) || "WS-CLEAN".equals(f.get("workstation")));
    Map<String, Double> after = actuator.prometheus();
    assertThat(errorFindings(after)).isEqualTo(errorFindings(before));
    assertThat(after.get("ntlm_affinity_handshakes_total{outcome=\"succeeded\"}"))
        .isEqualTo(before.get("ntlm_affinity_handshakes_total{outcome=\"succeeded\"}") + 1);
  }

  @Test
  void authenticateOnANewConnectionShowsOnTheEndpointAndInPrometheus() throws Exception {
    double before = actuator.prometheus().get(SPLIT_ACROSS_CONNECTIONS);

    splitAcrossConnections("/hello", "WS-SPLIT");

    assertThat(completedHandshakeOf("WS-SPLIT")).containsEntry("outcome", "FAILED");
    Map<String, Object> finding = findingOf("WS-SPLIT", "HANDSHAKE_SPLIT_ACROSS_CONNECTIONS");
    assertThat(finding)
        .containsEntry("severity", "ERROR")
        .containsEntry("node", "node-a")
        .containsEntry("user", "alice");
    assertThat(connectionKey(finding)).isNotEqualTo(otherConnectionKey(finding)).isNotNull();
    assertThat((String) finding.get("advice")).contains("http-server-close"); // balancer=haproxy
    // The CHALLENGE's own connection never got its AUTHENTICATE.
    Map<String, Object> abandoned = findingOf("WS-SPLIT", "CHALLENGE_ABANDONED");
    assertThat(connectionKey(abandoned)).isEqualTo(otherConnectionKey(finding));
    assertThat(actuator.prometheus().get(SPLIT_ACROSS_CONNECTIONS)).isEqualTo(before + 1);
  }

  @Test
  void theFilterRunsAheadOfTheSecurityFilterChain() throws Exception {
    FilterRegistrationBean<?> registration =
        registrations.get(NtlmAffinityAutoConfiguration.FILTER_REGISTRATION_BEAN);
    assertThat(registration.getOrder()).isLessThan(TestApplication.SECURITY_FILTER_ORDER);
    assertThat(registration.isAsyncSupported()).isTrue();
    FilterRegistration inContainer =
        context.getServletContext().getFilterRegistration("ntlmAffinityFilter");
    assertThat(inContainer.getClassName()).isEqualTo(NtlmAffinityFilter.class.getName());
    assertThat(inContainer.getUrlPatternMappings()).containsExactly("/*");

    // The acceptor at /guarded is a filter at Spring Security's order: the split is still seen.
    splitAcrossConnections("/guarded", "WS-GUARDED");

    assertThat(findingOf("WS-GUARDED", "HANDSHAKE_SPLIT_ACROSS_CONNECTIONS"))
        .containsEntry("node", "node-a");
  }

  @Test
  void endpointServesTheSnapshotJsonAsIs() throws Exception {
    for (String accept : new String[] {"application/json", "*/*"}) {
      HttpResponse<String> response = actuator.get("/actuator/ntlmaffinity", accept);

      assertThat(response.statusCode()).isEqualTo(200);
      assertThat(response.headers().firstValue("Content-Type"))
          .hasValueSatisfying(type -> assertThat(type).startsWith("application/json"));
      assertThat(response.body()).startsWith("{\"node\":\"node-a\",\"ntlmNames\":[");
      Map<String, Object> served = JsonParserFactory.getJsonParser().parseMap(response.body());
      Map<String, Object> direct =
          JsonParserFactory.getJsonParser().parseMap(affinity.snapshot().toJson());
      assertThat(new ArrayList<>(served.keySet())).containsExactlyElementsOf(direct.keySet());
      assertThat(served).containsEntry("balancer", "HAPROXY").containsEntry("enabled", true);
      assertThat(new ArrayList<Object>(((Map<?, ?>) served.get("counters")).keySet()))
          .containsExactlyElementsOf(((Map<?, ?>) direct.get("counters")).keySet());
    }
  }

  @Test
  void theServletModulesPageFindsTheStartersTracker() throws Exception {
    HttpResponse<String> page = actuator.get("/ntlm-affinity?format=json", "application/json");

    assertThat(page.statusCode()).isEqualTo(200);
    assertThat(page.body()).startsWith("{\"node\":\"node-a\",");
  }

  /** A NEGOTIATE on one connection, its AUTHENTICATE on another: the acceptor refuses it. */
  private void splitAcrossConnections(String path, String workstation) throws Exception {
    try (RawConnection first = new RawConnection(port);
        RawConnection second = new RawConnection(port)) {
      RawConnection.Response challenge =
          first.get(path, "Authorization: " + NtlmTestMessages.ntlmHeader(type1()));
      assertThat(challenge.status()).isEqualTo(401);
      RawConnection.Response refused =
          second.get(
              path, "Authorization: " + NtlmTestMessages.ntlmHeader(type3(challenge, workstation)));
      assertThat(refused.status()).isEqualTo(401);
    }
  }

  private static byte[] type1() {
    synchronized (JCIFS) {
      return JCIFS.negotiate();
    }
  }

  private static byte[] type3(RawConnection.Response challenge, String workstation) {
    String header = challenge.header("WWW-Authenticate");
    byte[] type2 = Base64.getDecoder().decode(header.substring(header.indexOf(' ') + 1));
    synchronized (JCIFS) {
      return JCIFS.answer(type2).workstation(workstation).build();
    }
  }

  /**
   * The handshake from {@code workstation} once it has an outcome. The client can read the last
   * response before the filter, which completes the exchange after the application returns, has
   * recorded its status (and a handshake's view is published as a response completes): wait (at
   * most 5 s) for that.
   */
  private Map<String, Object> completedHandshakeOf(String workstation) throws Exception {
    long deadline = System.nanoTime() + 5_000_000_000L;
    while (true) {
      Map<String, Object> handshake =
          actuator.handshakes().stream()
              .filter(h -> workstation.equals(h.get("workstation")))
              .findFirst()
              .orElse(null);
      boolean done = handshake != null && !"IN_PROGRESS".equals(handshake.get("outcome"));
      if (done || System.nanoTime() > deadline) {
        if (handshake == null) {
          throw new AssertionError("no handshake from " + workstation);
        }
        return handshake;
      }
      Thread.sleep(10);
    }
  }

  /** The one finding of {@code type} that names {@code workstation}. */
  private Map<String, Object> findingOf(String workstation, String type) throws Exception {
    List<Map<String, Object>> found =
        actuator.findings().stream()
            .filter(f -> workstation.equals(f.get("workstation")) && type.equals(f.get("type")))
            .toList();
    assertThat(found).as(type + " findings naming " + workstation).hasSize(1);
    return found.get(0);
  }

  @SuppressWarnings("unchecked")
  private static List<Map<String, Object>> legs(Map<String, Object> handshake) {
    return (List<Map<String, Object>>) handshake.get("legs");
  }

  private String connectionKey(Map<String, Object> withConnection) {
    return key(withConnection.get("connection"));
  }

  private static String otherConnectionKey(Map<String, Object> finding) {
    return key(finding.get("otherConnection"));
  }

  private static String key(Object connection) {
    return connection instanceof Map<?, ?> c ? (String) c.get("key") : null;
  }

  private static double errorFindings(Map<String, Double> prometheus) {
    return prometheus.entrySet().stream()
        .filter(e -> e.getKey().startsWith("ntlm_affinity_findings_total{"))
        .filter(e -> e.getKey().contains("severity=\"ERROR\""))
        .mapToDouble(Map.Entry::getValue)
        .sum();
  }
}
