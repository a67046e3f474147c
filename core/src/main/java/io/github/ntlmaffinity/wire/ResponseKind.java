package io.github.ntlmaffinity.wire;

/** What kind of challenge response an AUTHENTICATE carries, told from the response lengths. */
public enum ResponseKind {
  /** NTLMv2: an NtChallengeResponse longer than 24 bytes, with a blob of AV pairs. */
  NTLMV2("NTLMv2"),
  /** NTLMv1: a 24-byte NtChallengeResponse, without extended session security. */
  NTLMV1("NTLMv1"),
  /** NTLM2 session response: a 24-byte NtChallengeResponse with extended session security. */
  NTLM2_SESSION("NTLM2 session response"),
  /**
   * Only a 24-byte LmChallengeResponse and no NtChallengeResponse: LMv2 or plain LM, which cannot
   * be told apart without the password.
   */
  LM_ONLY("LM/LMv2 only"),
  /** No NT response and no LM response (at most the single zero byte of MS-NLMP 3.1.5.1.2). */
  ANONYMOUS("anonymous");

  private final String label;

  ResponseKind(String label) {
    this.label = label;
  }

  /** How a person would name it, e.g. {@code NTLMv2}. */
  public String label() {
    return label;
  }

  /** Whether this kind is weak: everything but NTLMv2. */
  public boolean isWeak() {
    return this != NTLMV2;
  }
}
