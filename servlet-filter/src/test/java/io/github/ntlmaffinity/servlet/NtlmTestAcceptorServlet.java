package io.github.ntlmaffinity.servlet;

import static java.nio.charset.StandardCharsets.UTF_8;

import io.github.ntlmaffinity.testing.NtlmTestMessages;
import io.github.ntlmaffinity.testing.ServerIdentity;
import io.github.ntlmaffinity.wire.AuthenticateMessage;
import io.github.ntlmaffinity.wire.DecodeResult;
import io.github.ntlmaffinity.wire.NegotiateMessage;
import io.github.ntlmaffinity.wire.NtlmDecoder;
import jakarta.servlet.AsyncContext;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Instant;
import java.util.Arrays;
import java.util.Base64;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import jcifs.ntlmssp.Type3Message;
import jcifs.smb.NtlmUtil;
import jcifs.util.Crypto;

/**
 * A Windows-auth backend in a servlet: connection-bound NTLM as IIS does it.
 *
 * <ul>
 *   <li>No {@code Authorization} on an unauthenticated connection: 401 offering {@code NTLM} and
 *       {@code Negotiate}.
 *   <li>A NEGOTIATE: 401 with a real jcifs-ng CHALLENGE carrying this node's names and a Timestamp
 *       of now (plus a JVM-wide sequence number, so every challenge is unique), set with {@code
 *       setHeader}; with {@link Options#closeOnChallenge} also {@code Connection: close}.
 *   <li>An AUTHENTICATE: 200 when it answers a challenge this servlet issued on the same connection
 *       (echoed Timestamp) and its NTLMv2 proof verifies against {@link #PASSWORD}; the connection
 *       is then authenticated and later requests on it pass without credentials. Anything else: 401
 *       with the offers.
 * </ul>
 *
 * <p>The connection is the container's id (Servlet 6) plus the peer's port, as the filter sees it.
 * With {@link Options#async} every response is produced on another thread after {@code
 * startAsync()}, written to the unwrapped response of the {@link AsyncContext}.
 */
public final class NtlmTestAcceptorServlet extends HttpServlet {
  private static final long serialVersionUID = 1L;

  static final String PASSWORD = NtlmTestMessages.PASSWORD;
  static final String OFFER_BODY = "authentication required\n";

  private static final long FILETIME_1970 = 116_444_736_000_000_000L;
  private static final AtomicLong SEQUENCE = new AtomicLong();
  private static final NtlmTestMessages JCIFS = NtlmTestMessages.create();

  private final transient Options options;
  private final transient Map<Long, Issued> issued = new ConcurrentHashMap<>();
  private final transient Map<String, String> authenticated = new ConcurrentHashMap<>();
  private final transient ExecutorService asyncThreads;
  private transient volatile CountDownLatch hold;

  NtlmTestAcceptorServlet(Options options) {
    this.options = options;
    this.asyncThreads = options.async() ? Executors.newFixedThreadPool(2) : null;
  }

  /**
   * How the acceptor behaves.
   *
   * @param identity the names its CHALLENGEs carry
   * @param clock the clock of its Timestamps
   * @param closeOnChallenge whether the 401 carrying a CHALLENGE also says {@code Connection:
   *     close}
   * @param async whether responses are produced asynchronously
   */
  record Options(ServerIdentity identity, Clock clock, boolean closeOnChallenge, boolean async) {
    Options async(boolean on) {
      return new Options(identity, clock, closeOnChallenge, on);
    }
  }

  @Override
  protected void doGet(HttpServletRequest request, HttpServletResponse response)
      throws IOException {
    if (!options.async()) {
      handle(request, response);
      return;
    }
    AsyncContext async = request.startAsync();
    asyncThreads.execute(
        () -> {
          try {
            HttpServletResponse r = (HttpServletResponse) async.getResponse();
            handle((HttpServletRequest) async.getRequest(), r);
            CountDownLatch release = hold;
            if (release != null) {
              r.flushBuffer();
              release.await(5, TimeUnit.SECONDS);
            }
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
          } catch (IOException | RuntimeException e) {
            log("async acceptor failed", e);
          } finally {
            async.complete();
          }
        });
  }

  /**
   * In async mode, flush each response and wait (at most 5 s) for {@code release} before completing
   * it: the client has the whole response while the request is still in progress.
   */
  void holdCompletionUntil(CountDownLatch release) {
    this.hold = release;
  }

  @Override
  public void destroy() {
    if (asyncThreads != null) {
      asyncThreads.shutdownNow();
    }
  }

  private void handle(HttpServletRequest request, HttpServletResponse response) throws IOException {
    String connection = connectionKey(request);
    String authorization = request.getHeader("Authorization");
    if (authorization == null) {
      String user = authenticated.get(connection);
      if (user == null) {
        offer(response);
      } else {
        ok(response, "hello " + user + "\n");
      }
      return;
    }
    DecodeResult decoded = NtlmDecoder.decodeAuthorization(authorization);
    if (!(decoded instanceof DecodeResult.Ntlm ntlm)) {
      offer(response);
      return;
    }
    if (ntlm.message() instanceof NegotiateMessage) {
      challenge(response, ntlm.scheme().headerName(), connection);
    } else if (ntlm.message() instanceof AuthenticateMessage type3
        && accepts(type3, authorization, connection)) {
      authenticated.put(connection, type3.qualifiedUser());
      ok(response, "authenticated " + type3.qualifiedUser() + "\n");
    } else {
      offer(response);
    }
  }

  private void challenge(HttpServletResponse response, String scheme, String connection)
      throws IOException {
    Instant now = options.clock().instant();
    long fileTime =
        FILETIME_1970
            + now.getEpochSecond() * 10_000_000L
            + now.getNano() / 100
            + SEQUENCE.incrementAndGet();
    byte[] serverChallenge = new byte[8];
    java.util.concurrent.ThreadLocalRandom.current().nextBytes(serverChallenge);
    byte[] type2;
    synchronized (JCIFS) {
      type2 = JCIFS.challenge(options.identity(), serverChallenge, fileTime);
    }
    issued.put(fileTime, new Issued(connection, serverChallenge));
    response.setStatus(HttpServletResponse.SC_UNAUTHORIZED);
    response.setHeader("WWW-Authenticate", NtlmTestMessages.header(scheme, type2));
    if (options.closeOnChallenge()) {
      response.setHeader("Connection", "close");
    }
    body(response, "challenge\n");
  }

  /** Whether {@code type3} answers a challenge issued on {@code connection}, with the password. */
  private boolean accepts(AuthenticateMessage type3, String authorization, String connection) {
    Long timestamp = type3.challengeTimestamp();
    Issued challenge = timestamp == null ? null : issued.get(timestamp);
    if (challenge == null || !challenge.connection().equals(connection)) {
      return false;
    }
    issued.remove(timestamp);
    byte[] token =
        Base64.getDecoder().decode(authorization.substring(authorization.indexOf(' ') + 1).trim());
    try {
      Type3Message parsed = new Type3Message(token);
      byte[] nt = parsed.getNTResponse();
      if (nt == null || nt.length <= 16) {
        return false;
      }
      MessageDigest hmac =
          Crypto.getHMACT64(NtlmUtil.nTOWFv2(parsed.getDomain(), parsed.getUser(), PASSWORD));
      hmac.update(challenge.serverChallenge());
      hmac.update(nt, 16, nt.length - 16);
      return MessageDigest.isEqual(hmac.digest(), Arrays.copyOf(nt, 16));
    } catch (IOException | RuntimeException e) {
      return false;
    }
  }

  private static void offer(HttpServletResponse response) throws IOException {
    response.setStatus(HttpServletResponse.SC_UNAUTHORIZED);
    response.addHeader("WWW-Authenticate", "NTLM");
    response.addHeader("WWW-Authenticate", "Negotiate");
    body(response, OFFER_BODY);
  }

  private static void ok(HttpServletResponse response, String text) throws IOException {
    response.setStatus(HttpServletResponse.SC_OK);
    body(response, text);
  }

  private static void body(HttpServletResponse response, String text) throws IOException {
    byte[] bytes = text.getBytes(UTF_8);
    response.setContentType("text/plain;charset=utf-8");
    response.setContentLength(bytes.length);
    response.getOutputStream().write(bytes);
  }

  /** The TCP connection as a connection-bound acceptor sees it: container id and peer port. */
  static String connectionKey(HttpServletRequest request) {
    return request.getServletConnection().getConnectionId() + "/" + request.getRemotePort();
  }

  private record Issued(String connection, byte[] serverChallenge) {}
}
