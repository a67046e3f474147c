package io.github.ntlmaffinity;

/**
 * One HTTP exchange the tracker is following: tell it about the response. Returned by {@link
 * NtlmAffinity#begin(ExchangeRequest)}; {@link #isTracked()} is false for the many requests that
 * need nothing more (then both methods return at once).
 *
 * <p>Call {@link #challenge(String)} with each {@code WWW-Authenticate} value as the application
 * sets it, <em>before</em> the response can reach the client, so that a fast AUTHENTICATE on
 * another connection or node is never judged before its CHALLENGE is known; then {@link
 * #complete(int, boolean)} once. Neither method throws.
 */
public interface Exchange {
  /** Whether the response matters to the tracker. */
  boolean isTracked();

  /**
   * Whether the response's {@code WWW-Authenticate} headers matter: the request was a NEGOTIATE,
   * whose 401 carries the CHALLENGE.
   */
  boolean wantsChallenge();

  /** A {@code WWW-Authenticate} value of the response; a CHALLENGE in it is recorded. */
  void challenge(String wwwAuthenticate);

  /**
   * The response is complete.
   *
   * @param status the HTTP status
   * @param closesConnection whether the connection closes after it ({@code Connection: close},
   *     HTTP/1.0 without keep-alive, or the container's decision)
   */
  void complete(int status, boolean closesConnection);
}
