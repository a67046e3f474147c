package io.github.ntlmaffinity.examples;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.ntlmaffinity.testing.RawConnection;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.eclipse.jetty.io.Connection;
import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.server.ConnectionMetaData;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.util.Callback;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The balancer in each mode, on port 0, in front of two echo backends that answer with the node's
 * name, the id of the connection the request came on and the headers that matter; the client is a
 * raw socket, so the test knows which client connection carried each request.
 */
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class LoadBalancerTest {
  private static final String OFFER = "NTLM TlRMTVNTUAACAAAA";

  private final List<Server> servers = new ArrayList<>();
  private final LinkedBlockingQueue<String> closedBackendConnections = new LinkedBlockingQueue<>();
  private List<LoadBalancer.Backend> backends;

  @BeforeEach
  void startBackends() throws Exception {
    backends = List.of(echo("node-a"), echo("node-b"));
  }

  @AfterEach
  void stop() throws Exception {
    for (Server s : servers) {
      s.stop();
    }
  }

  @Test
  void roundRobinSendsEachRequestToTheNextNodeAndPassesTheNtlmHeadersThrough() throws Exception {
    InetSocketAddress balancer = balancer(LoadBalancer.Mode.ROUND_ROBIN);
    InetAddress client = ExampleCluster.clientAddress(31);
    List<String> nodes = new ArrayList<>();
    try (RawConnection wire = RawConnection.connect(balancer, client)) {
      for (int i = 0; i < 4; i++) {
        RawConnection.Response r =
            wire.get("/app/?i=" + i, Map.of("Authorization", "NTLM TOKEN" + i));
        Map<String, String> echo = echo(r);
        nodes.add(echo.get("node"));
        assertThat(echo.get("authorization")).isEqualTo("NTLM TOKEN" + i);
        assertThat(echo.get("path")).isEqualTo("/app/?i=" + i);
        assertThat(echo.get("x-forwarded-for"))
            .isEqualTo(client == null ? "127.0.0.1" : client.getHostAddress());
        assertThat(r.status()).isEqualTo(401);
        assertThat(r.headers("WWW-Authenticate")).containsExactly("Negotiate", OFFER);
        assertThat(r.header("Set-Cookie")).isNull();
      }
    }
    assertThat(nodes).containsExactly("node-a", "node-b", "node-a", "node-b");
  }

  @Test
  void cookiePooledKeepsTheNodeButHandsOutAnotherBackendConnectionEachTime() throws Exception {
    InetSocketAddress balancer = balancer(LoadBalancer.Mode.COOKIE_POOLED);
    Set<String> connections = new HashSet<>();
    Set<String> nodes = new HashSet<>();
    try (RawConnection wire = RawConnection.connect(balancer, null)) {
      RawConnection.Response first = wire.get("/app/", Map.of());
      String cookie = first.header("Set-Cookie");
      assertThat(cookie).matches("SRV=node-[ab]; Path=/; HttpOnly");
      String pinned = cookie.substring(4, cookie.indexOf(';'));
      assertThat(echo(first).get("node")).isEqualTo(pinned);
      for (int i = 0; i < LoadBalancer.POOLED_CONNECTIONS; i++) {
        RawConnection.Response r =
            wire.get("/app/", Map.of("Cookie", "SRV=" + pinned, "Authorization", "NTLM X"));
        assertThat(r.header("Set-Cookie")).isNull();
        nodes.add(echo(r).get("node"));
        connections.add(echo(r).get("connection"));
      }
      assertThat(nodes).containsExactly(pinned);
    }
    assertThat(connections)
        .as("one client connection, consecutive requests, each on another backend connection")
        .hasSize(LoadBalancer.POOLED_CONNECTIONS);
  }

  @Test
  void stickyPinsEachClientConnectionToOneBackendConnectionOfItsOwn() throws Exception {
    InetSocketAddress balancer = balancer(LoadBalancer.Mode.STICKY);
    String firstConnection;
    String firstNode;
    try (RawConnection wire = RawConnection.connect(balancer, null)) {
      RawConnection.Response r = wire.get("/app/", Map.of());
      assertThat(r.header("Set-Cookie")).startsWith("SRV=");
      firstNode = echo(r).get("node");
      firstConnection = echo(r).get("connection");
      for (int i = 0; i < 3; i++) {
        Map<String, String> echo = echo(wire.get("/app/", Map.of("Authorization", "NTLM Y")));
        assertThat(echo.get("node")).isEqualTo(firstNode);
        assertThat(echo.get("connection")).isEqualTo(firstConnection);
      }

      try (RawConnection other = RawConnection.connect(balancer, null)) {
        Map<String, String> echo = echo(other.get("/app/", Map.of("Cookie", "SRV=" + firstNode)));
        assertThat(echo.get("node"))
            .as("the cookie brings it to the same node")
            .isEqualTo(firstNode);
        assertThat(echo.get("connection"))
            .as("but on a backend connection of its own")
            .isNotEqualTo(firstConnection);
      }
    }
    // Closing the client connection closes its backend connection.
    Set<String> closed = new HashSet<>();
    while (!closed.contains(firstConnection)) {
      String id = closedBackendConnections.poll(10, TimeUnit.SECONDS);
      assertThat(id).as("backend connection " + firstConnection + " closed").isNotNull();
      closed.add(id);
    }
  }

  @Test
  void stickyChoosesTheNodeOfANewClientConnectionInTurn() throws Exception {
    InetSocketAddress balancer = balancer(LoadBalancer.Mode.STICKY);
    List<String> nodes = new ArrayList<>();
    for (int i = 0; i < 4; i++) {
      try (RawConnection wire = RawConnection.connect(balancer, null)) {
        nodes.add(echo(wire.get("/app/", Map.of())).get("node"));
      }
    }
    assertThat(nodes).containsExactly("node-a", "node-b", "node-a", "node-b");
  }

  @Test
  void answers502WhenTheNodeIsDownInEveryMode() throws Exception {
    int closedPort;
    try (ServerSocket s = new ServerSocket(0)) {
      closedPort = s.getLocalPort();
    }
    backends = List.of(new LoadBalancer.Backend("node-x", "127.0.0.1", closedPort));
    for (LoadBalancer.Mode mode : LoadBalancer.Mode.values()) {
      InetSocketAddress balancer = balancer(mode);
      try (RawConnection wire = RawConnection.connect(balancer, null)) {
        assertThat(wire.get("/app/", Map.of()).status()).as(mode.label()).isEqualTo(502);
      }
    }
  }

  private InetSocketAddress balancer(LoadBalancer.Mode mode) throws Exception {
    LoadBalancer balancer = LoadBalancer.create(mode, backends);
    Server server = balancer.createServer(0);
    servers.add(0, server);
    server.start();
    assertThat(balancer.port()).isPositive();
    assertThat(balancer.mode()).isEqualTo(mode);
    return new InetSocketAddress("127.0.0.1", balancer.port());
  }

  /** A backend that answers 401 with the node, its connection and the request's headers. */
  private LoadBalancer.Backend echo(String name) throws Exception {
    Server server = new Server();
    ServerConnector connector = new ServerConnector(server, 1, 1);
    connector.setHost("127.0.0.1");
    connector.setPort(0);
    connector.addEventListener(
        new Connection.Listener() {
          @Override
          public void onClosed(Connection connection) {
            closedBackendConnections.add(((ConnectionMetaData) connection).getId());
          }
        });
    server.addConnector(connector);
    server.setHandler(
        new Handler.Abstract() {
          @Override
          public boolean handle(Request request, Response response, Callback callback) {
            String body =
                "node="
                    + name
                    + "\nconnection="
                    + request.getConnectionMetaData().getId()
                    + "\npath="
                    + request.getHttpURI().getPathQuery()
                    + "\nauthorization="
                    + request.getHeaders().get("Authorization")
                    + "\nx-forwarded-for="
                    + request.getHeaders().get("X-Forwarded-For")
                    + "\n";
            response.setStatus(401);
            response.getHeaders().add("WWW-Authenticate", "Negotiate");
            response.getHeaders().add("WWW-Authenticate", OFFER);
            response.getHeaders().add("Content-Type", "text/plain");
            Content.Sink.write(response, true, body, callback);
            return true;
          }
        });
    servers.add(server);
    server.start();
    return new LoadBalancer.Backend(name, "127.0.0.1", connector.getLocalPort());
  }

  private static Map<String, String> echo(RawConnection.Response response) {
    Map<String, String> values = new LinkedHashMap<>();
    for (String line : new String(response.body(), StandardCharsets.UTF_8).split("\n")) {
      int eq = line.indexOf('=');
      if (eq > 0) {
        values.put(line.substring(0, eq), line.substring(eq + 1));
      }
    }
    return values;
  }
}
