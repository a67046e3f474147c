package io.github.ntlmaffinity.cli;

import io.github.ntlmaffinity.wire.DecodeResult;
import java.util.List;

/**
 * What one input decoded to: the result to print, the offers of a challenge list without a token,
 * or an input the tool rejects. Each knows how it was read ({@link #input()}: {@code header-line},
 * {@code header-value} or {@code token}) and the header it came from, if the input named one.
 */
sealed interface Decoded {

  /** How the input was read: {@code header-line}, {@code header-value} or {@code token}. */
  String input();

  /** The header name as the input wrote it, or {@code null} when the input named none. */
  String header();

  /** Whether the input is malformed or was rejected: the exit status becomes 1. */
  boolean failed();

  /** One decode result. */
  record Single(String input, String header, DecodeResult result) implements Decoded {
    @Override
    public boolean failed() {
      return result instanceof DecodeResult.Malformed;
    }
  }

  /** A challenge list in which no challenge carries a token, e.g. {@code Negotiate, NTLM}. */
  record Offers(String input, String header, List<DecodeResult> offers) implements Decoded {
    public Offers {
      offers = List.copyOf(offers);
    }

    @Override
    public boolean failed() {
      return false;
    }
  }

  /**
   * An input that is not an authentication header, e.g. {@code Cookie: a=b}.
   *
   * @param reason machine-readable, e.g. {@code UNSUPPORTED_HEADER}
   * @param detail one line for a person
   */
  record Rejected(String input, String header, String reason, String detail) implements Decoded {
    @Override
    public boolean failed() {
      return true;
    }
  }
}
