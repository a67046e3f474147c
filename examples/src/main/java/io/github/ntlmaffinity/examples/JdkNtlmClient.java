package io.github.ntlmaffinity.examples;

import java.io.IOException;
import java.io.InputStream;
import java.net.Authenticator;
import java.net.HttpURLConnection;
import java.net.PasswordAuthentication;
import java.net.URI;

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
      HttpURLConnection connection = (HttpURLConnection) uri.toURL().openConnection();
      connection.setAuthenticator(
          new Authenticator() {
            @Override
            protected PasswordAuthentication getPasswordAuthentication() {
              return new PasswordAuthentication(
                  account.qualified(), account.password().toCharArray());
            }
          });
      connection.setRequestProperty("X-Request-Id", id);
      connection.setUseCaches(false);
      connection.setInstanceFollowRedirects(false);
      connection.setConnectTimeout(10_000);
      connection.setReadTimeout(10_000);
      status = connection.getResponseCode();
      InputStream body = status < 400 ? connection.getInputStream() : connection.getErrorStream();
      if (body != null) {
        try (body) {
          body.readAllBytes();
        }
      }
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
