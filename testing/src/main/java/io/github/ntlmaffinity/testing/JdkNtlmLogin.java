package io.github.ntlmaffinity.testing;

import java.io.IOException;
import java.io.InputStream;
import java.net.Authenticator;
import java.net.HttpURLConnection;
import java.net.PasswordAuthentication;
import java.net.URI;
import java.nio.charset.StandardCharsets;

/**
 * A login by the JDK's own NTLM client ({@code HttpURLConnection} with an {@link Authenticator}),
 * as the test account {@code EXAMPLE\alice}: the JDK sends the NEGOTIATE and the AUTHENTICATE by
 * itself, on connections it chooses.
 *
 * @param status the final status code
 * @param body the final response's body (UTF-8)
 */
public record JdkNtlmLogin(int status, String body) {

  /** {@code GET uri} through the JDK's NTLM client; each read waits at most 5 seconds. */
  public static JdkNtlmLogin get(URI uri) throws IOException {
    HttpURLConnection connection = (HttpURLConnection) uri.toURL().openConnection();
    connection.setAuthenticator(
        new Authenticator() {
          @Override
          protected PasswordAuthentication getPasswordAuthentication() {
            return new PasswordAuthentication(
                NtlmTestMessages.DOMAIN + '\\' + NtlmTestMessages.USER,
                NtlmTestMessages.PASSWORD.toCharArray());
          }
        });
    connection.setConnectTimeout(5_000);
    connection.setReadTimeout(5_000);
    connection.setUseCaches(false);
    try {
      int status = connection.getResponseCode();
      try (InputStream in = connection.getInputStream()) {
        return new JdkNtlmLogin(status, new String(in.readAllBytes(), StandardCharsets.UTF_8));
      }
    } finally {
      connection.disconnect();
    }
  }
}
