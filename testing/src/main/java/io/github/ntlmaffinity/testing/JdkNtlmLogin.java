package io.github.ntlmaffinity.testing;

import java.io.IOException;
import java.io.InputStream;
import java.net.Authenticator;
import java.net.HttpURLConnection;
import java.net.PasswordAuthentication;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Map;

/**
 * A login by the JDK's own NTLM client ({@code HttpURLConnection} with an {@link Authenticator}):
 * the JDK sends the NEGOTIATE and the AUTHENTICATE by itself, on connections it chooses.
 *
 * @param status the final status code
 * @param body the final response's body (UTF-8), or of its error page
 */
public record JdkNtlmLogin(int status, String body) {

  /**
   * {@code GET uri} through the JDK's NTLM client as the test account; the connection is closed
   * afterwards, not left in the JDK's keep-alive cache.
   */
  public static JdkNtlmLogin get(URI uri) throws IOException {
    return login(
        uri,
        NtlmTestMessages.DOMAIN + '\\' + NtlmTestMessages.USER,
        NtlmTestMessages.PASSWORD,
        Map.of(),
        true);
  }

  /**
   * {@code GET uri} through the JDK's NTLM client as {@code user} ({@code DOMAIN\\user}) with
   * {@code headers}; no redirect followed, each connect and read bounded by 10 seconds. The
   * connection goes back to the JDK's keep-alive cache, so the JDK may reuse it, as a real client
   * does.
   */
  public static JdkNtlmLogin get(URI uri, String user, String password, Map<String, String> headers)
      throws IOException {
    return login(uri, user, password, headers, false);
  }

  private static JdkNtlmLogin login(
      URI uri, String user, String password, Map<String, String> headers, boolean disconnect)
      throws IOException {
    HttpURLConnection connection = (HttpURLConnection) uri.toURL().openConnection();
    connection.setAuthenticator(
        new Authenticator() {
          @Override
          protected PasswordAuthentication getPasswordAuthentication() {
            return new PasswordAuthentication(user, password.toCharArray());
          }
        });
    headers.forEach(connection::setRequestProperty);
    connection.setUseCaches(false);
    connection.setInstanceFollowRedirects(false);
    connection.setConnectTimeout(10_000);
    connection.setReadTimeout(10_000);
    try {
      int status = connection.getResponseCode();
      InputStream in = status < 400 ? connection.getInputStream() : connection.getErrorStream();
      if (in == null) {
        return new JdkNtlmLogin(status, "");
      }
      try (in) {
        return new JdkNtlmLogin(status, new String(in.readAllBytes(), StandardCharsets.UTF_8));
      }
    } finally {
      if (disconnect) {
        connection.disconnect();
      }
    }
  }
}
