package io.github.ntlmaffinity.spring;

import io.github.ntlmaffinity.NtlmAffinity;
import io.github.ntlmaffinity.Sink;
import io.github.ntlmaffinity.micrometer.NtlmAffinityMetrics;
import io.github.ntlmaffinity.servlet.NtlmAffinityFilter;
import jakarta.servlet.DispatcherType;
import java.util.Map;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.actuate.autoconfigure.endpoint.condition.ConditionalOnAvailableEndpoint;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionOutcome;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.boot.autoconfigure.condition.SpringBootCondition;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.context.properties.source.InvalidConfigurationPropertyValueException;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.ConditionContext;
import org.springframework.context.annotation.Conditional;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;
import org.springframework.core.type.AnnotatedTypeMetadata;

/**
 * Watches the NTLM handshakes of a servlet web application: registers {@link NtlmAffinityFilter}
 * ahead of the security filter chain, with an {@link NtlmAffinity} built from the {@code
 * ntlm-affinity.*} properties; adds the {@code ntlmaffinity} Actuator endpoint when Actuator is
 * there, and {@link NtlmAffinityMetrics} when a {@code MeterRegistry} is.
 *
 * <p>{@code ntlm-affinity.enabled=false} turns all of it off. An {@link NtlmAffinity} bean of the
 * application's own replaces the one from the properties; a bean named {@value
 * #FILTER_REGISTRATION_BEAN} replaces the filter's registration; {@link Sink} beans receive every
 * finding and handshake update.
 *
 * <p>Compiled against Spring Boot 4.0 and tested on 4.0 and 3.5: it uses only APIs both have, and
 * names the metrics auto-configurations of both to come after them.
 */
@AutoConfiguration(
    afterName = {
      // Spring Boot 4
      "org.springframework.boot.micrometer.metrics.autoconfigure.MetricsAutoConfiguration",
      "org.springframework.boot.micrometer.metrics.autoconfigure"
          + ".CompositeMeterRegistryAutoConfiguration",
      // Spring Boot 3
      "org.springframework.boot.actuate.autoconfigure.metrics.MetricsAutoConfiguration",
      "org.springframework.boot.actuate.autoconfigure.metrics.CompositeMeterRegistryAutoConfiguration"
    })
@ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.SERVLET)
@Conditional(NtlmAffinityAutoConfiguration.OnEnabled.class)
@EnableConfigurationProperties(NtlmAffinityProperties.class)
public class NtlmAffinityAutoConfiguration {
  /**
   * The filter's default order: {@code Ordered.HIGHEST_PRECEDENCE + 10}. That is ahead of Spring
   * Security's filter chain ({@code SecurityProperties.DEFAULT_FILTER_ORDER}, -100) and of any
   * other filter that authenticates with NTLM or Negotiate (Waffle, a custom filter), so the filter
   * sees their {@code Authorization} headers and the 401s with the CHALLENGE. Of Spring Boot's own
   * filters, the character-encoding, forwarded-header and observation filters, which authenticate
   * nobody, come first.
   */
  public static final int FILTER_ORDER = Ordered.HIGHEST_PRECEDENCE + 10;

  /** The name of the filter's registration bean, and of the filter. */
  public static final String FILTER_REGISTRATION_BEAN = "ntlmAffinityFilterRegistration";

  /**
   * The tracker, from the {@code ntlm-affinity.*} properties and every {@link Sink} bean.
   *
   * @throws InvalidConfigurationPropertyValueException naming the property whose value is bad
   */
  @Bean
  @ConditionalOnMissingBean
  public NtlmAffinity ntlmAffinity(NtlmAffinityProperties properties, ObjectProvider<Sink> sinks) {
    NtlmAffinity.Builder builder = NtlmAffinity.builder();
    for (Map.Entry<String, String> setting : properties.toSettings().entrySet()) {
      try {
        builder.configure(Map.of(setting.getKey(), setting.getValue()));
      } catch (IllegalArgumentException e) {
        String reason = e.getCause() != null ? e.getCause().getMessage() : e.getMessage();
        throw new InvalidConfigurationPropertyValueException(
            NtlmAffinityProperties.propertyName(setting.getKey()), setting.getValue(), reason);
      }
    }
    sinks.orderedStream().forEach(builder::sink);
    return builder.build();
  }

  /** The filter, for {@code REQUEST} dispatches of every path, async-supported. */
  @Bean(name = FILTER_REGISTRATION_BEAN)
  @ConditionalOnMissingBean(name = FILTER_REGISTRATION_BEAN)
  public FilterRegistrationBean<NtlmAffinityFilter> ntlmAffinityFilterRegistration(
      NtlmAffinity affinity, NtlmAffinityProperties properties) {
    NtlmAffinityFilter filter;
    try {
      filter = new NtlmAffinityFilter(affinity, properties.getProbePath());
    } catch (IllegalArgumentException e) {
      throw new InvalidConfigurationPropertyValueException(
          NtlmAffinityProperties.PREFIX + ".probe-path", properties.getProbePath(), e.getMessage());
    }
    FilterRegistrationBean<NtlmAffinityFilter> registration = new FilterRegistrationBean<>(filter);
    registration.setName("ntlmAffinityFilter");
    registration.setOrder(properties.getFilterOrder());
    registration.setAsyncSupported(true);
    registration.setDispatcherTypes(DispatcherType.REQUEST);
    registration.addUrlPatterns("/*");
    return registration;
  }

  /**
   * The {@code ntlmaffinity} endpoint, when Actuator is there and the endpoint is available (the
   * availability condition sits on the method: it is Actuator's own class).
   */
  @Configuration(proxyBeanMethods = false)
  @ConditionalOnClass(
      name = {
        "org.springframework.boot.actuate.endpoint.annotation.Endpoint",
        "org.springframework.boot.actuate.autoconfigure.endpoint.condition"
            + ".ConditionalOnAvailableEndpoint"
      })
  static class EndpointConfiguration {

    @Bean
    @ConditionalOnMissingBean
    @ConditionalOnAvailableEndpoint(NtlmAffinityEndpoint.class)
    NtlmAffinityEndpoint ntlmAffinityEndpoint(
        NtlmAffinity affinity, NtlmAffinityProperties properties) {
      return new NtlmAffinityEndpoint(affinity, properties.getEndpoint().isMaskUsers());
    }
  }

  /** The meters, when Micrometer is there and the application has a registry. */
  @Configuration(proxyBeanMethods = false)
  @ConditionalOnClass(name = "io.micrometer.core.instrument.binder.MeterBinder")
  @ConditionalOnBean(type = "io.micrometer.core.instrument.MeterRegistry")
  static class MetricsConfiguration {

    @Bean
    @ConditionalOnMissingBean
    NtlmAffinityMetrics ntlmAffinityMetrics(NtlmAffinity affinity) {
      return new NtlmAffinityMetrics(affinity);
    }
  }

  /**
   * Matches unless {@code ntlm-affinity.enabled} is {@code false}: any other value goes on to the
   * builder, which fails start-up on anything but {@code true}.
   */
  static final class OnEnabled extends SpringBootCondition {
    private static final String PROPERTY = NtlmAffinityProperties.PREFIX + ".enabled";

    @Override
    public ConditionOutcome getMatchOutcome(
        ConditionContext context, AnnotatedTypeMetadata metadata) {
      String enabled = context.getEnvironment().getProperty(PROPERTY);
      if (enabled != null && enabled.trim().equalsIgnoreCase("false")) {
        return ConditionOutcome.noMatch(PROPERTY + " is false");
      }
      return ConditionOutcome.match(PROPERTY + " is not false");
    }
  }
}
