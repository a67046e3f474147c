package io.github.ntlmaffinity.wire;

/** Why a header or token is malformed. Each reason belongs to the layer it was found in. */
public enum MalformedReason {
  /** The header value is empty or blank. */
  HEADER_EMPTY(Layer.HEADER),
  /** The header does not follow the RFC 9110 credentials/challenge syntax. */
  HEADER_SYNTAX(Layer.HEADER),
  /** {@code NTLM} or {@code Negotiate} in {@code Authorization} without a token. */
  MISSING_TOKEN(Layer.HEADER),
  /**
   * The token is longer than any real NTLM or SPNEGO token ({@link NtlmDecoder#MAX_TOKEN_CHARS}).
   */
  TOKEN_TOO_LARGE(Layer.HEADER),

  /** A character outside the base64 alphabet. */
  BASE64_INVALID_CHARACTER(Layer.BASE64),
  /** {@code -} or {@code _}: the URL-safe alphabet, which HTTP authentication does not use. */
  BASE64_URL_SAFE_ALPHABET(Layer.BASE64),
  /** A length that is not a multiple of four, or {@code =} padding where it cannot be. */
  BASE64_BAD_PADDING(Layer.BASE64),

  /** The decoded token has no bytes. */
  EMPTY_TOKEN(Layer.TOKEN),
  /** A Negotiate token that is neither NTLMSSP, SPNEGO nor a GSS-API token. */
  UNKNOWN_TOKEN_FORMAT(Layer.TOKEN),

  /** A DER element runs past the end of its token or of its enclosing element. */
  DER_TRUNCATED(Layer.SPNEGO),
  /** A DER element with a tag the structure does not allow there. */
  DER_UNEXPECTED_TAG(Layer.SPNEGO),
  /** An indefinite (BER) length, which DER forbids. */
  DER_INDEFINITE_LENGTH(Layer.SPNEGO),
  /** A long-form length of more than four bytes, or one above 2^31 - 1. */
  DER_LENGTH_TOO_LONG(Layer.SPNEGO),
  /** Bytes after the end of the outermost element. */
  DER_TRAILING_BYTES(Layer.SPNEGO),
  /** An object identifier that is empty, unterminated, or has an arc above 2^63 - 1. */
  DER_BAD_OID(Layer.SPNEGO),
  /** A NegTokenInit without mechTypes, or with an empty list. */
  SPNEGO_EMPTY_MECH_TYPES(Layer.SPNEGO),
  /** A mechToken or responseToken of zero bytes. */
  SPNEGO_EMPTY_TOKEN(Layer.SPNEGO),
  /** A negState outside the four values of RFC 4178. */
  SPNEGO_BAD_NEG_STATE(Layer.SPNEGO),

  /** Not {@code NTLMSSP\0}. */
  NTLM_BAD_SIGNATURE(Layer.NTLM),
  /** A MessageType other than 1, 2 or 3. */
  NTLM_UNKNOWN_MESSAGE_TYPE(Layer.NTLM),
  /** Shorter than the smallest header of its message type. */
  NTLM_TRUNCATED(Layer.NTLM),
  /** A field's offset plus length lies past the end of the message (32-bit wrap included). */
  NTLM_FIELD_OUT_OF_BOUNDS(Layer.NTLM),
  /** A field's payload starts inside the fixed header. */
  NTLM_FIELD_OVERLAPS_HEADER(Layer.NTLM),
  /** Two fields' payloads overlap. */
  NTLM_FIELDS_OVERLAP(Layer.NTLM),
  /** A UTF-16LE string of an odd number of bytes. */
  NTLM_ODD_UNICODE_LENGTH(Layer.NTLM),
  /** An NtChallengeResponse of 1 to 23 bytes: neither absent, NTLMv1 nor NTLMv2. */
  NTLM_BAD_RESPONSE_LENGTH(Layer.NTLM),
  /** An NTLMv2 response shorter than NTProofStr plus the fixed blob header (16 + 28 bytes). */
  NTLMV2_RESPONSE_TOO_SHORT(Layer.NTLM),

  /** An AV pair whose header or value runs past the end of its list. */
  AV_PAIR_TRUNCATED(Layer.AV_PAIRS),
  /** An AV pair list without MsvAvEOL. */
  AV_LIST_UNTERMINATED(Layer.AV_PAIRS),
  /** MsvAvEOL, MsvAvFlags or MsvAvTimestamp with a length the specification does not allow. */
  AV_PAIR_BAD_LENGTH(Layer.AV_PAIRS),
  /** More AV pairs than any real list holds ({@link NtlmDecoder#MAX_AV_PAIRS}). */
  AV_PAIR_LIMIT(Layer.AV_PAIRS);

  private final Layer layer;

  MalformedReason(Layer layer) {
    this.layer = layer;
  }

  /** The layer the fault was found in. */
  public Layer layer() {
    return layer;
  }

  /** The layers of a header, outermost first. */
  public enum Layer {
    /** The header's syntax; offsets are character indexes into the header value. */
    HEADER,
    /** The base64 token; offsets are character indexes into the header value. */
    BASE64,
    /** The decoded token as a whole; offsets are byte offsets into it. */
    TOKEN,
    /** SPNEGO/GSS-API DER; offsets are byte offsets into the decoded token. */
    SPNEGO,
    /** The NTLMSSP message; offsets are byte offsets into the decoded token. */
    NTLM,
    /** An AV pair list; offsets are byte offsets into the decoded token. */
    AV_PAIRS
  }
}
