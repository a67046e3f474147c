package io.github.ntlmaffinity.examples.springboot;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.core.env.Environment;

/**
 * Starts the example on a free port and reads what the starter added, so the example cannot rot.
 */
@SpringBootTest(
    webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
    properties = "ntlm-affinity.node-name=example")
class ExampleApplicationTest {
  private final HttpClient http = HttpClient.newHttpClient();

  @Autowired private Environment environment;

  @Test
  void theStarterWatchesTheApplicationAndReports() throws Exception {
    // A broken token through the filter: counted and reported, and the request goes on.
    HttpResponse<String> hello = get("/", "NTLM TlRMTVNTUAADAAAA");
    assertThat(hello.statusCode()).isEqualTo(200);
    assertThat(hello.body()).isEqualTo("hello\n");

    HttpResponse<String> snapshot = get("/actuator/ntlmaffinity", null);
    assertThat(snapshot.statusCode()).isEqualTo(200);
    assertThat(snapshot.body())
        .startsWith("{\"node\":\"example\",")
        .contains("\"balancer\":\"HAPROXY\"")
        .contains("\"MALFORMED_TOKEN\":1");
    assertThat(get("/actuator/prometheus", null).body())
        .contains("ntlm_affinity_malformed_tokens_total 1.0");
  }

  private HttpResponse<String> get(String path, String authorization) throws Exception {
    int port = environment.getRequiredProperty("local.server.port", Integer.class);
    HttpRequest.Builder request =
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path));
    if (authorization != null) {
      request.header("Authorization", authorization);
    }
    return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
  }
}
