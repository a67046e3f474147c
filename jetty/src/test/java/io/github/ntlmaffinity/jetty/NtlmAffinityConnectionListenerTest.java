package io.github.ntlmaffinity.jetty;

import static java.nio.charset.StandardCharsets.ISO_8859_1;
import static org.assertj.core.api.Assertions.assertThat;

import io.github.ntlmaffinity.Finding;
import io.github.ntlmaffinity.FindingType;
import io.github.ntlmaffinity.NtlmAffinity;
import io.github.ntlmaffinity.servlet.NtlmAffinityFilter;
import io.github.ntlmaffinity.testing.NtlmTestMessages;
import io.github.ntlmaffinity.testing.ServerIdentity;
import jakarta.servlet.DispatcherType;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.time.Duration;
import java.util.EnumSet;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.eclipse.jetty.ee10.servlet.FilterHolder;
import org.eclipse.jetty.ee10.servlet.ServletContextHandler;
import org.eclipse.jetty.ee10.servlet.ServletHolder;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * On a real Jetty connector, a CHALLENGE whose connection the client closes is reported abandoned
 * as the connection closes, long before the challenge timeout: only the listener can tell.
 */
class NtlmAffinityConnectionListenerTest {
  private static final NtlmTestMessages JCIFS = NtlmTestMessages.create();

  private final List<Finding> findings = new CopyOnWriteArrayList<>();
  private Server server;

  @AfterEach
  void stop() throws Exception {
    if (server != null) {
      server.stop();
    }
  }

  @Test
  void aClosedConnectionAbandonsItsChallengeAtOnce() throws Exception {
    NtlmAffinity affinity = start(true);

    negotiateAndClose();

    Finding abandoned = await(FindingType.CHALLENGE_ABANDONED);
    assertThat(abandoned.explanation()).contains("its connection closed");
    assertThat(affinity.counters().handshakesAbandoned()).isEqualTo(1);
  }

  @Test
  void withoutTheListenerTheChallengeWaitsForItsTimeout() throws Exception {
    NtlmAffinity affinity = start(false);

    negotiateAndClose();
    Thread.sleep(1_000);

    assertThat(findings).isEmpty();
    assertThat(affinity.trackedChallenges()).isEqualTo(1);
  }

  private NtlmAffinity start(boolean listen) throws Exception {
    NtlmAffinity affinity =
        NtlmAffinity.builder()
            .nodeName("node-a")
            .challengeTimeout(Duration.ofHours(1))
            .logRatePerMinute(0)
            .sink(findings::add)
            .build();
    server = new Server();
    ServerConnector connector = new ServerConnector(server, 1, 1);
    connector.setHost("127.0.0.1");
    connector.setPort(0);
    if (listen) {
      connector.addEventListener(NtlmAffinityConnectionListener.of(affinity));
    }
    server.addConnector(connector);
    ServletContextHandler context = new ServletContextHandler("/");
    context.addFilter(
        new FilterHolder(new NtlmAffinityFilter(affinity)),
        "/*",
        EnumSet.of(DispatcherType.REQUEST));
    context.addServlet(new ServletHolder(new Challenger()), "/");
    server.setHandler(context);
    server.start();
    return affinity;
  }

  private void negotiateAndClose() throws Exception {
    int port = ((ServerConnector) server.getConnectors()[0]).getLocalPort();
    try (Socket s = new Socket(InetAddress.getLoopbackAddress(), port)) {
      s.setSoTimeout(5_000);
      String request =
          "GET / HTTP/1.1\r\nHost: localhost\r\nAuthorization: "
              + NtlmTestMessages.ntlmHeader(JCIFS.negotiate())
              + "\r\n\r\n";
      s.getOutputStream().write(request.getBytes(ISO_8859_1));
      InputStream in = s.getInputStream();
      byte[] head = in.readNBytes(12);
      assertThat(new String(head, ISO_8859_1)).isEqualTo("HTTP/1.1 401");
    }
  }

  private Finding await(FindingType type) throws InterruptedException {
    long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
    while (System.nanoTime() < deadline) {
      for (Finding f : findings) {
        if (f.type() == type) {
          return f;
        }
      }
      Thread.sleep(20);
    }
    throw new AssertionError("no " + type + " in " + findings);
  }

  /** Answers a NEGOTIATE with a real jcifs-ng CHALLENGE, keeping the connection open. */
  private static final class Challenger extends HttpServlet {
    private static final long serialVersionUID = 1L;

    @Override
    protected void doGet(HttpServletRequest request, HttpServletResponse response) {
      byte[] challenge =
          JCIFS.challenge(ServerIdentity.NODE_A, new byte[8], 133_000_000_000_000_000L);
      response.setStatus(401);
      response.setHeader("WWW-Authenticate", NtlmTestMessages.ntlmHeader(challenge));
      response.setContentLength(0);
    }
  }
}
