package io.github.ntlmaffinity.servlet;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.Locale;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The NTLM of the probe endpoint: a real CHALLENGE naming this node, and the check of an NTLMv2
 * AUTHENTICATE of the public probe account against the CHALLENGE it answers. Internal, not API.
 *
 * <p>The probe account {@value #ACCOUNT} with the password {@value #PASSWORD} is published on
 * purpose: it exists only here, is checked by nothing else, and grants nothing but a 200 from the
 * probe path. Its NT hash (MD4 of the UTF-16LE password, which the JDK does not offer) is a
 * constant, checked against jcifs-ng's in the tests.
 */
final class ProbeNtlm {
  /** The probe account's user name; any domain is accepted. */
  static final String ACCOUNT = "ntlm-affinity-probe";

  /** The probe account's published password. */
  static final String PASSWORD = "grants-nothing";

  /** The NetBIOS domain the CHALLENGE names. */
  static final String DOMAIN = "NTLM-PROBE";

  private static final byte[] NT_HASH = HexFormat.of().parseHex("8cb49c81d23deeceffa422a1c330b1b3");
  private static final byte[] SIGNATURE = "NTLMSSP\0".getBytes(StandardCharsets.US_ASCII);

  /**
   * UNICODE, REQUEST_TARGET, NTLM, ALWAYS_SIGN, TARGET_TYPE_SERVER, EXTENDED_SESSIONSECURITY,
   * TARGET_INFO, VERSION, 128, 56: what a Windows server offers, less signing and sealing.
   */
  private static final int FLAGS =
      0x1
          | 0x4
          | 0x200
          | 0x8000
          | 0x20000
          | 0x80000
          | 0x800000
          | 0x2000000
          | 0x20000000
          | 0x80000000;

  private ProbeNtlm() {}

  /**
   * A CHALLENGE (Type-2) with {@code name} as NetBIOS and DNS computer name and {@code filetime} as
   * its MsvAvTimestamp.
   */
  static byte[] challenge(String name, byte[] serverChallenge, long filetime) {
    byte[] nb = utf16(name);
    ByteArrayOutputStream info = new ByteArrayOutputStream(64 + 2 * nb.length);
    avPair(info, 2, utf16(DOMAIN));
    avPair(info, 1, nb);
    avPair(info, 4, utf16(DOMAIN.toLowerCase(Locale.ROOT)));
    avPair(info, 3, nb);
    byte[] time = new byte[8];
    putLong(time, 0, filetime);
    avPair(info, 7, time);
    avPair(info, 0, new byte[0]);
    byte[] targetInfo = info.toByteArray();
    int header = 56;
    byte[] m = new byte[header + nb.length + targetInfo.length];
    System.arraycopy(SIGNATURE, 0, m, 0, 8);
    putInt(m, 8, 2);
    field(m, 12, nb.length, header);
    putInt(m, 20, FLAGS);
    System.arraycopy(serverChallenge, 0, m, 24, 8);
    field(m, 40, targetInfo.length, header + nb.length);
    // Version: 10.0, build 20348, NTLM revision 15.
    m[48] = 10;
    m[50] = (byte) 0x7c;
    m[51] = (byte) 0x4f;
    m[55] = 15;
    System.arraycopy(nb, 0, m, header, nb.length);
    System.arraycopy(targetInfo, 0, m, header + nb.length, targetInfo.length);
    return m;
  }

  /**
   * Whether {@code type3}, an AUTHENTICATE (raw NTLMSSP) for {@code user} in {@code domain},
   * carries the probe account's NTLMv2 response to {@code serverChallenge}.
   */
  static boolean verifies(byte[] type3, String user, String domain, byte[] serverChallenge) {
    byte[] nt = ntResponse(type3);
    if (nt == null || nt.length <= 16) {
      return false;
    }
    try {
      byte[] ntowf =
          hmac(NT_HASH, utf16(user.toUpperCase(Locale.ROOT) + (domain == null ? "" : domain)));
      byte[] blob = Arrays.copyOfRange(nt, 16, nt.length);
      byte[] input = new byte[8 + blob.length];
      System.arraycopy(serverChallenge, 0, input, 0, 8);
      System.arraycopy(blob, 0, input, 8, blob.length);
      byte[] proof = hmac(ntowf, input);
      return MessageDigest.isEqual(proof, Arrays.copyOf(nt, 16));
    } catch (GeneralSecurityException e) {
      return false;
    }
  }

  /** The raw NTLMSSP message inside a token, raw or SPNEGO-wrapped, or {@code null}. */
  static byte[] ntlmssp(byte[] token) {
    for (int i = 0; i + SIGNATURE.length <= token.length; i++) {
      if (Arrays.equals(token, i, i + SIGNATURE.length, SIGNATURE, 0, SIGNATURE.length)) {
        return Arrays.copyOfRange(token, i, token.length);
      }
    }
    return null;
  }

  /** The NtChallengeResponse of an AUTHENTICATE, or {@code null} when it lies outside. */
  private static byte[] ntResponse(byte[] m) {
    if (m.length < 28) {
      return null;
    }
    int length = (m[20] & 0xff) | (m[21] & 0xff) << 8;
    long offset =
        (m[24] & 0xffL) | (m[25] & 0xffL) << 8 | (m[26] & 0xffL) << 16 | (m[27] & 0xffL) << 24;
    if (offset + length > m.length) {
      return null;
    }
    return Arrays.copyOfRange(m, (int) offset, (int) offset + length);
  }

  private static byte[] hmac(byte[] key, byte[] data) throws GeneralSecurityException {
    Mac mac = Mac.getInstance("HmacMD5");
    mac.init(new SecretKeySpec(key, "HmacMD5"));
    return mac.doFinal(data);
  }

  private static byte[] utf16(String s) {
    return s.getBytes(StandardCharsets.UTF_16LE);
  }

  private static void avPair(ByteArrayOutputStream out, int id, byte[] value) {
    out.write(id & 0xff);
    out.write(id >>> 8);
    out.write(value.length & 0xff);
    out.write(value.length >>> 8);
    out.writeBytes(value);
  }

  private static void field(byte[] m, int at, int length, int offset) {
    m[at] = (byte) length;
    m[at + 1] = (byte) (length >>> 8);
    m[at + 2] = (byte) length;
    m[at + 3] = (byte) (length >>> 8);
    putInt(m, at + 4, offset);
  }

  private static void putInt(byte[] m, int at, int v) {
    for (int i = 0; i < 4; i++) {
      m[at + i] = (byte) (v >>> (8 * i));
    }
  }

  private static void putLong(byte[] m, int at, long v) {
    for (int i = 0; i < 8; i++) {
      m[at + i] = (byte) (v >>> (8 * i));
    }
  }
}
