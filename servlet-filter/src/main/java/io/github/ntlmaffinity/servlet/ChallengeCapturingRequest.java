package io.github.ntlmaffinity.servlet;

import jakarta.servlet.AsyncContext;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;

/**
 * Goes down the chain beside a {@link ChallengeCapturingResponse} and changes one thing: {@code
 * startAsync()} keeps that response in the {@link AsyncContext}. The no-argument form would hand
 * the application the unwrapped response, whose CHALLENGE the filter would learn of only when the
 * request completes, after the client may already have answered it on another connection.
 */
final class ChallengeCapturingRequest extends HttpServletRequestWrapper {
  private final ChallengeCapturingResponse response;

  ChallengeCapturingRequest(HttpServletRequest request, ChallengeCapturingResponse response) {
    super(request);
    this.response = response;
  }

  @Override
  public AsyncContext startAsync() {
    return startAsync(this, response);
  }
}
