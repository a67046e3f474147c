package io.github.ntlmaffinity.examples;

import io.github.ntlmaffinity.testing.FileTimes;
import io.github.ntlmaffinity.testing.NtlmTestMessages;
import io.github.ntlmaffinity.testing.NtlmToken;
import io.github.ntlmaffinity.testing.NtlmV2;
import io.github.ntlmaffinity.wire.AuthScheme;
import io.github.ntlmaffinity.wire.AuthenticateMessage;
import io.github.ntlmaffinity.wire.DecodeResult;
import io.github.ntlmaffinity.wire.NtlmDecoder;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import jcifs.ntlmssp.NtlmFlags;
import jcifs.ntlmssp.Type1Message;
import jcifs.ntlmssp.Type3Message;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A demo NTLM acceptor that behaves like a Windows-authentication backend (IIS with Windows
 * authentication, NTLM and Negotiate providers, user-mode authentication): it protects every path
 * it is mapped to.
 *
 * <ul>
 *   <li>A request without credentials: {@code 401} offering {@code Negotiate} and {@code NTLM};
 *       logged {@code 401 2 5}.
 *   <li>A NEGOTIATE (Type-1): {@code 401} with a real CHALLENGE (Type-2) carrying this node's
 *       NetBIOS and DNS names and a fresh MsvAvTimestamp; logged {@code 401 1 2148074254}, as IIS
 *       logs it when kernel-mode authentication is off. The security context is kept for the
 *       connection the NEGOTIATE came on, and only for it, until the next request on it.
 *   <li>An AUTHENTICATE (Type-3) on that connection: the NTLMv2 response is verified for real
 *       (NTOWFv2 of the account's password, then NTProofStr over the server challenge and the
 *       client's blob): {@code 200}, logged {@code 200 0 0}; or a wrong answer, {@code 401} logged
 *       {@code 401 1 2148074252} (SEC_E_LOGON_DENIED).
 *   <li>An AUTHENTICATE on a connection with no context, which is what a balancer that moved the
 *       handshake produces: {@code 401} logged {@code 401 1 2148074248} (SEC_E_INVALID_TOKEN), the
 *       field report's symptom.
 * </ul>
 *
 * <p>Each request is authenticated on its own, as IIS does with {@code authPersistSingleRequest}: a
 * request without credentials after a login gets a 401 again, so every login of the demo is a whole
 * handshake that can be counted.
 *
 * <p>The context is keyed by the container's id of the connection ({@code
 * ServletConnection.getConnectionId()}) and dropped when the connection closes ({@link
 * #connectionClosed}), so a request on any other connection can never complete it.
 */
final class NtlmAcceptorServlet extends HttpServlet {
  private static final long serialVersionUID = 1L;
  private static final Logger log = LoggerFactory.getLogger(NtlmAcceptorServlet.class);

  /** ERROR_ACCESS_DENIED: what IIS logs with 401.2, no credentials. */
  static final long ACCESS_DENIED = 5L;

  /** SEC_E_INVALID_TOKEN, 0x80090308: an AUTHENTICATE with no context to complete. */
  static final long SEC_E_INVALID_TOKEN = 0x80090308L;

  /**
   * SEC_E_LOGON_DENIED, 0x8009030C: wrong password, unknown user, or an answer to another
   * challenge.
   */
  static final long SEC_E_LOGON_DENIED = 0x8009030CL;

  /** SEC_E_NO_CREDENTIALS, 0x8009030E: IIS's log entry for the CHALLENGE leg in user mode. */
  static final long SEC_E_NO_CREDENTIALS = 0x8009030EL;

  private static final int MAX_CONTEXTS = 10_000;
  private static final NtlmTestMessages JCIFS = NtlmTestMessages.create();

  private final transient NodeIdentity identity;
  private final transient UserTable users;
  private final transient AccessLog accessLog;
  private final transient Clock clock;
  private final transient SecureRandom random = new SecureRandom();
  private final transient AtomicLong lastTimestamp = new AtomicLong();

  /** Security contexts waiting for their AUTHENTICATE, by connection id; guarded by itself. */
  private final transient Map<String, Context> contexts =
      new LinkedHashMap<>(16, 0.75f, false) {
        private static final long serialVersionUID = 1L;

        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Context> eldest) {
          return size() > MAX_CONTEXTS;
        }
      };

  NtlmAcceptorServlet(NodeIdentity identity, UserTable users, AccessLog accessLog, Clock clock) {
    this.identity = identity;
    this.users = users;
    this.accessLog = accessLog;
    this.clock = clock;
  }

  /** The container closed a connection: its context, if any, goes with it. */
  void connectionClosed(String connectionId) {
    synchronized (contexts) {
      contexts.remove(connectionId);
    }
  }

  /** Contexts waiting for an AUTHENTICATE now. */
  int pendingContexts() {
    synchronized (contexts) {
      return contexts.size();
    }
  }

  @Override
  protected void service(HttpServletRequest request, HttpServletResponse response)
      throws IOException {
    String connection = request.getServletConnection().getConnectionId();
    NtlmToken token = NtlmToken.parse(request.getHeader("Authorization"));
    if (token == null || token.type() != 3) {
      // Anything but the AUTHENTICATE ends a handshake waiting on this connection: its context is
      // gone, as the filter reports it (CHALLENGE_ABANDONED).
      synchronized (contexts) {
        contexts.remove(connection);
      }
    }
    Outcome outcome;
    if (token == null) {
      outcome = offer(response, 2, ACCESS_DENIED, "401.2 Unauthorized: no credentials");
    } else if (token.type() == 1) {
      outcome = challenge(connection, token, response);
    } else if (token.type() == 3) {
      outcome = authenticate(connection, token, response);
    } else {
      outcome = offer(response, 1, SEC_E_INVALID_TOKEN, "401.1 Unauthorized: invalid token");
    }
    AccessLog.Entry entry =
        new AccessLog.Entry(
            clock.instant(),
            identity.nodeName(),
            request.getMethod(),
            request.getRequestURI(),
            request.getLocalPort(),
            outcome.user(),
            hostPort(request.getRemoteAddr(), request.getRemotePort()),
            outcome.status(),
            outcome.substatus(),
            outcome.win32Status(),
            connection,
            request.getHeader("X-Request-Id"),
            token == null
                ? AccessLog.Leg.NONE
                : token.type() == 1
                    ? AccessLog.Leg.NEGOTIATE
                    : token.type() == 3 ? AccessLog.Leg.AUTHENTICATE : AccessLog.Leg.OTHER,
            outcome.challengeIssuer(),
            outcome.challengeTimestamp(),
            new AccessLog.Request(
                request.getLocalAddr(),
                request.getProtocol(),
                request.getHeader("User-Agent"),
                request.getHeader("X-Forwarded-For")));
    // Logged before the response can reach the client: whoever reads the log after a response
    // finds its line there.
    accessLog.add(entry);
    if (log.isDebugEnabled()) {
      log.debug("{}", entry.line());
    }
    // No Content-Length: the small body stays in the container's buffer until the filter chain
    // has returned, so the filter has recorded the outcome before the client can see it.
    response.setHeader("X-Served-By", identity.nodeName());
    response.setContentType("text/plain;charset=utf-8");
    response.getOutputStream().write(outcome.body().getBytes(StandardCharsets.UTF_8));
  }

  private Outcome challenge(String connection, NtlmToken token, HttpServletResponse response) {
    int clientFlags;
    try {
      clientFlags = new Type1Message(token.bytes()).getFlags();
    } catch (IOException | RuntimeException e) {
      return offer(response, 1, SEC_E_INVALID_TOKEN, "401.1 Unauthorized: invalid token");
    }
    byte[] serverChallenge = new byte[8];
    random.nextBytes(serverChallenge);
    long timestamp = nextTimestamp();
    byte[] type2 = type2(clientFlags, serverChallenge, timestamp);
    synchronized (contexts) {
      contexts.put(connection, new Context(serverChallenge, timestamp));
    }
    response.setStatus(HttpServletResponse.SC_UNAUTHORIZED);
    response.addHeader("WWW-Authenticate", token.challengeHeader(type2));
    return new Outcome(
        401,
        1,
        SEC_E_NO_CREDENTIALS,
        null,
        identity.nbComputerName(),
        timestamp,
        "401.1 Unauthorized: NTLM challenge\n");
  }

  private Outcome authenticate(String connection, NtlmToken token, HttpServletResponse response) {
    Context context;
    synchronized (contexts) {
      context = contexts.remove(connection);
    }
    Type3Message type3;
    try {
      type3 = new Type3Message(token.bytes());
    } catch (IOException | RuntimeException e) {
      return offer(response, 1, SEC_E_INVALID_TOKEN, "401.1 Unauthorized: invalid token");
    }
    String user = qualified(type3.getDomain(), type3.getUser());
    String issuer = null;
    Long echoed = null;
    if (NtlmDecoder.decodeToken(AuthScheme.NTLM, token.bytes()) instanceof DecodeResult.Ntlm ntlm
        && ntlm.message() instanceof AuthenticateMessage a) {
      issuer = a.challengeIssuer();
      echoed = a.challengeTimestamp();
    }
    if (context == null) {
      Outcome o =
          offer(response, 1, SEC_E_INVALID_TOKEN, "401.1 Unauthorized: no context for this token");
      return o.about(user, issuer, echoed);
    }
    if (!verify(context, token, type3)) {
      Outcome o = offer(response, 1, SEC_E_LOGON_DENIED, "401.1 Unauthorized: logon failed");
      return o.about(user, issuer, echoed);
    }
    response.setStatus(HttpServletResponse.SC_OK);
    if (token.spnego()) {
      // As IIS does: the final SPNEGO token says the context is complete.
      response.addHeader("WWW-Authenticate", NtlmToken.acceptedHeader());
    }
    return new Outcome(
        200, 0, 0, user, issuer, echoed, "Hello " + user + ", from " + identity.nodeName() + "\n");
  }

  /**
   * NTLMv2 verification ({@link NtlmV2#verifies}, MS-NLMP 3.3.2) against the account's password.
   * NTLMv1, LM-only and anonymous answers are refused, as a server with LmCompatibilityLevel 5
   * does.
   */
  private boolean verify(Context context, NtlmToken token, Type3Message type3) {
    String user = type3.getUser();
    String domain = type3.getDomain() == null ? "" : type3.getDomain();
    if (user == null || user.isEmpty()) {
      return false;
    }
    String password = users.password(domain, user);
    return password != null && NtlmV2.verifies(token.bytes(), context.serverChallenge(), password);
  }

  private byte[] type2(int clientFlags, byte[] serverChallenge, long timestamp) {
    int flags =
        NtlmFlags.NTLMSSP_NEGOTIATE_NTLM
            | NtlmFlags.NTLMSSP_REQUEST_TARGET
            | NtlmFlags.NTLMSSP_TARGET_TYPE_DOMAIN
            | NtlmFlags.NTLMSSP_NEGOTIATE_TARGET_INFO
            | NtlmFlags.NTLMSSP_NEGOTIATE_ALWAYS_SIGN
            | ((clientFlags & NtlmFlags.NTLMSSP_NEGOTIATE_UNICODE) != 0
                ? NtlmFlags.NTLMSSP_NEGOTIATE_UNICODE
                : NtlmFlags.NTLMSSP_NEGOTIATE_OEM)
            | (clientFlags
                & (NtlmFlags.NTLMSSP_NEGOTIATE_EXTENDED_SESSIONSECURITY
                    | NtlmFlags.NTLMSSP_NEGOTIATE_128
                    | NtlmFlags.NTLMSSP_NEGOTIATE_56
                    | NtlmFlags.NTLMSSP_NEGOTIATE_KEY_EXCH
                    | NtlmFlags.NTLMSSP_NEGOTIATE_SIGN
                    | NtlmFlags.NTLMSSP_NEGOTIATE_SEAL));
    // The names in a Windows server's order, with this challenge's Timestamp.
    return JCIFS.challenge(
        flags, identity.nbDomainName(), serverChallenge, identity.server().targetInfo(timestamp));
  }

  /** A FILETIME that this node never issued before: the clock, or one tick past the last one. */
  private long nextTimestamp() {
    long fileTime = FileTimes.of(clock.instant());
    return lastTimestamp.accumulateAndGet(fileTime, (last, t) -> Math.max(last + 1, t));
  }

  /** A 401 offering Negotiate and NTLM, as IIS sends it. */
  private static Outcome offer(
      HttpServletResponse response, int substatus, long win32, String text) {
    response.setStatus(HttpServletResponse.SC_UNAUTHORIZED);
    response.addHeader("WWW-Authenticate", "Negotiate");
    response.addHeader("WWW-Authenticate", "NTLM");
    return new Outcome(401, substatus, win32, null, null, null, text + "\n");
  }

  private static String qualified(String domain, String user) {
    if (user == null || user.isEmpty()) {
      return null;
    }
    return domain == null || domain.isEmpty() ? user : domain + '\\' + user;
  }

  private static String hostPort(String address, int port) {
    return address.indexOf(':') >= 0 ? '[' + address + "]:" + port : address + ':' + port;
  }

  /** A security context waiting for its AUTHENTICATE. */
  private record Context(byte[] serverChallenge, long timestamp) {}

  /** What the acceptor answered: the access log's fields and the body. */
  private record Outcome(
      int status,
      int substatus,
      long win32Status,
      String user,
      String challengeIssuer,
      Long challengeTimestamp,
      String body) {

    /** The same answer, about an AUTHENTICATE of {@code user} answering that challenge. */
    Outcome about(String user, String issuer, Long timestamp) {
      return new Outcome(status, substatus, win32Status, user, issuer, timestamp, body);
    }
  }
}
