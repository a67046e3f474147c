package io.github.ntlmaffinity.wire;

/** How an NTLM message travelled inside its header token. */
public enum Wrapping {
  /** The token is the NTLMSSP message itself ({@code NTLM} scheme, or raw in {@code Negotiate}). */
  RAW,
  /** Inside an SPNEGO NegTokenInit's mechToken (RFC 4178 4.2.1). */
  SPNEGO_INIT,
  /** Inside an SPNEGO NegTokenResp's responseToken (RFC 4178 4.2.2). */
  SPNEGO_RESPONSE
}
