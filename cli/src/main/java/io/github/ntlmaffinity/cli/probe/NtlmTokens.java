package io.github.ntlmaffinity.cli.probe;

import java.io.IOException;
import java.security.GeneralSecurityException;
import java.util.Base64;
import java.util.Properties;
import jcifs.CIFSContext;
import jcifs.CIFSException;
import jcifs.config.PropertyConfiguration;
import jcifs.context.BaseContext;
import jcifs.ntlmssp.Type1Message;
import jcifs.ntlmssp.Type2Message;
import jcifs.ntlmssp.Type3Message;

/**
 * The probe's NTLM messages, made by jcifs-ng 2.1.10: a NEGOTIATE, and a real NTLMv2 AUTHENTICATE
 * computed from the CHALLENGE the balancer delivered. Tokens are sent and forgotten: never printed.
 */
final class NtlmTokens {
  /** The workstation name the probe's AUTHENTICATEs carry. */
  static final String WORKSTATION = "NTLM-PROBE";

  private static final CIFSContext CONTEXT = context();

  private NtlmTokens() {}

  /** A NEGOTIATE (Type-1), base64. */
  static String negotiate() {
    return Base64.getEncoder().encodeToString(new Type1Message(CONTEXT).toByteArray());
  }

  /**
   * An NTLMv2 AUTHENTICATE (Type-3) answering {@code challenge}, base64.
   *
   * @throws IOException when jcifs-ng cannot read the CHALLENGE
   */
  static String authenticate(byte[] challenge, Credentials credentials)
      throws IOException, GeneralSecurityException {
    try {
      byte[] type3 =
          new Type3Message(
                  CONTEXT,
                  new Type2Message(challenge),
                  null,
                  new String(credentials.password()),
                  credentials.domain(),
                  credentials.user(),
                  WORKSTATION,
                  0)
              .toByteArray();
      return Base64.getEncoder().encodeToString(type3);
    } catch (RuntimeException e) {
      throw new IOException("jcifs-ng could not answer this CHALLENGE", e);
    }
  }

  /** NTLMv2 only (LM compatibility 3), Unicode, a fixed host name so nothing asks the network. */
  private static CIFSContext context() {
    Properties p = new Properties();
    p.setProperty("jcifs.smb.lmCompatibility", "3");
    p.setProperty("jcifs.smb.client.useUnicode", "true");
    p.setProperty("jcifs.netbios.hostname", WORKSTATION);
    try {
      return new BaseContext(new PropertyConfiguration(p));
    } catch (CIFSException e) {
      throw new IllegalStateException("jcifs-ng refused its configuration", e);
    }
  }
}
