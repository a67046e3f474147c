package io.github.ntlmaffinity.examples;

import io.github.ntlmaffinity.testing.JdkNtlmLogin;
import java.io.IOException;
import java.net.URI;
import java.util.Map;

/**
 * The JDK's own NTLM client: {@code HttpURLConnection} with an {@code Authenticator} (on Linux and
 * macOS the pure-Java {@code sun.net.www.protocol.http.ntlm} implementation). The JDK picks the
 * connection itself (keep-alive cache) and retries a failed handshake on its own, up to about 19
 * times, so one login may be many handshakes: the nodes' access logs count them.
 */
final class JdkNtlmClient {
  private final URI uri;

  /**
   * @param uri the protected page behind the balancer
   */
  JdkNtlmClient(URI uri) {
    this.uri = uri;
  }

  /** One login, that is one {@code GET}. Never throws: failures are in the result. */
  Login login(String id, UserTable.Account account, boolean concurrent) {
    int status = 0;
    try {
      status =
          JdkNtlmLogin.get(uri, account.qualified(), account.password(), Map.of("X-Request-Id", id))
              .status();
      return new Login(
          id,
          Login.JDK,
          account.qualified(),
          null,
          "127.0.0.1",
          0,
          concurrent,
          status == 200,
          status,
          null);
    } catch (IOException e) {
      return new Login(
          id,
          Login.JDK,
          account.qualified(),
          null,
          "127.0.0.1",
          0,
          concurrent,
          false,
          status,
          e.toString());
    }
  }
}
