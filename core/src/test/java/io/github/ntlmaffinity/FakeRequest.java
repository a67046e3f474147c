package io.github.ntlmaffinity;

import java.util.HashMap;
import java.util.Locale;
import java.util.Map;

/** A request as a test builds it: headers (case-insensitive names), cookies and a connection. */
public final class FakeRequest implements ExchangeRequest {
  private final ConnectionInfo connection;
  private final Map<String, String> headers = new HashMap<>();
  private final Map<String, String> cookies = new HashMap<>();

  private FakeRequest(ConnectionInfo connection) {
    this.connection = connection;
  }

  /** A request without headers on {@code connection}. */
  public static FakeRequest on(ConnectionInfo connection) {
    return new FakeRequest(connection);
  }

  /**
   * An HTTP/1.1 connection from {@code remoteAddress:remotePort} to 10.1.1.1:8080 without a
   * container id, so its key is the address pair.
   */
  public static ConnectionInfo connection(String remoteAddress, int remotePort) {
    return new ConnectionInfo(null, "10.1.1.1", 8080, remoteAddress, remotePort, "HTTP/1.1");
  }

  public FakeRequest header(String name, String value) {
    headers.put(name.toLowerCase(Locale.ROOT), value);
    return this;
  }

  public FakeRequest authorization(String value) {
    return header("Authorization", value);
  }

  public FakeRequest cookie(String name, String value) {
    cookies.put(name, value);
    return this;
  }

  @Override
  public String header(String name) {
    return headers.get(name.toLowerCase(Locale.ROOT));
  }

  @Override
  public ConnectionInfo connection() {
    return connection;
  }

  @Override
  public String cookie(String name) {
    return cookies.get(name);
  }
}
