package io.github.ntlmaffinity.cli.analyze;

import static io.github.ntlmaffinity.cli.analyze.AnalyzeCaptureTest.analyze;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.github.ntlmaffinity.FindingType;
import io.github.ntlmaffinity.examples.LoadBalancer;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * HTTP/1.1 framing on one keep-alive connection to a real NTLM node, captured by tcpdump: a HEAD (a
 * length but no body), a chunked and a Content-Length request body that look like requests, two
 * requests pipelined in one write, then the handshake. Exactly one healthy handshake must come out.
 */
class AnalyzeHttpTest {
  private static final String FAKE =
      "GET /not-a-request HTTP/1.1\r\nAuthorization: NTLM TlRMTVNTUAABAAAAB4IIogAAAAAAAAAAAAAAAAAAAAAKAGNFAAAADw==\r\n\r\n";

  @Test
  void bodiesHeadAndPipeliningAreFramedRight() throws Exception {
    assumeTrue(Tcpdump.available(), "tcpdump is not installed");
    try (ClusterTraffic cluster = new ClusterTraffic(LoadBalancer.Mode.STICKY)) {
      Path file = Captures.dir().resolve("http-framing.pcap");
      int status;
      try (Tcpdump t = Tcpdump.start(file, List.of("-i", "lo"), "tcp port " + cluster.portA())) {
        Captures.awaitCapturing(List.of(file), cluster.portA());
        try (Socket s = new Socket("127.0.0.1", cluster.portA())) {
          s.setSoTimeout(10_000);
          OutputStream out = s.getOutputStream();
          write(out, ClusterTraffic.request("HEAD", null));
          ClusterTraffic.read(s, true);
          // The first chunk's data starts with a blank line: a reader that ignored the chunked
          // framing would end a "head" there and take FAKE for a request.
          write(
              out,
              "POST /app/ HTTP/1.1\r\nHost: 127.0.0.1\r\nTransfer-Encoding: chunked\r\n\r\n"
                  + Integer.toHexString(FAKE.length() + 2)
                  + ";ext=1\r\n\r\n"
                  + FAKE
                  + "\r\n3\r\nend\r\n0\r\n\r\n");
          ClusterTraffic.read(s, false);
          write(
              out,
              "POST /app/ HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Length: "
                  + FAKE.length()
                  + "\r\n\r\n"
                  + FAKE);
          ClusterTraffic.read(s, false);
          write(
              out,
              ClusterTraffic.request("GET", null)
                  + ClusterTraffic.request("GET", ClusterTraffic.negotiate()));
          ClusterTraffic.read(s, false);
          ClusterTraffic.Response challenge = ClusterTraffic.read(s, false);
          write(out, ClusterTraffic.request("GET", ClusterTraffic.authenticate(challenge.type2())));
          status = ClusterTraffic.read(s, false).status();
        }
        Thread.sleep(300);
        t.stop();
      }
      assertThat(status).isEqualTo(200);
      assertThat(cluster.found(FindingType.UNMATCHED_AUTHENTICATE)).isZero();
      JsonNode report = analyze(0, file.toString());
      assertThat(report.at("/summary/handshakes").asLong()).as("%s", report).isEqualTo(1);
      assertThat(report.at("/summary/findingsByType").size()).isZero();
      JsonNode legs = report.at("/handshakes/0/legs");
      assertThat(legs.toString())
          .contains("\"message\":\"NEGOTIATE\",\"status\":401")
          .contains("\"message\":\"AUTHENTICATE\",\"status\":200");
      assertThat(report.at("/handshakes/0/outcome").asText()).isEqualTo("succeeded");
    }
  }

  private static void write(OutputStream out, String text) throws Exception {
    out.write(text.getBytes(StandardCharsets.ISO_8859_1));
    out.flush();
  }
}
