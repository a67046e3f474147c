package io.github.ntlmaffinity.wire;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Properties;
import jcifs.CIFSContext;
import jcifs.config.PropertyConfiguration;
import jcifs.context.BaseContext;
import jcifs.ntlmssp.NtlmFlags;
import jcifs.ntlmssp.Type1Message;
import jcifs.ntlmssp.Type2Message;
import jcifs.ntlmssp.Type3Message;
import jcifs.spnego.NegTokenInit;
import jcifs.spnego.NegTokenTarg;
import org.bouncycastle.asn1.ASN1ObjectIdentifier;

/**
 * NTLM messages made by jcifs-ng, an implementation we did not write: a Type-2 with TargetInfo
 * (Timestamp included, so the client adds MsvAvFlags and a MIC), NTLMv2 and NTLMv1 Type-3s, and the
 * same messages inside SPNEGO NegTokenInit / NegTokenTarg. The NTLMv2 responses hold a random
 * client challenge and the current time, so {@link RobustnessTest} mutates copies frozen in {@code
 * robustness-seeds.txt} (printed by {@link #main}) and runs only truncations on fresh ones.
 */
final class FuzzJcifsMessages {
  static final byte[] SERVER_CHALLENGE = {1, 35, 69, 103, (byte) 137, (byte) 171, (byte) 205, -17};

  private FuzzJcifsMessages() {}

  /** Header values by name, e.g. {@code type3-ntlmv2} to {@code NTLM TlRMTVNTUAADAAAA...}. */
  static Map<String, String> headers() {
    try {
      return build();
    } catch (Exception e) {
      throw new IllegalStateException("jcifs-ng could not build its messages", e);
    }
  }

  private static Map<String, String> build() throws Exception {
    CIFSContext v2 = context("3");
    CIFSContext v1 = context("1");
    ASN1ObjectIdentifier ntlmOid = new ASN1ObjectIdentifier(Mechanisms.NTLMSSP);

    Type1Message type1 = new Type1Message(v2);
    type1.setSuppliedDomain("EXAMPLE");
    type1.setSuppliedWorkstation("WS-JCIFS");
    type1.setFlag(NtlmFlags.NTLMSSP_NEGOTIATE_OEM_DOMAIN_SUPPLIED, true);
    type1.setFlag(NtlmFlags.NTLMSSP_NEGOTIATE_OEM_WORKSTATION_SUPPLIED, true);
    byte[] t1 = type1.toByteArray();

    Type2Message type2 = new Type2Message(v2, type1, SERVER_CHALLENGE.clone(), "EXAMPLE");
    type2.setFlag(NtlmFlags.NTLMSSP_NEGOTIATE_TARGET_INFO, true);
    type2.setTargetInformation(targetInfo());
    byte[] t2 = type2.toByteArray();

    Type3Message ntlmv2 =
        new Type3Message(
            v2, type2, null, "Passw0rd!", "EXAMPLE", "alice", "WS-JCIFS", type2.getFlags(), true);
    ntlmv2.setupMIC(t1, t2);
    byte[] t3v2 = ntlmv2.toByteArray();

    Type2Message legacy = new Type2Message(v1, type1, SERVER_CHALLENGE.clone(), "EXAMPLE");
    legacy.setFlag(NtlmFlags.NTLMSSP_NEGOTIATE_TARGET_INFO, false);
    legacy.setFlag(NtlmFlags.NTLMSSP_NEGOTIATE_EXTENDED_SESSIONSECURITY, false);
    legacy.setTargetInformation(null);
    Type3Message ntlmv1 =
        new Type3Message(
            v1, legacy, null, "Passw0rd!", "EXAMPLE", "alice", "WS-JCIFS", legacy.getFlags());
    byte[] t3v1 = ntlmv1.toByteArray();

    Map<String, String> headers = new LinkedHashMap<>();
    headers.put("type1", "NTLM " + b64(t1));
    headers.put("type2-targetinfo", "NTLM " + b64(t2));
    headers.put("type3-ntlmv2-mic", "NTLM " + b64(t3v2));
    headers.put("type2-legacy", "NTLM " + b64(legacy.toByteArray()));
    headers.put("type3-ntlmv1", "NTLM " + b64(t3v1));
    headers.put(
        "spnego-init-type1",
        "Negotiate "
            + b64(
                new NegTokenInit(new ASN1ObjectIdentifier[] {ntlmOid}, 0, t1, null).toByteArray()));
    headers.put(
        "spnego-targ-type2",
        "Negotiate "
            + b64(
                new NegTokenTarg(NegTokenTarg.ACCEPT_INCOMPLETE, ntlmOid, t2, null).toByteArray()));
    headers.put(
        "spnego-targ-type3",
        "Negotiate "
            + b64(
                new NegTokenTarg(NegTokenTarg.UNSPECIFIED_RESULT, null, t3v2, null).toByteArray()));
    return headers;
  }

  private static CIFSContext context(String lmCompatibility) throws Exception {
    Properties props = new Properties();
    props.setProperty("jcifs.smb.lmCompatibility", lmCompatibility);
    props.setProperty("jcifs.netbios.hostname", "WS-JCIFS");
    return new BaseContext(new PropertyConfiguration(props));
  }

  /** NbDomain, NbComputer, DnsDomain, DnsComputer, Timestamp, EOL: what a Windows server sends. */
  private static byte[] targetInfo() {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    text(out, AvPair.NB_DOMAIN_NAME, "EXAMPLE");
    text(out, AvPair.NB_COMPUTER_NAME, "NODE-J");
    text(out, AvPair.DNS_DOMAIN_NAME, "example.test");
    text(out, AvPair.DNS_COMPUTER_NAME, "node-j.example.test");
    header(out, AvPair.TIMESTAMP, 8);
    long fileTime = 0x01dd7c6012e027c0L;
    for (int i = 0; i < 8; i++) {
      out.write((int) (fileTime >>> (8 * i)));
    }
    header(out, AvPair.EOL, 0);
    return out.toByteArray();
  }

  private static void text(ByteArrayOutputStream out, int id, String value) {
    byte[] bytes = value.getBytes(StandardCharsets.UTF_16LE);
    header(out, id, bytes.length);
    out.writeBytes(bytes);
  }

  private static void header(ByteArrayOutputStream out, int id, int length) {
    out.write(id);
    out.write(id >>> 8);
    out.write(length);
    out.write(length >>> 8);
  }

  private static String b64(byte[] bytes) {
    return Base64.getEncoder().encodeToString(bytes);
  }

  /** Prints the messages as seed lines: {@code # jcifs-ng <name>} then the header value. */
  public static void main(String[] args) {
    headers()
        .forEach(
            (name, header) -> {
              System.out.println("# jcifs-ng 2.1.10: " + name);
              System.out.println(header);
            });
  }
}
