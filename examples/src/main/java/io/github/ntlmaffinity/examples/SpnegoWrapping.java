package io.github.ntlmaffinity.examples;

import java.io.ByteArrayOutputStream;
import java.util.Arrays;

/**
 * The SPNEGO (RFC 4178) layer of the demo acceptor, for clients that put NTLMSSP inside a {@code
 * Negotiate} token as IIS expects: the NTLM message out of a NegTokenInit or NegTokenResp, and a
 * CHALLENGE, or the final accept, wrapped in a NegTokenResp.
 */
final class SpnegoWrapping {
  private static final byte[] SIGNATURE = {'N', 'T', 'L', 'M', 'S', 'S', 'P', 0};

  /** 1.3.6.1.4.1.311.2.2.10, NTLMSSP, DER-encoded with its tag and length. */
  private static final byte[] NTLMSSP_OID = {
    0x06, 0x0a, 0x2b, 0x06, 0x01, 0x04, 0x01, (byte) 0x82, 0x37, 0x02, 0x02, 0x0a
  };

  /** NegState accept-incomplete (1) and accept-completed (0), RFC 4178 section 4.2.2. */
  private static final int ACCEPT_INCOMPLETE = 1;

  private static final int ACCEPT_COMPLETED = 0;

  private SpnegoWrapping() {}

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
      if (at >= 2 && token[at - 2] == 0x04 && (token[at - 1] & 0x80) == 0) {
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

  /** A NegTokenResp: accept-incomplete, NTLMSSP selected, the CHALLENGE as responseToken. */
  static byte[] challenge(byte[] type2) {
    byte[] negState = tagged(0xa0, tagged(0x0a, new byte[] {ACCEPT_INCOMPLETE}));
    byte[] mech = tagged(0xa1, NTLMSSP_OID);
    byte[] response = tagged(0xa2, tagged(0x04, type2));
    return tagged(0xa1, tagged(0x30, concat(negState, mech, response)));
  }

  /** A NegTokenResp saying accept-completed. */
  static byte[] accepted() {
    return tagged(0xa1, tagged(0x30, tagged(0xa0, tagged(0x0a, new byte[] {ACCEPT_COMPLETED}))));
  }

  private static byte[] tagged(int tag, byte[] content) {
    ByteArrayOutputStream out = new ByteArrayOutputStream(content.length + 4);
    out.write(tag);
    int n = content.length;
    if (n < 0x80) {
      out.write(n);
    } else if (n < 0x100) {
      out.write(0x81);
      out.write(n);
    } else {
      out.write(0x82);
      out.write(n >>> 8);
      out.write(n);
    }
    out.writeBytes(content);
    return out.toByteArray();
  }

  private static byte[] concat(byte[]... parts) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    for (byte[] p : parts) {
      out.writeBytes(p);
    }
    return out.toByteArray();
  }
}
