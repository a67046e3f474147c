package io.github.ntlmaffinity.examples;

import io.github.ntlmaffinity.testing.NtlmTestMessages;
import io.github.ntlmaffinity.testing.RawConnection;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.security.GeneralSecurityException;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * An NTLM client built from jcifs-ng's message classes (NTLMv2, Unicode, through the testing
 * module's {@link NtlmTestMessages}), speaking HTTP/1.1 on a socket of its own: each login opens
 * one connection to the balancer and sends all its requests on it, as a browser does: a request
 * without credentials, the NEGOTIATE, the AUTHENTICATE. Like a browser it keeps the balancer's
 * cookies from one login to the next.
 *
 * <p>Every request carries {@code X-Request-Id: <login>/<n>}, so the nodes' access logs show where
 * each leg went.
 */
final class JcifsNtlmClient {
  private static final NtlmTestMessages JCIFS = NtlmTestMessages.create();

  private final InetSocketAddress server;
  private final InetAddress bindAddress;
  private final Map<String, String> cookies = new LinkedHashMap<>();

  /**
   * @param server the balancer
   * @param bindAddress the client's own address, or {@code null} for any
   */
  JcifsNtlmClient(InetSocketAddress server, InetAddress bindAddress) {
    this.server = server;
    this.bindAddress = bindAddress;
  }

  /** One login on a connection of its own. Never throws: failures are in the result. */
  Login login(String id, UserTable.Account account, String workstation, boolean concurrent) {
    String address = bindAddress == null ? "127.0.0.1" : bindAddress.getHostAddress();
    int status = 0;
    int port = 0;
    try (RawConnection wire = RawConnection.connect(server, bindAddress)) {
      port = wire.localPort();
      RawConnection.Response offer = send(wire, id + "/1", null);
      status = offer.status();
      if (status != 401 || !offer.headers("WWW-Authenticate").contains("NTLM")) {
        return result(id, account, workstation, address, port, concurrent, status, "no NTLM offer");
      }
      byte[] type1 = negotiate();
      RawConnection.Response challenge = send(wire, id + "/2", "NTLM " + base64(type1));
      status = challenge.status();
      byte[] type2 = challengeToken(challenge);
      if (status != 401 || type2 == null) {
        return result(id, account, workstation, address, port, concurrent, status, "no CHALLENGE");
      }
      byte[] type3 = authenticate(type2, account, workstation);
      RawConnection.Response done = send(wire, id + "/3", "NTLM " + base64(type3));
      return result(id, account, workstation, address, port, concurrent, done.status(), null);
    } catch (IOException | GeneralSecurityException e) {
      return result(id, account, workstation, address, port, concurrent, status, e.toString());
    }
  }

  /** A NEGOTIATE (Type-1) with jcifs-ng's default flags. */
  static byte[] negotiate() {
    return JCIFS.negotiate();
  }

  /** jcifs-ng's NTLMv2 AUTHENTICATE (Type-3) answering the CHALLENGE {@code type2}. */
  static byte[] authenticate(byte[] type2, UserTable.Account account, String workstation)
      throws IOException, GeneralSecurityException {
    return JCIFS.authenticate(
        type2, account.domain(), account.user(), account.password(), workstation);
  }

  private RawConnection.Response send(RawConnection wire, String requestId, String authorization)
      throws IOException {
    Map<String, String> headers = new LinkedHashMap<>();
    headers.put("User-Agent", "ntlm-affinity-demo (jcifs-ng)");
    headers.put("X-Request-Id", requestId);
    synchronized (cookies) {
      if (!cookies.isEmpty()) {
        StringBuilder cookie = new StringBuilder();
        cookies.forEach(
            (k, v) ->
                cookie.append(cookie.length() == 0 ? "" : "; ").append(k).append('=').append(v));
        headers.put("Cookie", cookie.toString());
      }
    }
    if (authorization != null) {
      headers.put("Authorization", authorization);
    }
    RawConnection.Response response = wire.get("/app/", headers);
    for (String setCookie : response.headers("Set-Cookie")) {
      int eq = setCookie.indexOf('=');
      int end = setCookie.indexOf(';');
      if (eq > 0) {
        synchronized (cookies) {
          cookies.put(
              setCookie.substring(0, eq).trim(),
              setCookie.substring(eq + 1, end < 0 ? setCookie.length() : end).trim());
        }
      }
    }
    return response;
  }

  private static byte[] challengeToken(RawConnection.Response response) {
    for (String value : response.headers("WWW-Authenticate")) {
      if (value.regionMatches(true, 0, "NTLM ", 0, 5)) {
        try {
          return Base64.getDecoder().decode(value.substring(5).trim());
        } catch (IllegalArgumentException e) {
          return null;
        }
      }
    }
    return null;
  }

  private static Login result(
      String id,
      UserTable.Account account,
      String workstation,
      String address,
      int port,
      boolean concurrent,
      int status,
      String error) {
    return new Login(
        id,
        Login.JCIFS,
        account.qualified(),
        workstation,
        address,
        port,
        concurrent,
        error == null && status == 200,
        status,
        error);
  }

  private static String base64(byte[] token) {
    return Base64.getEncoder().encodeToString(token);
  }
}
