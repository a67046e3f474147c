package io.github.ntlmaffinity.servlet;

import io.github.ntlmaffinity.Exchange;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpServletResponseWrapper;

/**
 * Passes everything through unchanged and hands each {@code WWW-Authenticate} value to the tracker
 * as it is set: before the response can be committed and reach the client, so that a fast
 * AUTHENTICATE elsewhere is judged against a CHALLENGE the tracker already knows. Used only for
 * responses to a NEGOTIATE.
 */
final class ChallengeCapturingResponse extends HttpServletResponseWrapper {
  private static final String WWW_AUTHENTICATE = "WWW-Authenticate";

  private final Exchange exchange;
  private boolean captured;

  ChallengeCapturingResponse(HttpServletResponse response, Exchange exchange) {
    super(response);
    this.exchange = exchange;
  }

  @Override
  public void setHeader(String name, String value) {
    if (WWW_AUTHENTICATE.equalsIgnoreCase(name)) {
      capture(value);
    }
    super.setHeader(name, value);
  }

  @Override
  public void addHeader(String name, String value) {
    if (WWW_AUTHENTICATE.equalsIgnoreCase(name)) {
      capture(value);
    }
    super.addHeader(name, value);
  }

  /** Whether a WWW-Authenticate value went through this wrapper. */
  boolean captured() {
    return captured;
  }

  private void capture(String value) {
    captured = true;
    exchange.challenge(value);
  }
}
