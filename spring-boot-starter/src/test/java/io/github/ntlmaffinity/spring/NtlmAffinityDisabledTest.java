package io.github.ntlmaffinity.spring;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.ntlmaffinity.NtlmAffinity;
import io.github.ntlmaffinity.testing.NtlmTestMessages;
import io.github.ntlmaffinity.testing.RawConnection;
import java.util.Base64;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.core.env.Environment;
import org.springframework.web.context.WebApplicationContext;

/**
 * {@code ntlm-affinity.enabled=false}: no filter, no endpoint, no meters; the application works.
 */
@SpringBootTest(
    classes = TestApplication.class,
    webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
    properties = {
      "ntlm-affinity.enabled=false",
      "management.endpoints.web.exposure.include=ntlmaffinity,prometheus",
      // Spring Boot 3's tests turn metrics export off unless told otherwise.
      "management.prometheus.metrics.export.enabled=true"
    })
class NtlmAffinityDisabledTest {
  private static final NtlmTestMessages JCIFS = NtlmTestMessages.create();

  @Autowired private Environment environment;
  @Autowired private WebApplicationContext context;

  @Test
  void enabledFalseRemovesTheFilterTheEndpointAndTheMeters() throws Exception {
    int port = environment.getRequiredProperty("local.server.port", Integer.class);
    Actuator actuator = new Actuator(port);

    assertThat(context.getBeanNamesForType(NtlmAffinity.class)).isEmpty();
    assertThat(context.getServletContext().getFilterRegistration("ntlmAffinityFilter")).isNull();
    // A split handshake goes by unobserved; the acceptor behind still answers as before.
    try (RawConnection first = new RawConnection(port);
        RawConnection second = new RawConnection(port)) {
      RawConnection.Response challenge =
          first.get("/hello", "Authorization: " + NtlmTestMessages.ntlmHeader(JCIFS.negotiate()));
      assertThat(challenge.status()).isEqualTo(401);
      String type2 = challenge.header("WWW-Authenticate");
      byte[] type3 =
          JCIFS.answer(Base64.getDecoder().decode(type2.substring(type2.indexOf(' ') + 1))).build();
      assertThat(
              second.get("/hello", "Authorization: " + NtlmTestMessages.ntlmHeader(type3)).status())
          .isEqualTo(401);
    }
    assertThat(actuator.get("/actuator/ntlmaffinity", "application/json").statusCode())
        .isEqualTo(404);
    assertThat(actuator.prometheus().keySet()).noneMatch(name -> name.startsWith("ntlm_affinity"));
    // The servlet module's page has no filter to show.
    assertThat(actuator.get("/ntlm-affinity?format=json", "application/json").statusCode())
        .isEqualTo(503);
  }
}
