package io.github.ntlmaffinity.testing;

import static java.nio.charset.StandardCharsets.ISO_8859_1;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** Each response framing on a real loopback socket, against a server that answers with bytes. */
class RawConnectionTest {

  @Test
  void readsResponsesByLengthAndByChunksOnOneConnection() throws Exception {
    try (ServerSocket server = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      CompletableFuture<String> requests =
          serve(
              server,
              "HTTP/1.1 401 Unauthorized\r\nWWW-Authenticate: NTLM\r\n"
                  + "WWW-Authenticate: Negotiate\r\nContent-Length: 5\r\n\r\nhello",
              "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\nDate: x\r\n\r\n"
                  + "3\r\nabc\r\n2;ext\r\nde\r\n0\r\n\r\n");
      try (RawConnection c = new RawConnection(server.getLocalPort())) {
        RawConnection.Response first = c.get("/a", "Authorization: NTLM x");
        RawConnection.Response second = c.get("/b");

        assertThat(first.status()).isEqualTo(401);
        assertThat(first.headers("WWW-Authenticate")).containsExactly("NTLM", "Negotiate");
        assertThat(first.text()).isEqualTo("hello");
        assertThat(second.status()).isEqualTo(200);
        assertThat(second.text()).isEqualTo("abcde");
        assertThat(second.comparable()).doesNotContain("Date").endsWith("\nabcde");
      }
      assertThat(requests.get(5, TimeUnit.SECONDS))
          .startsWith("GET /a HTTP/1.1\r\nHost: backend.example.test\r\nAuthorization: NTLM x\r\n")
          .contains("GET /b HTTP/1.1\r\n");
    }
  }

  @Test
  void anIpv6ServerIsNamedInBrackets() throws Exception {
    InetAddress ipv6 = InetAddress.getByName("::1");
    ServerSocket server;
    try {
      server = new ServerSocket(0, 1, ipv6);
    } catch (IOException noIpv6) {
      org.junit.jupiter.api.Assumptions.abort("no IPv6 loopback here");
      return;
    }
    try (server) {
      CompletableFuture<String> requests = serve(server, "HTTP/1.1 204 No Content\r\n\r\n");
      try (RawConnection c =
          RawConnection.connect(
              new java.net.InetSocketAddress("::1", server.getLocalPort()), null)) {
        assertThat(c.get("/").status()).isEqualTo(204);
      }
      assertThat(requests.get(5, TimeUnit.SECONDS))
          .containsPattern("\r\nHost: \\[[0-9a-f:]+]:" + server.getLocalPort() + "\r\n");
    }
  }

  @Test
  void aConnectionTheServerClosedIsSeen() throws Exception {
    try (ServerSocket server = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      serve(server, "HTTP/1.1 204 No Content\r\nConnection: close\r\n\r\n");
      try (RawConnection c = new RawConnection(server.getLocalPort())) {
        assertThat(c.get("/").status()).isEqualTo(204);
        assertThat(c.closedByServer()).isTrue();
      }
    }
  }

  @Test
  void aBodyLongerThanTheBoundIsRefused() throws Exception {
    try (ServerSocket server = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      serve(server, "HTTP/1.1 200 OK\r\nContent-Length: 2147483647\r\n\r\n");
      try (RawConnection c = new RawConnection(server.getLocalPort())) {
        assertThatThrownBy(() -> c.get("/"))
            .isInstanceOf(IOException.class)
            .hasMessageContaining("body");
      }
    }
  }

  /**
   * Accepts one connection and answers each request head with the next of {@code answers}; then
   * closes its side and returns what it read once the client closes.
   */
  private static CompletableFuture<String> serve(ServerSocket server, String... answers) {
    return CompletableFuture.supplyAsync(
        () -> {
          try (Socket s = server.accept()) {
            s.setSoTimeout(5_000);
            InputStream in = s.getInputStream();
            StringBuilder seen = new StringBuilder();
            for (String answer : answers) {
              int end = seen.length();
              while (seen.indexOf("\r\n\r\n", end) < 0) {
                int b = in.read();
                if (b < 0) {
                  return seen.toString();
                }
                seen.append((char) b);
              }
              s.getOutputStream().write(answer.getBytes(ISO_8859_1));
              s.getOutputStream().flush();
            }
            s.shutdownOutput();
            while (in.read() >= 0) {
              // until the client closes
            }
            return seen.toString();
          } catch (IOException e) {
            throw new IllegalStateException(e);
          }
        });
  }
}
