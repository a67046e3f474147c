package io.github.ntlmaffinity.wire;

/**
 * What one authentication header, or one challenge of a {@code WWW-Authenticate} header, turned out
 * to be. Decoding never throws for bad input: every header yields one of these.
 *
 * <pre>{@code
 * DecodeResult r = NtlmDecoder.decodeAuthorization(header);
 * if (r instanceof DecodeResult.Ntlm ntlm) {
 *   track(ntlm.message());
 * } else if (r instanceof DecodeResult.Malformed bad) {
 *   log.warn("bad token: {} at {}", bad.reason(), bad.offset());
 * } // else Kerberos, Basic, a bare offer...
 * }</pre>
 */
public sealed interface DecodeResult
    permits DecodeResult.Ntlm,
        DecodeResult.OtherMechanism,
        DecodeResult.NoToken,
        DecodeResult.NotNtlm,
        DecodeResult.Malformed {

  /**
   * An NTLM message, raw or inside SPNEGO.
   *
   * @param scheme the header's scheme
   * @param wrapping how the message travelled
   * @param spnego the SPNEGO layer, or {@code null} when {@code wrapping} is {@link Wrapping#RAW}
   * @param message the decoded message
   */
  record Ntlm(AuthScheme scheme, Wrapping wrapping, SpnegoInfo spnego, NtlmMessage message)
      implements DecodeResult {

    /** Whether a {@code Negotiate} header carried NTLM: the client got no Kerberos ticket. */
    public boolean isNegotiateFallback() {
      return scheme == AuthScheme.NEGOTIATE;
    }
  }

  /**
   * A {@code Negotiate} token of another mechanism, Kerberos most often. Not an error: it is
   * recognised by its OID and not decoded further.
   *
   * @param scheme the header's scheme
   * @param mechOid the mechanism's OID in dotted form, or {@code null} when the token names none
   * @param spnego the SPNEGO layer, or {@code null} for a bare GSS-API token
   */
  record OtherMechanism(AuthScheme scheme, String mechOid, SpnegoInfo spnego)
      implements DecodeResult {

    /** A person's name for the mechanism, e.g. {@code Kerberos}. */
    public String mechName() {
      return Mechanisms.nameOf(mechOid);
    }

    /** Whether the mechanism is Kerberos. */
    public boolean isKerberos() {
      return Mechanisms.isKerberos(mechOid);
    }
  }

  /**
   * NTLM or Negotiate without a message: a bare offer in {@code WWW-Authenticate} ({@code
   * Negotiate}, {@code NTLM}), or an SPNEGO token with no inner token (a final NegTokenResp).
   *
   * @param scheme the scheme offered
   * @param spnego the SPNEGO layer, or {@code null} for a bare offer
   */
  record NoToken(AuthScheme scheme, SpnegoInfo spnego) implements DecodeResult {}

  /**
   * A header of another scheme ({@code Basic}, {@code Bearer}...), or no header at all.
   *
   * @param scheme the scheme as written, or {@code ""} when there was no header
   */
  record NotNtlm(String scheme) implements DecodeResult {}

  /**
   * A header or token that is not valid NTLM/SPNEGO.
   *
   * @param scheme the header's scheme, or {@code null} when the header had no recognisable scheme
   * @param reason what is wrong, machine-readable
   * @param offset where: a character index into the header value for {@link
   *     MalformedReason.Layer#HEADER} and {@link MalformedReason.Layer#BASE64} reasons, else a byte
   *     offset into the decoded token
   * @param detail one line for a person; never contains secret bytes
   */
  record Malformed(AuthScheme scheme, MalformedReason reason, int offset, String detail)
      implements DecodeResult {}
}
