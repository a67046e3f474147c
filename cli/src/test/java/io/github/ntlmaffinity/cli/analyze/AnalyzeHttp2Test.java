package io.github.ntlmaffinity.cli.analyze;

import static io.github.ntlmaffinity.cli.analyze.AnalyzeCaptureTest.analyze;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.eclipse.jetty.http2.server.HTTP2CServerConnectionFactory;
import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.util.Callback;
import org.junit.jupiter.api.Test;

/**
 * Real HTTP/2 over cleartext TCP, captured by tcpdump on loopback: curl (with nghttp2) against
 * nginx's h2c listener (prior knowledge), and curl's {@code Upgrade: h2c} against Jetty's HTTP/1.1
 * connector with h2c upgrade (nginx does not upgrade). Neither may be read as HTTP/1 past the
 * switch, and the report must say HTTP/2.
 */
class AnalyzeHttp2Test {

  @Test
  void priorKnowledgeH2cIsSaidToBeHttp2() throws Exception {
    assumeTrue(Tcpdump.available(), "tcpdump is not installed");
    assumeTrue(Tcpdump.onPath("curl"), "curl is not installed");
    Path file = Captures.dir().resolve("h2c-prior.pcap");
    Path serverSide = Captures.dir().resolve("h2c-prior-server-side.pcap");
    try (RealBalancer nginx = RealBalancer.nginx("nginx-h2c.conf", 0, 0)) {
      String port = String.valueOf(nginx.port());
      try (Tcpdump t = Tcpdump.start(file, List.of("-i", "lo"), "tcp port " + port);
          Tcpdump t2 = Tcpdump.start(serverSide, List.of("-i", "lo"), "tcp src port " + port)) {
        String said = curl("-i", "--http2-prior-knowledge", "http://127.0.0.1:" + port + "/");
        assertThat(said).contains("HTTP/2 200").contains("h2c");
        Thread.sleep(300);
        t.stop();
        t2.stop();
      }
    }
    // Both directions: told by the client's connection preface.
    JsonNode report = analyze(2, file.toString());
    String notes = report.at("/notes").toString();
    assertThat(notes)
        .contains("No HTTP/1.x traffic in the capture (1 HTTP/2 connections)")
        .contains("1 connections speak HTTP/2 (cleartext)");
    assertThat(report.at("/summary/handshakes").asLong()).isZero();
    // The server's side alone: told by the SETTINGS frame an HTTP/2 server sends first.
    assertThat(analyze(2, serverSide.toString()).at("/notes").toString())
        .contains("No HTTP/1.x traffic in the capture (1 HTTP/2 connections)");
  }

  @Test
  void upgradeToH2cIsReadUpToTheSwitchAndSaid() throws Exception {
    assumeTrue(Tcpdump.available(), "tcpdump is not installed");
    assumeTrue(Tcpdump.onPath("curl"), "curl is not installed");
    Server server = new Server();
    HttpConfiguration config = new HttpConfiguration();
    ServerConnector connector =
        new ServerConnector(
            server, new HttpConnectionFactory(config), new HTTP2CServerConnectionFactory(config));
    connector.setHost("127.0.0.1");
    server.addConnector(connector);
    server.setHandler(
        new Handler.Abstract() {
          @Override
          public boolean handle(Request request, Response response, Callback callback) {
            response.setStatus(200);
            // Text that looks like an HTTP/1 response head, inside an HTTP/2 DATA frame.
            Content.Sink.write(
                response,
                true,
                "HTTP/1.1 401 Unauthorized\r\nWWW-Authenticate: NTLM\r\n\r\n",
                callback);
            return true;
          }
        });
    server.start();
    Path file = Captures.dir().resolve("h2c-upgrade.pcap");
    try (Tcpdump t =
        Tcpdump.start(file, List.of("-i", "lo"), "tcp port " + connector.getLocalPort())) {
      String said =
          curl("--http2", "-v", "http://127.0.0.1:" + connector.getLocalPort() + "/upgrade");
      assertThat(said).contains("101 Switching Protocols").contains("HTTP/2 200");
      Thread.sleep(300);
      t.stop();
    } finally {
      server.stop();
    }
    JsonNode report = analyze(2, file.toString());
    String notes = report.at("/notes").toString();
    assertThat(notes).contains("1 connections switched to HTTP/2 (Upgrade: h2c");
    assertThat(report.at("/summary/handshakes").asLong()).isZero();
    assertThat(report.at("/summary/findingsByType").size()).isZero();
  }

  /** Runs curl; what it printed (stdout and stderr). */
  private static String curl(String... args) throws Exception {
    List<String> command = new java.util.ArrayList<>(List.of("curl", "-sS", "--max-time", "10"));
    command.addAll(List.of(args));
    Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(p.waitFor(20, TimeUnit.SECONDS)).isTrue();
    assertThat(p.exitValue()).as(out).isZero();
    return out;
  }
}
