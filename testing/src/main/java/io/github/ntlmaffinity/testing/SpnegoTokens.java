package io.github.ntlmaffinity.testing;

import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.List;

/**
 * Builds GSS-API and SPNEGO tokens in DER for {@code Negotiate} tests. Written from the ASN.1 of
 * RFC 2743 3.1 and RFC 4178 4.2:
 *
 * <pre>
 * InitialContextToken ::= [APPLICATION 0] IMPLICIT SEQUENCE {      -- 0x60
 *     thisMech          MechType,                                  -- OID 1.3.6.1.5.5.2 for SPNEGO
 *     innerContextToken ANY DEFINED BY thisMech }                  -- a NegotiationToken
 *
 * NegotiationToken ::= CHOICE {
 *     negTokenInit  [0] NegTokenInit,                              -- 0xa0
 *     negTokenResp  [1] NegTokenResp }                             -- 0xa1
 *
 * NegTokenInit ::= SEQUENCE {                                      -- 0x30
 *     mechTypes     [0] MechTypeList,                              -- 0xa0, SEQUENCE OF OID
 *     reqFlags      [1] ContextFlags  OPTIONAL,                    -- 0xa1, BIT STRING
 *     mechToken     [2] OCTET STRING  OPTIONAL,                    -- 0xa2
 *     mechListMIC   [3] OCTET STRING  OPTIONAL }                   -- 0xa3
 *
 * NegTokenResp ::= SEQUENCE {                                      -- 0x30
 *     negState      [0] ENUMERATED {                               -- 0xa0
 *         accept-completed (0), accept-incomplete (1), reject (2), request-mic (3) } OPTIONAL,
 *     supportedMech [1] MechType      OPTIONAL,                    -- 0xa1, OID
 *     responseToken [2] OCTET STRING  OPTIONAL,                    -- 0xa2
 *     mechListMIC   [3] OCTET STRING  OPTIONAL }                   -- 0xa3
 * </pre>
 *
 * A NegTokenInit travels inside an InitialContextToken (it is the first token of the context); a
 * NegTokenResp travels bare, starting with 0xa1 (RFC 4178 4.2, "the GSS-API framing is used only
 * for the initial token").
 */
public final class SpnegoTokens {

  /** SPNEGO, RFC 4178. */
  public static final String SPNEGO_OID = "1.3.6.1.5.5.2";

  /** NTLMSSP, MS-NLMP. */
  public static final String NTLMSSP_OID = "1.3.6.1.4.1.311.2.2.10";

  /** Kerberos V5, RFC 4121. */
  public static final String KERBEROS_OID = "1.2.840.113554.1.2.2";

  /** Kerberos V5 under Microsoft's legacy OID, which Windows lists first. */
  public static final String KERBEROS_MICROSOFT_OID = "1.2.840.48018.1.2.2";

  /** RFC 4178 negState values. */
  public static final int ACCEPT_COMPLETED = 0;

  public static final int ACCEPT_INCOMPLETE = 1;
  public static final int REJECT = 2;
  public static final int REQUEST_MIC = 3;

  private SpnegoTokens() {}

  /**
   * A GSS-API InitialContextToken carrying a NegTokenInit with {@code mechToken}, offering {@code
   * mechOids} in order: what a client sends first in {@code Authorization: Negotiate}.
   *
   * @param mechToken the first mechanism's initial token, or {@code null} for none
   */
  public static byte[] negTokenInit(byte[] mechToken, String... mechOids) {
    List<byte[]> fields = new ArrayList<>();
    fields.add(tlv(0xa0, mechTypeList(mechOids)));
    if (mechToken != null) {
      fields.add(tlv(0xa2, tlv(0x04, mechToken)));
    }
    byte[] init = tlv(0xa0, tlv(0x30, concat(fields)));
    return gssToken(SPNEGO_OID, init);
  }

  /**
   * A bare NegTokenResp (starting 0xa1): the server's answers and the client's later tokens.
   *
   * @param negState one of the negState constants, or {@code null} to leave it out
   * @param supportedMech an OID, or {@code null}
   * @param responseToken the inner token, or {@code null}
   * @param mechListMic the MIC bytes, or {@code null}
   */
  public static byte[] negTokenResp(
      Integer negState, String supportedMech, byte[] responseToken, byte[] mechListMic) {
    List<byte[]> fields = new ArrayList<>();
    if (negState != null) {
      fields.add(tlv(0xa0, tlv(0x0a, new byte[] {(byte) (int) negState})));
    }
    if (supportedMech != null) {
      fields.add(tlv(0xa1, oid(supportedMech)));
    }
    if (responseToken != null) {
      fields.add(tlv(0xa2, tlv(0x04, responseToken)));
    }
    if (mechListMic != null) {
      fields.add(tlv(0xa3, tlv(0x04, mechListMic)));
    }
    return tlv(0xa1, tlv(0x30, concat(fields)));
  }

  /** An RFC 2743 InitialContextToken: [APPLICATION 0] { thisMech, innerContextToken }. */
  public static byte[] gssToken(String mechOid, byte[] innerContextToken) {
    return tlv(0x60, concat(List.of(oid(mechOid), innerContextToken)));
  }

  /**
   * A Kerberos initial context token as a browser sends it (RFC 4121 4.1): the krb5 OID, TOK_ID
   * {@code 01 00} and an AP-REQ skeleton ([APPLICATION 14] { pvno 5, msg-type 14 }). Its content is
   * not valid Kerberos; only the framing matters to a decoder that just names the mechanism.
   */
  public static byte[] kerberosApReq() {
    byte[] apReq =
        tlv(
            0x6e,
            tlv(
                0x30,
                concat(
                    List.of(
                        tlv(0xa0, tlv(0x02, new byte[] {5})),
                        tlv(0xa1, tlv(0x02, new byte[] {14}))))));
    return gssToken(KERBEROS_OID, concat(List.of(new byte[] {0x01, 0x00}, apReq)));
  }

  /** A DER OBJECT IDENTIFIER (tag 0x06) for a dotted OID. */
  public static byte[] oid(String dotted) {
    String[] arcs = dotted.split("\\.");
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    base128(out, Long.parseLong(arcs[0]) * 40 + Long.parseLong(arcs[1]));
    for (int i = 2; i < arcs.length; i++) {
      base128(out, Long.parseLong(arcs[i]));
    }
    return tlv(0x06, out.toByteArray());
  }

  /** A DER element: one tag byte, a definite length (short or long form), the content. */
  public static byte[] tlv(int tag, byte[] content) {
    ByteArrayOutputStream out = new ByteArrayOutputStream(content.length + 6);
    out.write(tag);
    int length = content.length;
    if (length < 0x80) {
      out.write(length);
    } else {
      int bytes = length <= 0xff ? 1 : length <= 0xffff ? 2 : length <= 0xffffff ? 3 : 4;
      out.write(0x80 | bytes);
      for (int i = bytes - 1; i >= 0; i--) {
        out.write(length >>> (8 * i));
      }
    }
    out.writeBytes(content);
    return out.toByteArray();
  }

  private static byte[] mechTypeList(String... oids) {
    List<byte[]> encoded = new ArrayList<>();
    for (String oid : oids) {
      encoded.add(oid(oid));
    }
    return tlv(0x30, concat(encoded));
  }

  private static void base128(ByteArrayOutputStream out, long value) {
    int groups = 1;
    while (groups < 10 && (value >>> (7 * groups)) != 0) {
      groups++;
    }
    for (int i = groups - 1; i >= 0; i--) {
      int b = (int) ((value >>> (7 * i)) & 0x7f);
      out.write(i == 0 ? b : b | 0x80);
    }
  }

  private static byte[] concat(List<byte[]> parts) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    for (byte[] part : parts) {
      out.writeBytes(part);
    }
    return out.toByteArray();
  }
}
