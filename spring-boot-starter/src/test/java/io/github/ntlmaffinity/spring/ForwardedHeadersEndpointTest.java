package io.github.ntlmaffinity.spring;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.ntlmaffinity.testing.RawConnection;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.core.env.Environment;

/**
 * With Spring's forwarded-header strategies, {@code X-Forwarded-For: <allowed address>} sent from
 * anywhere must not open the diagnostics page: the allow-list is decided on the TCP peer.
 */
class ForwardedHeadersEndpointTest {
  private static final String SPOOF = "X-Forwarded-For: 10.1.2.3";

  abstract static class Strategy {
    @Autowired private Environment environment;

    @Test
    void aForwardedAllowedAddressGetsNothing() throws Exception {
      int port = environment.getRequiredProperty("local.server.port", Integer.class);
      try (RawConnection c = new RawConnection(port)) {
        RawConnection.Response remote = c.get("/remote", SPOOF);
        RawConnection.Response page = c.get("/ntlm-affinity-restricted?format=json", SPOOF);

        assertThat(remote.text())
            .as("the application sees the forwarded address")
            .isEqualTo("10.1.2.3");
        assertThat(page.status()).isEqualTo(403);
        assertThat(page.text()).doesNotContain("\"node\"");
      }
    }
  }

  @Nested
  @SpringBootTest(
      classes = TestApplication.class,
      webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
      properties = {"server.forward-headers-strategy=framework"})
  class Framework extends Strategy {}

  @Nested
  @SpringBootTest(
      classes = TestApplication.class,
      webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
      properties = {
        "server.forward-headers-strategy=native",
        // Tomcat's RemoteIpValve trusts loopback and private addresses by default.
        "server.tomcat.remoteip.internal-proxies=127\\\\.0\\\\.0\\\\.1"
      })
  class Native extends Strategy {}
}
