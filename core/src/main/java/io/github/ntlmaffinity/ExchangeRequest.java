package io.github.ntlmaffinity;

/**
 * Core's view of an HTTP request: what the tracker needs and nothing else, so core never sees
 * servlet types. The servlet filter implements it over {@code HttpServletRequest}; tests and other
 * integrations implement it directly.
 *
 * <p>The tracker asks for {@link #connection()}, headers other than {@code Authorization}, and
 * cookies only when the request carries NTLM or its connection is a known NTLM connection (which it
 * finds by {@link #connectionKey()}), so an implementation can compute them lazily.
 */
public interface ExchangeRequest {

  /**
   * The request header's value, all lines of it joined by {@code ", "}, or {@code null}. Asked for
   * {@code Authorization}, {@code Forwarded} and {@code X-Forwarded-For}.
   */
  String header(String name);

  /** The connection the request came on. */
  ConnectionInfo connection();

  /**
   * {@link ConnectionInfo#key()} of {@link #connection()}. Asked first, and alone, for a request
   * without NTLM on a node that tracks NTLM connections: an implementation that knows the key
   * without building the whole connection (the servlet filter takes the container's connection id)
   * saves that work for the many requests on connections the tracker does not know.
   */
  default String connectionKey() {
    return connection().key();
  }

  /** The value of the request cookie {@code name}, or {@code null}. None by default. */
  default String cookie(String name) {
    return null;
  }
}
