package io.github.ntlmaffinity;

import java.util.Map;
import java.util.TreeMap;

/** A request as a test composes it: headers, cookies and the connection it came on. */
final class TestRequest implements ExchangeRequest {
  private final ConnectionInfo connection;
  private final Map<String, String> headers = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
  private final Map<String, String> cookies = new TreeMap<>();

  TestRequest(ConnectionInfo connection) {
    this.connection = connection;
  }

  TestRequest header(String name, String value) {
    headers.put(name, value);
    return this;
  }

  TestRequest cookie(String name, String value) {
    cookies.put(name, value);
    return this;
  }

  @Override
  public String header(String name) {
    return headers.get(name);
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
