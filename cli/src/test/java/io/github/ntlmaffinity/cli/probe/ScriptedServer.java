package io.github.ntlmaffinity.cli.probe;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import jcifs.ntlmssp.Type2Message;
import jcifs.ntlmssp.av.AvPair;
import jcifs.ntlmssp.av.AvPairs;
import jcifs.ntlmssp.av.AvTimestamp;

/**
 * A misbehaving server on a loopback port, scripted per request: each request's {@code
 * Authorization} value (or {@code null}) goes to the script, which returns the raw response to
 * write, or {@code null} to close the connection without answering. Counts the NEGOTIATEs it got.
 */
final class ScriptedServer implements AutoCloseable {
  private final ServerSocket socket;
  private final ExecutorService threads = Executors.newCachedThreadPool();
  private final Function<String, String> script;
  private final AtomicInteger negotiates = new AtomicInteger();

  ScriptedServer(Function<String, String> script) throws IOException {
    this.script = script;
    this.socket = new ServerSocket(0, 50, InetAddress.getByName("127.0.0.1"));
    threads.execute(this::accept);
  }

  String url() {
    return "http://127.0.0.1:" + socket.getLocalPort() + "/";
  }

  int negotiates() {
    return negotiates.get();
  }

  /** 401 offering NTLM, keep-alive. */
  static String offer() {
    return "HTTP/1.1 401 Unauthorized\r\nWWW-Authenticate: NTLM\r\nContent-Length: 0\r\n\r\n";
  }

  /** 401 carrying {@code token} as the CHALLENGE. */
  static String challenge(String token, boolean close) {
    return "HTTP/1.1 401 Unauthorized\r\nWWW-Authenticate: NTLM "
        + token
        + "\r\n"
        + (close ? "Connection: close\r\n" : "")
        + "Content-Length: 0\r\n\r\n";
  }

  /** A real CHALLENGE, made by jcifs-ng, naming {@code nbComputerName} as its issuer. */
  static String challengeToken(String nbComputerName) throws IOException {
    byte[] info =
        AvPairs.encode(
            List.of(
                new AvPair(2, "EXAMPLE".getBytes(StandardCharsets.UTF_16LE)),
                new AvPair(1, nbComputerName.getBytes(StandardCharsets.UTF_16LE)),
                new AvTimestamp(133_000_000_000_000_000L)));
    Type2Message type2 = new Type2Message(null, 0x00880205, new byte[8], null);
    type2.setTarget("EXAMPLE");
    type2.setTargetInformation(info);
    return Base64.getEncoder().encodeToString(type2.toByteArray());
  }

  private void accept() {
    while (!socket.isClosed()) {
      try {
        Socket s = socket.accept();
        threads.execute(() -> serve(s));
      } catch (IOException e) {
        return;
      }
    }
  }

  private void serve(Socket s) {
    try (s) {
      s.setSoTimeout(10_000);
      BufferedReader in =
          new BufferedReader(
              new InputStreamReader(s.getInputStream(), StandardCharsets.ISO_8859_1));
      OutputStream out = s.getOutputStream();
      while (true) {
        String line = in.readLine();
        if (line == null) {
          return;
        }
        String authorization = null;
        List<String> headers = new ArrayList<>();
        for (String h = in.readLine(); h != null && !h.isEmpty(); h = in.readLine()) {
          headers.add(h);
          if (h.regionMatches(true, 0, "Authorization:", 0, 14)) {
            authorization = h.substring(14).strip();
          }
        }
        if (authorization != null && authorization.startsWith("NTLM TlRMTVNTUAABAAAA")) {
          negotiates.incrementAndGet();
        }
        String response = script.apply(authorization);
        if (response == null) {
          return;
        }
        out.write(response.getBytes(StandardCharsets.ISO_8859_1));
        out.flush();
      }
    } catch (IOException e) {
      // the client went away
    }
  }

  @Override
  public void close() throws IOException {
    socket.close();
    threads.shutdownNow();
  }
}
