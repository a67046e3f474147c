package io.github.ntlmaffinity.wire;

import static java.nio.charset.StandardCharsets.ISO_8859_1;
import static org.assertj.core.api.Assertions.assertThat;

import io.github.ntlmaffinity.testing.FileTimes;
import io.github.ntlmaffinity.testing.JdkNtlmLogin;
import io.github.ntlmaffinity.testing.NtlmTestMessages;
import io.github.ntlmaffinity.testing.ServerIdentity;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketException;
import java.net.URI;
import java.net.UnknownHostException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The JDK's own NTLM client ({@code HttpURLConnection} with an {@code Authenticator}, the pure-Java
 * {@code sun.net.www.protocol.http.ntlm} implementation on Linux) against a tiny NTLM challenger on
 * a loopback port: the headers the JDK really sends must decode as the handshake it really is.
 *
 * <p>The challenger speaks HTTP/1.1 keep-alive on raw sockets, one thread per connection, and tells
 * the messages apart by the MessageType byte itself (not with the decoder under test). It answers a
 * request without credentials with a bare {@code WWW-Authenticate: NTLM}, a Type-1 with a CHALLENGE
 * built by jcifs-ng (TargetInfo with NbComputerName and a fixed Timestamp), a Type-3 with 200.
 */
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class JdkClientCaptureTest {

  private static final byte[] SERVER_CHALLENGE = {
    (byte) 0x9a, 0x3c, 0x51, 0x07, (byte) 0xe2, 0x6d, 0x18, (byte) 0xb4
  };
  private static final long TIMESTAMP = FileTimes.of(Instant.parse("2024-05-06T07:08:09.1234567Z"));
  private static final ServerIdentity SERVER =
      new ServerIdentity("WEB-07", "CORP", "web-07.corp.example", "corp.example");

  private Challenger challenger;

  @BeforeEach
  void start() throws IOException {
    byte[] type2 = NtlmTestMessages.create().challenge(SERVER, SERVER_CHALLENGE, TIMESTAMP);
    challenger = new Challenger(type2);
  }

  @AfterEach
  void stop() throws Exception {
    challenger.close();
  }

  @Test
  void jdkSendsNegotiateThenNtlmv2AuthenticateEchoingTheChallenge() throws Exception {
    JdkNtlmLogin login =
        JdkNtlmLogin.get(URI.create("http://127.0.0.1:" + challenger.port() + "/protected"));

    assertThat(login.status()).isEqualTo(200);
    assertThat(login.body()).isEqualTo("authenticated");

    List<Request> requests = challenger.requests();
    List<Request> ntlm = requests.stream().filter(r -> r.authorization() != null).toList();
    assertThat(requests.get(0).authorization()).as("first request, before the offer").isNull();
    assertThat(ntlm).as("Type-1 then Type-3").hasSize(2);

    // Type-1.
    DecodeResult first = NtlmDecoder.decodeAuthorization(ntlm.get(0).authorization());
    assertThat(first).isInstanceOf(DecodeResult.Ntlm.class);
    DecodeResult.Ntlm negotiate = (DecodeResult.Ntlm) first;
    assertThat(negotiate.scheme()).isEqualTo(AuthScheme.NTLM);
    assertThat(negotiate.wrapping()).isEqualTo(Wrapping.RAW);
    assertThat(negotiate.isNegotiateFallback()).isFalse();
    NegotiateMessage type1 = (NegotiateMessage) negotiate.message();
    assertThat(type1.type()).isEqualTo(MessageType.NEGOTIATE);
    assertThat(type1.flags()).isEqualTo(flagsAt(ntlm.get(0).token(), 12));
    assertThat(type1.has(NegotiateFlag.NEGOTIATE_UNICODE)).isTrue();
    assertThat(type1.has(NegotiateFlag.NEGOTIATE_NTLM)).isTrue();
    assertThat(type1.has(NegotiateFlag.REQUEST_TARGET)).isTrue();

    // Type-3.
    DecodeResult third = NtlmDecoder.decodeAuthorization(ntlm.get(1).authorization());
    assertThat(third).isInstanceOf(DecodeResult.Ntlm.class);
    AuthenticateMessage type3 = (AuthenticateMessage) ((DecodeResult.Ntlm) third).message();
    assertThat(type3.type()).isEqualTo(MessageType.AUTHENTICATE);
    assertThat(type3.flags()).isEqualTo(flagsAt(ntlm.get(1).token(), 60));
    assertThat(type3.domain()).isEqualTo("EXAMPLE");
    assertThat(type3.user()).isEqualTo("alice");
    assertThat(type3.qualifiedUser()).isEqualTo("EXAMPLE\\alice");
    assertThat(type3.unicode()).isTrue();
    assertThat(type3.responseKind()).isEqualTo(ResponseKind.NTLMV2);
    assertThat(type3.lmResponseLength()).isEqualTo(24);
    assertThat(type3.ntResponseLength())
        .as("NTProofStr + 28-byte blob header + the CHALLENGE's TargetInfo + 4 zero bytes")
        .isEqualTo(16 + 28 + SERVER.targetInfo(TIMESTAMP).length + 4);
    assertThat(type3.headerLength()).as("the JDK sends no Version and no MIC").isEqualTo(64);
    assertThat(type3.micPresent()).isFalse();
    assertThat(type3.version()).isNull();
    assertThat(type3.workstation()).isEqualTo(jdkWorkstationName());

    // The correlation key: the JDK echoes the CHALLENGE's AV pairs exactly.
    assertThat(type3.challengeIssuer()).isEqualTo("WEB-07");
    assertThat(type3.challengeTimestamp()).isEqualTo(TIMESTAMP);
    TargetInfo echoed = type3.echoedTargetInfo();
    assertThat(echoed.nbDomainName()).isEqualTo("CORP");
    assertThat(echoed.dnsComputerName()).isEqualTo("web-07.corp.example");
    assertThat(echoed.dnsDomainName()).isEqualTo("corp.example");
    assertThat(echoed.dnsTreeName()).isEqualTo("corp.example");
    assertThat(type3.ntlmv2().respType()).isEqualTo(1);
    assertThat(type3.ntlmv2().hiRespType()).isEqualTo(1);

    // NTLM binds the connection: Type-1 and Type-3 travelled on one TCP connection.
    assertThat(ntlm.get(1).connection()).isEqualTo(ntlm.get(0).connection());
    assertThat(ntlm.get(1).remotePort()).isEqualTo(ntlm.get(0).remotePort());
  }

  /**
   * How the JDK's NTLM client ({@code sun.net.www.protocol.http.ntlm.NTLMAuthentication}) names the
   * workstation: the local host name as {@code InetAddress} reports it, or {@code localhost}.
   */
  private static String jdkWorkstationName() {
    try {
      return InetAddress.getLocalHost().getHostName();
    } catch (UnknownHostException e) {
      return "localhost";
    }
  }

  private static int flagsAt(byte[] token, int at) {
    return (token[at] & 0xff)
        | (token[at + 1] & 0xff) << 8
        | (token[at + 2] & 0xff) << 16
        | (token[at + 3] & 0xff) << 24;
  }

  /**
   * One request the challenger saw.
   *
   * @param connection the challenger's number for the TCP connection, from 1
   * @param remotePort the client's port of that connection
   * @param authorization the Authorization header, or {@code null}
   */
  record Request(int connection, int remotePort, String authorization) {
    byte[] token() {
      return Base64.getDecoder().decode(authorization.substring(authorization.indexOf(' ') + 1));
    }
  }

  /** An NTLM challenger on 127.0.0.1, one thread per connection. */
  private static final class Challenger implements AutoCloseable {
    private final ServerSocket server;
    private final ExecutorService threads = Executors.newCachedThreadPool();
    private final List<Socket> sockets = new CopyOnWriteArrayList<>();
    private final List<Request> requests = new CopyOnWriteArrayList<>();
    private final AtomicInteger connections = new AtomicInteger();
    private final String type2Header;

    Challenger(byte[] type2) throws IOException {
      this.type2Header = NtlmTestMessages.ntlmHeader(type2);
      this.server = new ServerSocket();
      server.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
      threads.execute(this::acceptLoop);
    }

    int port() {
      return server.getLocalPort();
    }

    List<Request> requests() {
      return new ArrayList<>(requests);
    }

    private void acceptLoop() {
      try {
        while (!server.isClosed()) {
          Socket socket = server.accept();
          socket.setSoTimeout(10_000);
          sockets.add(socket);
          int id = connections.incrementAndGet();
          threads.execute(() -> serve(socket, id));
        }
      } catch (IOException closed) {
        // close() ends the loop.
      }
    }

    private void serve(Socket socket, int id) {
      try (socket) {
        InputStream in = socket.getInputStream();
        BufferedReader reader = new BufferedReader(new InputStreamReader(in, ISO_8859_1));
        OutputStream out = socket.getOutputStream();
        while (true) {
          String requestLine = reader.readLine();
          if (requestLine == null || requestLine.isEmpty()) {
            return;
          }
          String authorization = null;
          for (String line = reader.readLine(); line != null && !line.isEmpty(); ) {
            int colon = line.indexOf(':');
            if (colon > 0 && line.substring(0, colon).trim().equalsIgnoreCase("Authorization")) {
              authorization = line.substring(colon + 1).trim();
            }
            line = reader.readLine();
          }
          requests.add(new Request(id, socket.getPort(), authorization));
          out.write(respond(authorization).getBytes(ISO_8859_1));
          out.flush();
        }
      } catch (SocketException closed) {
        // The client or close() ended the connection.
      } catch (IOException e) {
        throw new IllegalStateException(e);
      }
    }

    private String respond(String authorization) {
      if (authorization == null || !authorization.regionMatches(true, 0, "NTLM ", 0, 5)) {
        return response(401, "WWW-Authenticate: NTLM\r\n", "");
      }
      byte[] token = Base64.getDecoder().decode(authorization.substring(5).trim());
      return switch (token[8]) {
        case 1 -> response(401, "WWW-Authenticate: " + type2Header + "\r\n", "");
        case 3 -> response(200, "", "authenticated");
        default -> response(400, "", "");
      };
    }

    private static String response(int status, String headers, String body) {
      String reason = status == 200 ? "OK" : status == 401 ? "Unauthorized" : "Bad Request";
      return "HTTP/1.1 "
          + status
          + ' '
          + reason
          + "\r\n"
          + headers
          + "Content-Type: text/plain\r\n"
          + "Content-Length: "
          + body.length()
          + "\r\n\r\n"
          + body;
    }

    @Override
    public void close() throws Exception {
      server.close();
      for (Socket socket : sockets) {
        socket.close();
      }
      threads.shutdownNow();
      threads.awaitTermination(5, TimeUnit.SECONDS);
    }
  }
}
