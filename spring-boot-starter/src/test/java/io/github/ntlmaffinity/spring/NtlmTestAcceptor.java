package io.github.ntlmaffinity.spring;

import static java.nio.charset.StandardCharsets.UTF_8;

import io.github.ntlmaffinity.testing.NtlmTestMessages;
import io.github.ntlmaffinity.testing.ServerIdentity;
import io.github.ntlmaffinity.wire.AuthenticateMessage;
import io.github.ntlmaffinity.wire.DecodeResult;
import io.github.ntlmaffinity.wire.NegotiateMessage;
import io.github.ntlmaffinity.wire.NtlmDecoder;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.security.MessageDigest;
import java.time.Instant;
import java.util.Arrays;
import java.util.Base64;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicLong;
import jcifs.ntlmssp.Type3Message;
import jcifs.smb.NtlmUtil;
import jcifs.util.Crypto;

/**
 * A connection-bound NTLM acceptor as IIS is one: a NEGOTIATE gets a 401 with a real jcifs-ng
 * CHALLENGE from {@link ServerIdentity#NODE_A} stamped now; an AUTHENTICATE gets 200 only when it
 * answers a challenge issued on its own connection and its NTLMv2 proof verifies against the corpus
 * password; anything else gets the 401 offering NTLM and Negotiate.
 */
final class NtlmTestAcceptor {
  private static final long FILETIME_1970 = 116_444_736_000_000_000L;
  private static final AtomicLong SEQUENCE = new AtomicLong();
  private static final NtlmTestMessages JCIFS = NtlmTestMessages.create();

  private final Map<Long, Issued> issued = new ConcurrentHashMap<>();

  void handle(HttpServletRequest request, HttpServletResponse response) throws IOException {
    String connection = connectionKey(request);
    DecodeResult decoded = NtlmDecoder.decodeAuthorization(request.getHeader("Authorization"));
    if (decoded instanceof DecodeResult.Ntlm ntlm && ntlm.message() instanceof NegotiateMessage) {
      challenge(response, ntlm.scheme().headerName(), connection);
    } else if (decoded instanceof DecodeResult.Ntlm ntlm
        && ntlm.message() instanceof AuthenticateMessage type3
        && accepts(type3, request.getHeader("Authorization"), connection)) {
      body(response, HttpServletResponse.SC_OK, "hello " + type3.qualifiedUser() + "\n");
    } else {
      response.addHeader("WWW-Authenticate", "NTLM");
      response.addHeader("WWW-Authenticate", "Negotiate");
      body(response, HttpServletResponse.SC_UNAUTHORIZED, "authentication required\n");
    }
  }

  private void challenge(HttpServletResponse response, String scheme, String connection)
      throws IOException {
    Instant now = Instant.now();
    long fileTime =
        FILETIME_1970
            + now.getEpochSecond() * 10_000_000L
            + now.getNano() / 100
            + SEQUENCE.incrementAndGet();
    byte[] serverChallenge = new byte[8];
    ThreadLocalRandom.current().nextBytes(serverChallenge);
    byte[] type2;
    synchronized (JCIFS) {
      type2 = JCIFS.challenge(ServerIdentity.NODE_A, serverChallenge, fileTime);
    }
    issued.put(fileTime, new Issued(connection, serverChallenge));
    response.setHeader("WWW-Authenticate", NtlmTestMessages.header(scheme, type2));
    body(response, HttpServletResponse.SC_UNAUTHORIZED, "challenge\n");
  }

  private boolean accepts(AuthenticateMessage type3, String authorization, String connection) {
    Long timestamp = type3.challengeTimestamp();
    Issued challenge = timestamp == null ? null : issued.get(timestamp);
    if (challenge == null || !challenge.connection().equals(connection)) {
      return false;
    }
    issued.remove(timestamp);
    byte[] token =
        Base64.getDecoder().decode(authorization.substring(authorization.indexOf(' ') + 1));
    try {
      Type3Message parsed = new Type3Message(token);
      byte[] nt = parsed.getNTResponse();
      MessageDigest hmac =
          Crypto.getHMACT64(
              NtlmUtil.nTOWFv2(parsed.getDomain(), parsed.getUser(), NtlmTestMessages.PASSWORD));
      hmac.update(challenge.serverChallenge());
      hmac.update(nt, 16, nt.length - 16);
      return MessageDigest.isEqual(hmac.digest(), Arrays.copyOf(nt, 16));
    } catch (IOException | RuntimeException e) {
      return false;
    }
  }

  private static void body(HttpServletResponse response, int status, String text)
      throws IOException {
    byte[] bytes = text.getBytes(UTF_8);
    response.setStatus(status);
    response.setContentType("text/plain;charset=utf-8");
    response.setContentLength(bytes.length);
    response.getOutputStream().write(bytes);
  }

  /** The TCP connection as a connection-bound acceptor sees it: container id and peer port. */
  private static String connectionKey(HttpServletRequest request) {
    return request.getServletConnection().getConnectionId() + "/" + request.getRemotePort();
  }

  private record Issued(String connection, byte[] serverChallenge) {}
}
