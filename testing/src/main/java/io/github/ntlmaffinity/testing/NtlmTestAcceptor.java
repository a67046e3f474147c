package io.github.ntlmaffinity.testing;

import static java.nio.charset.StandardCharsets.UTF_8;

import jakarta.servlet.AsyncContext;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.time.Clock;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import jcifs.ntlmssp.Type1Message;

/**
 * A Windows-auth backend in a servlet: connection-bound NTLM as IIS does it, so a test can see what
 * a balancer that moves a handshake does to a real login.
 *
 * <ul>
 *   <li>No {@code Authorization} on an unauthenticated connection: 401 offering {@code NTLM} and
 *       {@code Negotiate}.
 *   <li>A NEGOTIATE that jcifs-ng can read: 401 with a real jcifs-ng CHALLENGE carrying this node's
 *       names and a Timestamp of now, unique in the JVM ({@link FileTimes#unique}), in the scheme
 *       the client used; with {@link Options#closeOnChallenge} also {@code Connection: close}.
 *   <li>An AUTHENTICATE: 200 when it answers a challenge this acceptor issued on the same
 *       connection (the echoed Timestamp) and its NTLMv2 proof verifies against {@link
 *       NtlmTestMessages#PASSWORD}; the connection is then authenticated and later requests on it
 *       pass without credentials. Anything else: 401 with the offers.
 * </ul>
 *
 * <p>NTLMSSP may come raw or wrapped in SPNEGO ({@link NtlmToken}); the CHALLENGE is wrapped as the
 * NEGOTIATE was. The connection is the container's id (Servlet 6) plus the peer's port. With {@link
 * Options#async} every response is produced on another thread after {@code startAsync()}. The
 * acceptor reads the messages with jcifs-ng, never with the decoder under test.
 *
 * <pre>{@code
 * context.addServlet(new ServletHolder(NtlmTestAcceptor.create()), "/app/*");
 * }</pre>
 */
public final class NtlmTestAcceptor extends HttpServlet {
  private static final long serialVersionUID = 1L;

  private static final NtlmTestMessages JCIFS = NtlmTestMessages.create();

  private final transient Options options;
  private final transient Map<Long, Issued> issued = new ConcurrentHashMap<>();
  private final transient Map<String, String> authenticated = new ConcurrentHashMap<>();
  private final transient ExecutorService asyncThreads;
  private transient volatile CountDownLatch hold;

  private NtlmTestAcceptor(Options options) {
    this.options = options;
    this.asyncThreads = options.async() ? Executors.newFixedThreadPool(2) : null;
  }

  /** An acceptor with {@link Options#defaults()}: node {@code NODE-A}, the system clock. */
  public static NtlmTestAcceptor create() {
    return create(Options.defaults());
  }

  public static NtlmTestAcceptor create(Options options) {
    return new NtlmTestAcceptor(options);
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
   * Answers {@code request} on the calling thread, whatever {@link Options#async} says: for a
   * filter or a controller that stands in front of the application.
   */
  public void handle(HttpServletRequest request, HttpServletResponse response) throws IOException {
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
    NtlmToken token = NtlmToken.parse(authorization);
    if (token == null) {
      offer(response);
    } else if (token.type() == 1 && readable(token.bytes())) {
      challenge(response, token, connection);
    } else if (token.type() == 3 && accepts(token.bytes(), connection)) {
      String user = NtlmV2.qualifiedUser(token.bytes());
      authenticated.put(connection, user);
      ok(response, "authenticated " + user + "\n");
    } else {
      offer(response);
    }
  }

  /**
   * In async mode, flush each response and wait (at most 5 s) for {@code release} before completing
   * it: the client has the whole response while the request is still in progress.
   */
  public void holdCompletionUntil(CountDownLatch release) {
    this.hold = release;
  }

  @Override
  public void destroy() {
    if (asyncThreads != null) {
      asyncThreads.shutdownNow();
    }
  }

  private void challenge(HttpServletResponse response, NtlmToken token, String connection)
      throws IOException {
    long fileTime = FileTimes.unique(options.clock());
    byte[] serverChallenge = new byte[8];
    ThreadLocalRandom.current().nextBytes(serverChallenge);
    byte[] type2;
    synchronized (JCIFS) {
      type2 = JCIFS.challenge(options.identity(), serverChallenge, fileTime);
    }
    issued.put(fileTime, new Issued(connection, serverChallenge));
    response.setStatus(HttpServletResponse.SC_UNAUTHORIZED);
    response.setHeader("WWW-Authenticate", token.challengeHeader(type2));
    if (options.closeOnChallenge()) {
      response.setHeader("Connection", "close");
    }
    body(response, "challenge\n");
  }

  /** Whether {@code type3} answers a challenge issued on {@code connection}, with the password. */
  private boolean accepts(byte[] type3, String connection) {
    Long timestamp = NtlmV2.echoedTimestamp(type3);
    Issued challenge = timestamp == null ? null : issued.get(timestamp);
    if (challenge == null || !challenge.connection().equals(connection)) {
      return false;
    }
    issued.remove(timestamp);
    return NtlmV2.verifies(type3, challenge.serverChallenge(), NtlmTestMessages.PASSWORD);
  }

  /** Whether jcifs-ng reads {@code type1} as a NEGOTIATE: a truncated one gets the offers. */
  private static boolean readable(byte[] type1) {
    try {
      new Type1Message(type1);
      return true;
    } catch (IOException | RuntimeException e) {
      return false;
    }
  }

  private static void offer(HttpServletResponse response) throws IOException {
    response.setStatus(HttpServletResponse.SC_UNAUTHORIZED);
    response.addHeader("WWW-Authenticate", "NTLM");
    response.addHeader("WWW-Authenticate", "Negotiate");
    body(response, "authentication required\n");
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
  private static String connectionKey(HttpServletRequest request) {
    return request.getServletConnection().getConnectionId() + "/" + request.getRemotePort();
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
  public record Options(
      ServerIdentity identity, Clock clock, boolean closeOnChallenge, boolean async) {

    /** {@link ServerIdentity#NODE_A}, the system clock, keep-alive, synchronous. */
    public static Options defaults() {
      return new Options(ServerIdentity.NODE_A, Clock.systemUTC(), false, false);
    }

    public Options async(boolean on) {
      return new Options(identity, clock, closeOnChallenge, on);
    }
  }

  private record Issued(String connection, byte[] serverChallenge) {}
}
