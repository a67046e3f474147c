package io.github.ntlmaffinity.spring;

import io.github.ntlmaffinity.servlet.NtlmAffinityDiagnosticsServlet;
import io.github.ntlmaffinity.testing.NtlmTestAcceptor;
import jakarta.servlet.Filter;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.boot.web.servlet.ServletRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * A Windows-auth backend: an NTLM acceptor behind a controller at {@code /hello}, and the same
 * acceptor as a filter at {@code /guarded} with the order of Spring Security's filter chain.
 */
@SpringBootConfiguration
@EnableAutoConfiguration
class TestApplication {
  /** Spring Security's {@code SecurityProperties.DEFAULT_FILTER_ORDER}. */
  static final int SECURITY_FILTER_ORDER = -100;

  @Bean
  NtlmTestAcceptor acceptor() {
    return NtlmTestAcceptor.create();
  }

  /** Authenticates {@code /guarded} where Spring Security's chain would, and answers it. */
  @Bean
  FilterRegistrationBean<Filter> guard(NtlmTestAcceptor acceptor) {
    Filter guard =
        (req, res, chain) -> acceptor.handle((HttpServletRequest) req, (HttpServletResponse) res);
    FilterRegistrationBean<Filter> registration = new FilterRegistrationBean<>(guard);
    registration.setOrder(SECURITY_FILTER_ORDER);
    registration.addUrlPatterns("/guarded");
    return registration;
  }

  /** The servlet module's HTML/JSON page, which finds the filter's engine by itself. */
  @Bean
  ServletRegistrationBean<NtlmAffinityDiagnosticsServlet> diagnostics() {
    return new ServletRegistrationBean<>(new NtlmAffinityDiagnosticsServlet(), "/ntlm-affinity");
  }

  /**
   * The page allowing 10.0.0.0/8 only, which the tests' 127.0.0.1 is not: a forwarded address must
   * never get in.
   */
  @Bean
  ServletRegistrationBean<NtlmAffinityDiagnosticsServlet> restrictedDiagnostics() {
    ServletRegistrationBean<NtlmAffinityDiagnosticsServlet> r =
        new ServletRegistrationBean<>(
            new NtlmAffinityDiagnosticsServlet(), "/ntlm-affinity-restricted");
    r.addInitParameter(NtlmAffinityDiagnosticsServlet.ALLOW_INIT_PARAM, "10.0.0.0/8");
    r.addInitParameter(NtlmAffinityDiagnosticsServlet.HOSTS_INIT_PARAM, "backend.example.test");
    return r;
  }

  /** The remote address as the application sees it, to show the container rewrote it. */
  @RestController
  static class RemoteAddressController {
    @GetMapping("/remote")
    String remote(HttpServletRequest request) {
      return request.getRemoteAddr();
    }
  }

  /** The acceptor behind a controller; a member class, so registered with the configuration. */
  @RestController
  static class AcceptorController {
    private final NtlmTestAcceptor acceptor;

    AcceptorController(NtlmTestAcceptor acceptor) {
      this.acceptor = acceptor;
    }

    @GetMapping("/hello")
    void hello(HttpServletRequest request, HttpServletResponse response) throws IOException {
      acceptor.handle(request, response);
    }
  }
}
