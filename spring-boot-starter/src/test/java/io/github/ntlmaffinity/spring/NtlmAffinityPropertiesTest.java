package io.github.ntlmaffinity.spring;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.ntlmaffinity.Balancer;
import io.github.ntlmaffinity.ConnectionInfo;
import io.github.ntlmaffinity.ExchangeRequest;
import io.github.ntlmaffinity.Finding;
import io.github.ntlmaffinity.FindingType;
import io.github.ntlmaffinity.NtlmAffinity;
import io.github.ntlmaffinity.Sink;
import io.github.ntlmaffinity.micrometer.NtlmAffinityMetrics;
import io.github.ntlmaffinity.servlet.NtlmAffinityFilter;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.context.properties.source.InvalidConfigurationPropertyValueException;
import org.springframework.boot.json.JsonParserFactory;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.test.context.runner.WebApplicationContextRunner;
import org.springframework.boot.web.servlet.FilterRegistrationBean;

/** The {@code ntlm-affinity.*} properties and the beans the auto-configuration makes of them. */
class NtlmAffinityPropertiesTest {
  /** A good value for every builder setting, as text. */
  private static final Map<String, String> GOOD = new LinkedHashMap<>();

  /** A bad value for every builder setting that can have one. */
  private static final Map<String, String> BAD = new LinkedHashMap<>();

  static {
    GOOD.put("enabled", "true");
    GOOD.put("nodeName", "node-b");
    GOOD.put("ntlmNames", "NODE-B, node-b.example.test");
    GOOD.put("trustedProxies", "10.0.0.0/8, fd00::/8");
    GOOD.put("affinityCookies", "SERVERID,AWSALB");
    GOOD.put("balancer", "f5-big-ip");
    GOOD.put("maxConnections", "500");
    GOOD.put("maxChallenges", "1_000");
    GOOD.put("maxRetainedBytes", "32m");
    GOOD.put("challengeTimeout", "10s");
    GOOD.put("connectionIdleTimeout", "PT5M");
    GOOD.put("repeatedHandshakeThreshold", "3");
    GOOD.put("repeatedHandshakeWindow", "2m");
    GOOD.put("logRatePerMinute", "0");
    GOOD.put("recentFindings", "50");
    GOOD.put("recentHandshakes", "0");

    BAD.put("enabled", "maybe");
    BAD.put("trustedProxies", "10.0.0.0/99");
    BAD.put("balancer", "big-ip");
    BAD.put("maxConnections", "0");
    BAD.put("maxChallenges", "lots");
    BAD.put("maxRetainedBytes", "a lot");
    BAD.put("challengeTimeout", "abc");
    BAD.put("connectionIdleTimeout", "0s");
    BAD.put("repeatedHandshakeThreshold", "1");
    BAD.put("repeatedHandshakeWindow", "5 fortnights");
    BAD.put("logRatePerMinute", "-1");
    BAD.put("recentFindings", "-5");
    BAD.put("recentHandshakes", "many");
  }

  private final WebApplicationContextRunner runner =
      new WebApplicationContextRunner()
          .withConfiguration(AutoConfigurations.of(NtlmAffinityAutoConfiguration.class));

  @Test
  void everyBuilderSettingIsAProperty() {
    assertThat(GOOD.keySet()).containsExactlyElementsOf(NtlmAffinity.Builder.settingKeys());

    runner
        .withPropertyValues(properties(GOOD))
        .run(
            context -> {
              assertThat(context).hasNotFailed();
              NtlmAffinityProperties properties = context.getBean(NtlmAffinityProperties.class);
              assertThat(properties.toSettings().keySet())
                  .containsExactlyElementsOf(NtlmAffinity.Builder.settingKeys());
              NtlmAffinity affinity = context.getBean(NtlmAffinity.class);
              assertThat(affinity.nodeName()).isEqualTo("node-b");
              assertThat(affinity.affinityCookies()).containsExactly("SERVERID", "AWSALB");
              assertThat(affinity.snapshot().ntlmNames())
                  .containsExactly("NODE-B", "node-b.example.test");
              assertThat(affinity.snapshot().balancer()).isEqualTo(Balancer.F5_BIG_IP);
              assertThat(affinity.snapshot().enabled()).isTrue();
            });
  }

  @ParameterizedTest(name = "{0}={1}")
  @MethodSource("badValues")
  void aBadValueFailsStartUpNamingTheProperty(String property, String value) {
    runner
        .withPropertyValues(property + "=" + value)
        .run(
            context -> {
              assertThat(context).hasFailed();
              Throwable cause = context.getStartupFailure();
              while (!(cause instanceof InvalidConfigurationPropertyValueException)
                  && cause.getCause() != null) {
                cause = cause.getCause();
              }
              assertThat(cause).isInstanceOf(InvalidConfigurationPropertyValueException.class);
              InvalidConfigurationPropertyValueException invalid =
                  (InvalidConfigurationPropertyValueException) cause;
              assertThat(invalid.getName()).isEqualTo(property);
              assertThat(invalid.getValue()).isEqualTo(value);
              assertThat(invalid.getMessage()).contains(property, value);
            });
  }

  static Stream<Arguments> badValues() {
    return BAD.entrySet().stream()
        .map(e -> Arguments.of(NtlmAffinityProperties.propertyName(e.getKey()), e.getValue()));
  }

  @Test
  void aBadValueStopsARealApplicationNamingTheProperty() {
    SpringApplicationBuilder application =
        new SpringApplicationBuilder(TestApplication.class)
            .properties("server.port=0", "ntlm-affinity.challenge-timeout=abc");

    assertThatThrownBy(application::run)
        .rootCause()
        .isInstanceOf(InvalidConfigurationPropertyValueException.class)
        .hasMessageContaining("ntlm-affinity.challenge-timeout")
        .hasMessageContaining("'abc'")
        .hasMessageContaining("expected a duration");
  }

  @Test
  void propertyNamesAreTheBuilderMethodsInKebabCase() {
    assertThat(NtlmAffinityProperties.propertyName("maxConnections"))
        .isEqualTo("ntlm-affinity.max-connections");
    assertThat(NtlmAffinityProperties.propertyName("logRatePerMinute"))
        .isEqualTo("ntlm-affinity.log-rate-per-minute");
    assertThat(NtlmAffinityProperties.propertyName("enabled")).isEqualTo("ntlm-affinity.enabled");
  }

  @Test
  void theMetadataDocumentsEveryProperty() throws Exception {
    String json;
    try (InputStream in =
        getClass().getResourceAsStream("/META-INF/spring-configuration-metadata.json")) {
      assertThat(in).as("generated configuration metadata").isNotNull();
      json = new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
    Map<String, Map<String, Object>> documented = new LinkedHashMap<>();
    for (Object p : (List<?>) JsonParserFactory.getJsonParser().parseMap(json).get("properties")) {
      @SuppressWarnings("unchecked")
      Map<String, Object> property = (Map<String, Object>) p;
      String name = (String) property.get("name");
      if (name.startsWith("ntlm-affinity.")) {
        documented.put(name, property);
      }
    }
    List<String> expected = new ArrayList<>();
    for (String key : NtlmAffinity.Builder.settingKeys()) {
      expected.add(NtlmAffinityProperties.propertyName(key));
    }
    expected.add("ntlm-affinity.filter-order");
    expected.add("ntlm-affinity.endpoint.mask-users");
    expected.add("ntlm-affinity.probe-path");
    assertThat(documented.keySet()).containsExactlyInAnyOrderElementsOf(expected);
    for (Map<String, Object> property : documented.values()) {
      assertThat((String) property.get("description")).as(property.get("name") + "").isNotBlank();
    }
    assertThat((String) documented.get("ntlm-affinity.challenge-timeout").get("description"))
        .contains("30s");
    // The processor documents the endpoint too: its access setting, like every endpoint's.
    assertThat(json).contains("\"management.endpoint.ntlmaffinity.access\"");

    // IDEs offer the balancer names and the two values of enabled.
    Map<String, List<Object>> hints = new LinkedHashMap<>();
    for (Object h : (List<?>) JsonParserFactory.getJsonParser().parseMap(json).get("hints")) {
      Map<?, ?> hint = (Map<?, ?>) h;
      hints.put(
          (String) hint.get("name"),
          ((List<?>) hint.get("values"))
              .stream().<Object>map(v -> ((Map<?, ?>) v).get("value")).toList());
    }
    List<Object> balancers = new ArrayList<>();
    for (Balancer b : Balancer.values()) {
      balancers.add(b.name().toLowerCase(java.util.Locale.ROOT).replace('_', '-'));
    }
    assertThat(hints.get("ntlm-affinity.balancer")).containsExactlyElementsOf(balancers);
    assertThat(hints.get("ntlm-affinity.enabled")).containsExactly("true", "false");
  }

  @Test
  void theFilterIsRegisteredWithTheTracker() {
    runner.run(
        context -> {
          FilterRegistrationBean<?> registration =
              context.getBean(
                  NtlmAffinityAutoConfiguration.FILTER_REGISTRATION_BEAN,
                  FilterRegistrationBean.class);
          assertThat(registration.getOrder()).isEqualTo(NtlmAffinityAutoConfiguration.FILTER_ORDER);
          assertThat(registration.getUrlPatterns()).containsExactly("/*");
          assertThat(((NtlmAffinityFilter) registration.getFilter()).affinity())
              .isSameAs(context.getBean(NtlmAffinity.class));
        });
  }

  @Test
  void theFilterOrderCanBeSet() {
    runner
        .withPropertyValues("ntlm-affinity.filter-order=-500")
        .run(
            context ->
                assertThat(
                        context
                            .getBean(
                                NtlmAffinityAutoConfiguration.FILTER_REGISTRATION_BEAN,
                                FilterRegistrationBean.class)
                            .getOrder())
                    .isEqualTo(-500));
  }

  @Test
  void anApplicationsOwnTrackerIsUsed() {
    NtlmAffinity mine = NtlmAffinity.builder().nodeName("mine").build();
    runner
        .withBean(NtlmAffinity.class, () -> mine)
        .run(
            context -> {
              assertThat(context).getBean(NtlmAffinity.class).isSameAs(mine);
              FilterRegistrationBean<?> registration =
                  context.getBean(
                      NtlmAffinityAutoConfiguration.FILTER_REGISTRATION_BEAN,
                      FilterRegistrationBean.class);
              assertThat(((NtlmAffinityFilter) registration.getFilter()).affinity()).isSameAs(mine);
            });
  }

  @Test
  void sinkBeansReceiveFindings() {
    List<Finding> received = new ArrayList<>();
    Sink recorder =
        new Sink() {
          @Override
          public void onFinding(Finding finding) {
            received.add(finding);
          }
        };
    runner
        .withBean(Sink.class, () -> recorder)
        .run(
            context -> {
              NtlmAffinity affinity = context.getBean(NtlmAffinity.class);
              affinity.begin(malformed()).complete(401, false);
              assertThat(received).extracting(Finding::type).contains(FindingType.MALFORMED_TOKEN);
            });
  }

  @Test
  void metricsWhenTheApplicationHasAMeterRegistry() {
    runner.run(context -> assertThat(context).doesNotHaveBean(NtlmAffinityMetrics.class));
    runner
        .withBean(SimpleMeterRegistry.class, SimpleMeterRegistry::new)
        .run(context -> assertThat(context).hasSingleBean(NtlmAffinityMetrics.class));
  }

  @Test
  void theEndpointOnlyWhereActuatorExposesIt() {
    runner.run(context -> assertThat(context).doesNotHaveBean(NtlmAffinityEndpoint.class));
    runner
        .withPropertyValues(
            "management.endpoints.web.exposure.include=ntlmaffinity",
            "ntlm-affinity.endpoint.mask-users=true")
        .run(
            context -> {
              assertThat(context).hasSingleBean(NtlmAffinityEndpoint.class);
              NtlmAffinity affinity = context.getBean(NtlmAffinity.class);
              affinity.begin(malformed()).complete(401, false);
              String json = context.getBean(NtlmAffinityEndpoint.class).snapshot();
              assertThat(json).startsWith("{\"node\":").contains("\"MALFORMED_TOKEN\":1");
            });
  }

  @Test
  void enabledFalseRemovesEverything() {
    runner
        .withPropertyValues("ntlm-affinity.enabled=FALSE")
        .withBean(SimpleMeterRegistry.class, SimpleMeterRegistry::new)
        .run(
            context -> {
              assertThat(context).hasNotFailed();
              assertThat(context).doesNotHaveBean(NtlmAffinity.class);
              assertThat(context).doesNotHaveBean(FilterRegistrationBean.class);
              assertThat(context).doesNotHaveBean(NtlmAffinityMetrics.class);
            });
  }

  @Test
  void micrometerAndActuatorAreOptional() {
    runner
        .withClassLoader(
            new FilteredClassLoader("io.micrometer.", "org.springframework.boot.actuate."))
        .withPropertyValues("management.endpoints.web.exposure.include=ntlmaffinity")
        .run(
            context -> {
              assertThat(context).hasNotFailed();
              assertThat(context).hasSingleBean(NtlmAffinity.class);
              assertThat(context).hasBean(NtlmAffinityAutoConfiguration.FILTER_REGISTRATION_BEAN);
              assertThat(context).doesNotHaveBean(NtlmAffinityEndpoint.class);
              assertThat(context).doesNotHaveBean(NtlmAffinityMetrics.class);
            });
  }

  @Test
  void onlyInAServletWebApplication() {
    new ApplicationContextRunner()
        .withConfiguration(AutoConfigurations.of(NtlmAffinityAutoConfiguration.class))
        .run(context -> assertThat(context).doesNotHaveBean(NtlmAffinity.class));
  }

  private static String[] properties(Map<String, String> settings) {
    return settings.entrySet().stream()
        .map(e -> NtlmAffinityProperties.propertyName(e.getKey()) + "=" + e.getValue())
        .toArray(String[]::new);
  }

  private static ExchangeRequest malformed() {
    ConnectionInfo connection =
        new ConnectionInfo("c1", "127.0.0.1", 8080, "127.0.0.1", 50000, "HTTP/1.1");
    return new ExchangeRequest() {
      @Override
      public String header(String name) {
        return "Authorization".equalsIgnoreCase(name) ? "NTLM TlRMTVNTUAADAAAA" : null;
      }

      @Override
      public ConnectionInfo connection() {
        return connection;
      }
    };
  }
}
