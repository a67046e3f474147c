package io.github.ntlmaffinity.spring;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.ntlmaffinity.testing.PrometheusText;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;
import org.springframework.boot.json.JsonParserFactory;

/** Reads the application's endpoints over HTTP as a monitoring tool would. */
final class Actuator {

  private final HttpClient http = HttpClient.newHttpClient();
  private final int port;

  Actuator(int port) {
    this.port = port;
  }

  /** {@code GET path} with {@code Accept: accept}. */
  HttpResponse<String> get(String path, String accept) throws IOException, InterruptedException {
    HttpRequest request =
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
            .header("Accept", accept)
            .build();
    return http.send(request, HttpResponse.BodyHandlers.ofString());
  }

  /** {@code /actuator/ntlmaffinity}, parsed. */
  Map<String, Object> snapshot() throws IOException, InterruptedException {
    HttpResponse<String> response = get("/actuator/ntlmaffinity", "application/json");
    assertThat(response.statusCode()).isEqualTo(200);
    return JsonParserFactory.getJsonParser().parseMap(response.body());
  }

  /** The findings in the snapshot, newest first. */
  @SuppressWarnings("unchecked")
  List<Map<String, Object>> findings() throws IOException, InterruptedException {
    return (List<Map<String, Object>>) snapshot().get("findings");
  }

  /** The handshakes in the snapshot, newest first. */
  @SuppressWarnings("unchecked")
  List<Map<String, Object>> handshakes() throws IOException, InterruptedException {
    return (List<Map<String, Object>>) snapshot().get("handshakes");
  }

  /** {@code /actuator/prometheus}: each sample by {@code name{label="value",...}} as scraped. */
  Map<String, Double> prometheus() throws IOException, InterruptedException {
    HttpResponse<String> response = get("/actuator/prometheus", "text/plain");
    assertThat(response.statusCode()).isEqualTo(200);
    return PrometheusText.samples(response.body());
  }
}
