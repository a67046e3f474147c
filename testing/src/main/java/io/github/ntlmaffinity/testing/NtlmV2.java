package io.github.ntlmaffinity.testing;

import java.io.IOException;
import java.security.MessageDigest;
import java.util.Arrays;
import jcifs.ntlmssp.Type3Message;
import jcifs.smb.NtlmUtil;
import jcifs.util.Crypto;

/**
 * What an NTLM acceptor checks in an AUTHENTICATE (MS-NLMP 3.3.2), computed with jcifs-ng and not
 * with the decoder under test: whether its NTLMv2 response verifies, and which CHALLENGE it
 * answers.
 */
public final class NtlmV2 {
  private static final int NT_PROOF_LENGTH = 16;

  /** NTProofStr, RespType, HiRespType, reserved (6), TimeStamp (8), ChallengeFromClient (8), 4. */
  private static final int AV_PAIRS_IN_RESPONSE = NT_PROOF_LENGTH + 28;

  private static final int MSV_AV_EOL = 0;
  private static final int MSV_AV_TIMESTAMP = 7;

  private NtlmV2() {}

  /**
   * Whether {@code type3} is an NTLMv2 answer of the user and domain the message names with {@code
   * password} to {@code serverChallenge}: ResponseKeyNT = NTOWFv2(password, user, domain), and
   * HMAC_MD5(ResponseKeyNT, ServerChallenge + blob) must equal NTProofStr. NTLMv1, LM-only,
   * anonymous and unreadable messages do not verify.
   */
  public static boolean verifies(byte[] type3, byte[] serverChallenge, String password) {
    try {
      Type3Message parsed = new Type3Message(type3);
      byte[] nt = parsed.getNTResponse();
      String user = parsed.getUser();
      if (nt == null || nt.length <= 24 || user == null || user.isEmpty() || password == null) {
        return false;
      }
      String domain = parsed.getDomain() == null ? "" : parsed.getDomain();
      MessageDigest hmac = Crypto.getHMACT64(NtlmUtil.nTOWFv2(domain, user, password));
      hmac.update(serverChallenge);
      hmac.update(nt, NT_PROOF_LENGTH, nt.length - NT_PROOF_LENGTH);
      return MessageDigest.isEqual(hmac.digest(), Arrays.copyOf(nt, NT_PROOF_LENGTH));
    } catch (IOException | RuntimeException e) {
      return false;
    }
  }

  /**
   * The MsvAvTimestamp the client copied from the CHALLENGE into its NTLMv2 response, which names
   * the challenge it answers; {@code null} for NTLMv1, or when absent or unreadable.
   */
  public static Long echoedTimestamp(byte[] type3) {
    byte[] nt;
    try {
      nt = new Type3Message(type3).getNTResponse();
    } catch (IOException | RuntimeException e) {
      return null;
    }
    if (nt == null) {
      return null;
    }
    for (int at = AV_PAIRS_IN_RESPONSE; at + 4 <= nt.length; ) {
      int id = u16(nt, at);
      int length = u16(nt, at + 2);
      if (id == MSV_AV_EOL || at + 4 + length > nt.length) {
        return null;
      }
      if (id == MSV_AV_TIMESTAMP && length == 8) {
        long value = 0;
        for (int i = 7; i >= 0; i--) {
          value = value << 8 | (nt[at + 4 + i] & 0xff);
        }
        return value;
      }
      at += 4 + length;
    }
    return null;
  }

  /** {@code DOMAIN\\user} as the AUTHENTICATE names them; the user alone without a domain. */
  public static String qualifiedUser(byte[] type3) {
    try {
      Type3Message parsed = new Type3Message(type3);
      String domain = parsed.getDomain();
      String user = parsed.getUser() == null ? "" : parsed.getUser();
      return domain == null || domain.isEmpty() ? user : domain + '\\' + user;
    } catch (IOException | RuntimeException e) {
      return "";
    }
  }

  private static int u16(byte[] b, int at) {
    return (b[at] & 0xff) | (b[at + 1] & 0xff) << 8;
  }
}
