package io.github.ntlmaffinity.wire;

/**
 * Thrown inside the decoder to unwind to {@link NtlmDecoder}, which turns it into {@link
 * DecodeResult.Malformed}. Carries no stack trace: bad input is expected, not exceptional.
 */
final class MalformedException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  private final MalformedReason reason;
  private final int offset;

  MalformedException(MalformedReason reason, int offset, String detail) {
    super(detail, null, false, false);
    this.reason = reason;
    this.offset = offset;
  }

  MalformedReason reason() {
    return reason;
  }

  int offset() {
    return offset;
  }

  DecodeResult.Malformed toResult(AuthScheme scheme) {
    return new DecodeResult.Malformed(scheme, reason, offset, getMessage());
  }
}
