package io.github.ntlmaffinity.cli.analyze;

import io.github.ntlmaffinity.FindingType;
import io.github.ntlmaffinity.examples.BackendNode;
import io.github.ntlmaffinity.examples.LoadBalancer;
import io.github.ntlmaffinity.examples.NodeIdentity;
import io.github.ntlmaffinity.examples.UserTable;
import io.github.ntlmaffinity.testing.NtlmTestMessages;
import io.github.ntlmaffinity.testing.RawConnection;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.function.IntFunction;
import org.eclipse.jetty.server.Server;

/**
 * The example cluster's two NTLM nodes (the filter on each: the oracle) behind its balancer, on
 * loopback ports, driven by jcifs-ng's NTLM client over raw sockets: one connection per login,
 * three legs each. Public for the browser test of the {@code har} package.
 */
public final class ClusterTraffic implements AutoCloseable {
  private static final NtlmTestMessages JCIFS = NtlmTestMessages.create();

  private final BackendNode a = BackendNode.create(NodeIdentity.NODE_A, UserTable.defaults());
  private final BackendNode b = BackendNode.create(NodeIdentity.NODE_B, UserTable.defaults());
  private final Server serverA;
  private final Server serverB;
  private final Server balancerServer;
  private final LoadBalancer balancer;

  public ClusterTraffic(LoadBalancer.Mode mode) throws Exception {
    serverA = a.createServer(0);
    serverB = b.createServer(0);
    serverA.start();
    serverB.start();
    balancer =
        LoadBalancer.create(
            mode,
            List.of(
                new LoadBalancer.Backend("node-a", "127.0.0.1", a.port()),
                new LoadBalancer.Backend("node-b", "127.0.0.1", b.port())));
    balancerServer = balancer.createServer(0);
    balancerServer.start();
  }

  int portA() {
    return a.port();
  }

  int portB() {
    return b.port();
  }

  public int balancerPort() {
    return balancer.port();
  }

  /** {@code n} logins through the balancer, one after the other; returns how many succeeded. */
  int logins(int n) throws Exception {
    return logins(n, new InetSocketAddress("127.0.0.1", balancer.port()));
  }

  /** {@code n} logins through {@code target}, one after the other; returns how many succeeded. */
  int logins(int n, InetSocketAddress target) throws Exception {
    return logins(n, target, i -> null);
  }

  /**
   * {@code n} logins through {@code target}, one after the other, login {@code i} sending {@code
   * Cookie: cookie(i)} on each of its requests (none when null); returns how many succeeded.
   */
  int logins(int n, InetSocketAddress target, IntFunction<String> cookie) throws Exception {
    int ok = 0;
    List<UserTable.Account> accounts = UserTable.defaults().accounts();
    for (int i = 0; i < n; i++) {
      UserTable.Account account = accounts.get(i % accounts.size());
      String c = cookie.apply(i);
      if (login(target, account, "WS-" + i, c == null ? null : "Cookie: " + c) == 200) {
        ok++;
      }
    }
    return ok;
  }

  /** Stops the balancer (closing its backend connections) and lets the nodes see them close. */
  void drain() throws Exception {
    balancerServer.stop();
    Thread.sleep(300);
    a.affinity().expire();
    b.affinity().expire();
  }

  /** Lets the nodes see their connections close (after another balancer stopped), then expire. */
  public void settle() throws Exception {
    Thread.sleep(500);
    a.affinity().expire();
    b.affinity().expire();
  }

  /** What both nodes' filters found of this type. */
  public long found(FindingType type) {
    return a.affinity().counters().findings(type) + b.affinity().counters().findings(type);
  }

  /** The end clients of the findings of this type both nodes' filters raised, sorted. */
  List<String> clients(FindingType type) {
    List<String> clients = new java.util.ArrayList<>();
    for (BackendNode n : List.of(a, b)) {
      for (io.github.ntlmaffinity.Finding f : n.affinity().snapshot().findings()) {
        if (f.type() == type) {
          clients.add(f.client());
        }
      }
    }
    clients.sort(null);
    return clients;
  }

  @Override
  public void close() throws Exception {
    balancerServer.stop();
    serverA.stop();
    serverB.stop();
  }

  private static int login(
      InetSocketAddress target, UserTable.Account account, String workstation, String extra)
      throws IOException {
    try (RawConnection c = RawConnection.connect(target, null)) {
      RawConnection.Response offer = c.get("/app/", headers(extra, null));
      if (offer.status() != 401) {
        return offer.status();
      }
      RawConnection.Response challenge =
          c.get("/app/", headers(extra, "Authorization: " + negotiate()));
      byte[] type2 = type2(challenge.header("WWW-Authenticate"));
      if (type2 == null) {
        return challenge.status();
      }
      byte[] type3 =
          JCIFS.authenticate(
              type2, account.domain(), account.user(), account.password(), workstation);
      return c.get("/app/", headers(extra, "Authorization: " + NtlmTestMessages.ntlmHeader(type3)))
          .status();
    }
  }

  private static String[] headers(String extra, String authorization) {
    List<String> h = new java.util.ArrayList<>(List.of("User-Agent: analyze-test"));
    if (extra != null) {
      h.add(extra);
    }
    if (authorization != null) {
      h.add(authorization);
    }
    return h.toArray(new String[0]);
  }

  /** A request head to {@code /app/}, with this {@code Authorization} unless null. */
  static String request(String method, String authorization) {
    return method
        + " /app/ HTTP/1.1\r\nHost: 127.0.0.1\r\nUser-Agent: analyze-test\r\n"
        + (authorization == null ? "" : "Authorization: " + authorization + "\r\n")
        + "\r\n";
  }

  /** jcifs-ng's NEGOTIATE as an {@code Authorization} value. */
  static String negotiate() {
    return NtlmTestMessages.ntlmHeader(JCIFS.negotiate());
  }

  /** jcifs-ng's AUTHENTICATE answering {@code type2}, for the first demo account. */
  static String authenticate(byte[] type2) {
    UserTable.Account account = UserTable.defaults().accounts().get(0);
    return NtlmTestMessages.ntlmHeader(
        JCIFS.authenticate(type2, account.domain(), account.user(), account.password(), "WS-X"));
  }

  /** Reads one response (its body skipped; none when it answers a {@code HEAD}). */
  static Response read(Socket s, boolean headRequest) throws IOException {
    InputStream in = s.getInputStream();
    ByteArrayOutputStream head = new ByteArrayOutputStream();
    int state = 0;
    while (state < 4) {
      int c = in.read();
      if (c < 0) {
        throw new IOException("connection closed");
      }
      head.write(c);
      state =
          (c == '\r' && (state == 0 || state == 2)) || (c == '\n' && (state == 1 || state == 3))
              ? state + 1
              : c == '\r' ? 1 : 0;
    }
    String[] lines = head.toString(StandardCharsets.ISO_8859_1).split("\r\n");
    int status = Integer.parseInt(lines[0].substring(9, 12));
    long length = 0;
    boolean chunked = false;
    byte[] type2 = null;
    for (String line : lines) {
      String lower = line.toLowerCase(Locale.ROOT);
      if (lower.startsWith("content-length:")) {
        length = Long.parseLong(line.substring(15).trim());
      } else if (lower.startsWith("transfer-encoding:") && lower.contains("chunked")) {
        chunked = true;
      } else if (lower.startsWith("www-authenticate: ntlm ")) {
        type2 = type2(line.substring("www-authenticate: ".length()));
      }
    }
    if (headRequest) {
      return new Response(status, type2);
    }
    if (chunked) {
      while (true) {
        String size = readLine(in);
        long n = Long.parseLong(size.split(";")[0].trim(), 16);
        if (n == 0) {
          while (!readLine(in).isEmpty()) {
            // trailers
          }
          break;
        }
        in.readNBytes((int) n);
        readLine(in);
      }
    } else {
      in.readNBytes((int) length);
    }
    return new Response(status, type2);
  }

  private static String readLine(InputStream in) throws IOException {
    StringBuilder b = new StringBuilder();
    int c;
    while ((c = in.read()) >= 0 && c != '\n') {
      if (c != '\r') {
        b.append((char) c);
      }
    }
    return b.toString();
  }

  /** The CHALLENGE of a {@code WWW-Authenticate: NTLM <token>} value, or {@code null}. */
  private static byte[] type2(String wwwAuthenticate) {
    return wwwAuthenticate != null && wwwAuthenticate.regionMatches(true, 0, "NTLM ", 0, 5)
        ? Base64.getDecoder().decode(wwwAuthenticate.substring(5).trim())
        : null;
  }

  record Response(int status, byte[] type2) {}
}
