package io.github.ntlmaffinity.cli.analyze;

import static io.github.ntlmaffinity.cli.analyze.AnalyzeCaptureTest.analyze;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.github.ntlmaffinity.examples.LoadBalancer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;
import org.junit.jupiter.api.Test;

/** IPv6, and traffic that is not HTTP/1.x (TLS, HTTP/2, other): captured by tcpdump on loopback. */
class AnalyzeProtocolsTest {

  @Test
  void ipv6ConnectionsAreRead() throws Exception {
    assumeTrue(Tcpdump.available(), "tcpdump is not installed");
    Path file = Captures.dir().resolve("ipv6.pcap");
    int port = ipv6Logins(file, 3);
    JsonNode report = analyze(0, file.toString());
    assertThat(report.at("/summary/handshakes").asLong()).isEqualTo(3);
    assertThat(report.at("/summary/servers/0/server").asText())
        .isEqualTo("[0:0:0:0:0:0:0:1]:" + port);
  }

  /**
   * {@code logins} good logins from ::1, relayed to the sticky cluster's first node, captured by
   * tcpdump into {@code file}; returns the relay's port (the server in the capture).
   */
  static int ipv6Logins(Path file, int logins) throws Exception {
    try (ClusterTraffic cluster = new ClusterTraffic(LoadBalancer.Mode.STICKY);
        ServerSocket relay = new ServerSocket(0, 50, InetAddress.getByName("::1"))) {
      Thread pump = relay(relay, new InetSocketAddress("127.0.0.1", cluster.portA()));
      try (Tcpdump t =
          Tcpdump.start(file, List.of("-i", "lo"), "tcp port " + relay.getLocalPort())) {
        assertThat(cluster.logins(logins, new InetSocketAddress("::1", relay.getLocalPort())))
            .isEqualTo(logins);
        Thread.sleep(300);
        t.stop();
      }
      pump.interrupt();
      return relay.getLocalPort();
    }
  }

  @Test
  void tlsHttp2AndOtherProtocolsAreSaidPlainly() throws Exception {
    assumeTrue(Tcpdump.available(), "tcpdump is not installed");
    try (ServerSocket server = new ServerSocket(0, 50, InetAddress.getByName("127.0.0.1"))) {
      Thread sink = drain(server);
      Path file = Captures.dir().resolve("not-http1.pcap");
      try (Tcpdump t =
          Tcpdump.start(file, List.of("-i", "lo"), "tcp port " + server.getLocalPort())) {
        // A real TLS ClientHello from the JDK; the server never answers, the handshake fails.
        try (SSLSocket tls =
            (SSLSocket)
                SSLContext.getDefault()
                    .getSocketFactory()
                    .createSocket("127.0.0.1", server.getLocalPort())) {
          tls.setSoTimeout(2000);
          tls.startHandshake();
        } catch (IOException expected) {
          // no ServerHello
        }
        send(server.getLocalPort(), "PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n");
        send(server.getLocalPort(), "SSH-2.0-OpenSSH_9.2\r\n");
        Thread.sleep(300);
        t.stop();
      }
      sink.interrupt();
      JsonNode report = analyze(2, file.toString());
      String notes = report.at("/notes").toString();
      assertThat(notes).contains("No HTTP/1.x traffic").contains("TLS").contains("HTTP/2");
      assertThat(notes).contains("1 TLS, 1 HTTP/2, 1 other connections");
    }
  }

  private static void send(int port, String text) throws IOException {
    try (Socket s = new Socket("127.0.0.1", port)) {
      s.getOutputStream().write(text.getBytes(StandardCharsets.ISO_8859_1));
      s.getOutputStream().flush();
      s.shutdownOutput();
      s.setSoTimeout(2000);
      s.getInputStream().read();
    }
  }

  /** Reads what each connection sends and closes it. */
  private static Thread drain(ServerSocket server) {
    Thread t =
        new Thread(
            () -> {
              while (!server.isClosed()) {
                try (Socket s = server.accept()) {
                  s.setSoTimeout(500);
                  byte[] buf = new byte[4096];
                  try {
                    s.getInputStream().read(buf);
                  } catch (IOException ignored) {
                    // timed out
                  }
                } catch (IOException e) {
                  return;
                }
              }
            },
            "drain");
    t.setDaemon(true);
    t.start();
    return t;
  }

  /** A TCP relay: each accepted connection gets one connection of its own to {@code target}. */
  static Thread relay(ServerSocket server, InetSocketAddress target) {
    Thread t =
        new Thread(
            () -> {
              while (!server.isClosed()) {
                try {
                  Socket in = server.accept();
                  Socket out = new Socket();
                  out.connect(target, 5000);
                  pump(in, out);
                  pump(out, in);
                } catch (IOException e) {
                  return;
                }
              }
            },
            "relay");
    t.setDaemon(true);
    t.start();
    return t;
  }

  private static void pump(Socket from, Socket to) {
    Thread t =
        new Thread(
            () -> {
              try (InputStream in = from.getInputStream();
                  OutputStream out = to.getOutputStream()) {
                in.transferTo(out);
              } catch (IOException ignored) {
                // closed
              } finally {
                try {
                  to.shutdownOutput();
                } catch (IOException ignored) {
                  // closed
                }
              }
            },
            "pump");
    t.setDaemon(true);
    t.start();
  }
}
