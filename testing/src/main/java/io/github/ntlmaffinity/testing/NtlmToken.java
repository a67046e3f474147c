package io.github.ntlmaffinity.testing;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Base64;

/**
 * The NTLM message of an {@code Authorization: NTLM|Negotiate <base64>} header as an acceptor reads
 * it, with the SPNEGO (RFC 4178) layer that IIS accepts around it: raw NTLMSSP, or NTLMSSP as the
 * mechToken of a NegTokenInit or the responseToken of a NegTokenResp. Read without the decoder
 * under test.
 *
 * @param scheme {@code NTLM} or {@code Negotiate}, as the answer must name it
 * @param bytes the NTLMSSP message (unwrapped), or the token as sent when it holds none
 * @param type the NTLM MessageType (1, 2 or 3), or 0 when the token is not NTLMSSP (Kerberos,
 *     garbage, bad base64)
 * @param spnego whether the message came wrapped in SPNEGO, so the answer must be too
 */
public record NtlmToken(String scheme, byte[] bytes, int type, boolean spnego) {
  private static final byte[] SIGNATURE = "NTLMSSP\0".getBytes(StandardCharsets.US_ASCII);

  /** The token, or {@code null} when the header carries no NTLM or Negotiate token. */
  public static NtlmToken parse(String authorization) {
    if (authorization == null) {
      return null;
    }
    String value = authorization.strip();
    int space = value.indexOf(' ');
    if (space < 0) {
      return null;
    }
    String scheme = value.substring(0, space);
    if (scheme.equalsIgnoreCase("NTLM")) {
      scheme = "NTLM";
    } else if (scheme.equalsIgnoreCase("Negotiate")) {
      scheme = "Negotiate";
    } else {
      return null;
    }
    byte[] bytes;
    try {
      bytes = Base64.getDecoder().decode(value.substring(space + 1).strip());
    } catch (IllegalArgumentException e) {
      return new NtlmToken(scheme, new byte[0], 0, false);
    }
    boolean spnego = false;
    if (scheme.equals("Negotiate") && !isNtlmssp(bytes)) {
      byte[] inner = unwrap(bytes);
      if (inner != null) {
        bytes = inner;
        spnego = true;
      }
    }
    return new NtlmToken(scheme, bytes, isNtlmssp(bytes) ? bytes[8] & 0xff : 0, spnego);
  }

  /**
   * The header value answering with {@code type2}: {@code <scheme> <base64>}, the CHALLENGE wrapped
   * in a NegTokenResp (accept-incomplete, NTLMSSP) when the client wrapped its NEGOTIATE.
   */
  public String challengeHeader(byte[] type2) {
    byte[] answer =
        spnego
            ? SpnegoTokens.negTokenResp(
                SpnegoTokens.ACCEPT_INCOMPLETE, SpnegoTokens.NTLMSSP_OID, type2, null)
            : type2;
    return NtlmTestMessages.header(scheme, answer);
  }

  /** The {@code Negotiate} NegTokenResp saying accept-completed, as IIS ends a SPNEGO login. */
  public static String acceptedHeader() {
    return NtlmTestMessages.negotiateHeader(
        SpnegoTokens.negTokenResp(SpnegoTokens.ACCEPT_COMPLETED, null, null, null));
  }

  /**
   * The NTLMSSP message inside an SPNEGO token: the OCTET STRING (mechToken or responseToken) that
   * holds the NTLMSSP signature, or {@code null} when there is none.
   */
  static byte[] unwrap(byte[] token) {
    if (token.length < 2 || (token[0] != 0x60 && token[0] != (byte) 0xa1)) {
      return null;
    }
    for (int at = 2; at + SIGNATURE.length <= token.length; at++) {
      if (!Arrays.equals(token, at, at + SIGNATURE.length, SIGNATURE, 0, SIGNATURE.length)) {
        continue;
      }
      int length = -1;
      if (token[at - 2] == 0x04 && (token[at - 1] & 0x80) == 0) {
        length = token[at - 1];
      } else if (at >= 3 && token[at - 3] == 0x04 && token[at - 2] == (byte) 0x81) {
        length = token[at - 1] & 0xff;
      } else if (at >= 4 && token[at - 4] == 0x04 && token[at - 3] == (byte) 0x82) {
        length = (token[at - 2] & 0xff) << 8 | token[at - 1] & 0xff;
      }
      return length < 0 || at + length > token.length
          ? null
          : Arrays.copyOfRange(token, at, at + length);
    }
    return null;
  }

  private static boolean isNtlmssp(byte[] bytes) {
    return bytes.length >= 12 && Arrays.equals(bytes, 0, 8, SIGNATURE, 0, SIGNATURE.length);
  }
}
