package io.github.ntlmaffinity.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.security.GeneralSecurityException;
import java.util.Base64;
import java.util.Map;
import java.util.Properties;
import jcifs.CIFSContext;
import jcifs.CIFSException;
import jcifs.config.PropertyConfiguration;
import jcifs.context.BaseContext;
import jcifs.ntlmssp.NtlmFlags;
import jcifs.ntlmssp.Type1Message;
import jcifs.ntlmssp.Type2Message;
import jcifs.ntlmssp.Type3Message;

/**
 * NTLM messages made by a real implementation we did not write: jcifs-ng's {@code Type1Message},
 * {@code Type2Message} and {@code Type3Message}. Each instance holds its own jcifs-ng context, so
 * tests with different settings do not interfere.
 *
 * <pre>{@code
 * NtlmTestMessages jcifs = NtlmTestMessages.create();           // NTLMv2, Unicode
 * byte[] type1 = jcifs.negotiate();
 * byte[] type2 = jcifs.challenge(ServerIdentity.NODE_A, challenge, fileTime);
 * byte[] type3 = jcifs.authenticate(type2, "EXAMPLE", "alice", "Passw0rd!", "WS01");
 * request.header("Authorization", NtlmTestMessages.ntlmHeader(type3));
 * }</pre>
 *
 * <p>What jcifs-ng 2.1.10 does that a test should know:
 *
 * <ul>
 *   <li>With {@code jcifs.smb.lmCompatibility} 3 to 5 it answers with NTLMv2 and copies the
 *       CHALLENGE's TargetInfo into the blob, keeping the server's MsvAvTimestamp (also as the
 *       blob's own timestamp) and adding MsvAvSingleHost (48 bytes) and MsvAvChannelBindings (16
 *       zero bytes), plus MsvAvTargetName when a target SPN is given. Its LMv2 response is 24 zero
 *       bytes when the server sent a timestamp.
 *   <li>With 0 and 1 it answers with NTLMv1, or with the NTLM2 session response when the Type-3's
 *       own flags have EXTENDED_SESSIONSECURITY (it does not take that flag from the CHALLENGE);
 *       with 2 it sends the NTLMv1 response twice.
 *   <li>A Type-3 carries a MIC (header of 88 bytes, MsvAvFlags 0x2) when its flags ask for signing
 *       and the server sent a timestamp.
 *   <li>A Type-1 carries either a Version (NEGOTIATE_VERSION) or the supplied names, never both. A
 *       CHALLENGE header is never shorter than 48 bytes (56 with NEGOTIATE_VERSION): the legacy 32-
 *       and 40-byte layouts must be typed by hand.
 *   <li>OEM strings are written in code page 850; Type-1 names and OEM Type-3 user and workstation
 *       are upper-cased.
 * </ul>
 */
public final class NtlmTestMessages {

  /** The corpus' test-only credentials. */
  public static final String DOMAIN = "EXAMPLE";

  public static final String USER = "alice";
  public static final String PASSWORD = "Passw0rd!";
  public static final String WORKSTATION = "WS01";

  /**
   * The flags of a modern server's CHALLENGE: Unicode, request target, NTLM, always sign, target
   * type domain, extended session security, target info, 128- and 56-bit.
   */
  public static final int CHALLENGE_FLAGS =
      NtlmFlags.NTLMSSP_NEGOTIATE_UNICODE
          | NtlmFlags.NTLMSSP_REQUEST_TARGET
          | NtlmFlags.NTLMSSP_NEGOTIATE_NTLM
          | NtlmFlags.NTLMSSP_NEGOTIATE_ALWAYS_SIGN
          | NtlmFlags.NTLMSSP_TARGET_TYPE_DOMAIN
          | NtlmFlags.NTLMSSP_NEGOTIATE_EXTENDED_SESSIONSECURITY
          | NtlmFlags.NTLMSSP_NEGOTIATE_TARGET_INFO
          | NtlmFlags.NTLMSSP_NEGOTIATE_128
          | NtlmFlags.NTLMSSP_NEGOTIATE_56;

  private final CIFSContext context;

  private NtlmTestMessages(CIFSContext context) {
    this.context = context;
  }

  /** NTLMv2 ({@code jcifs.smb.lmCompatibility=3}), Unicode. */
  public static NtlmTestMessages create() {
    return create(Map.of());
  }

  /** NTLMv2 with the given LM compatibility level: 0 to 2 answer NTLMv1, 3 to 5 NTLMv2. */
  public static NtlmTestMessages lmCompatibility(int level) {
    return create(Map.of("jcifs.smb.lmCompatibility", Integer.toString(level)));
  }

  /**
   * A context with jcifs-ng properties over the defaults ({@code jcifs.smb.lmCompatibility=3},
   * {@code jcifs.smb.client.useUnicode=true}, domain {@link #DOMAIN}, NetBIOS host name {@link
   * #WORKSTATION}, so that nothing asks the network for a host name).
   */
  public static NtlmTestMessages create(Map<String, String> properties) {
    Properties p = new Properties();
    p.setProperty("jcifs.smb.lmCompatibility", "3");
    p.setProperty("jcifs.smb.client.useUnicode", "true");
    p.setProperty("jcifs.smb.client.domain", DOMAIN);
    p.setProperty("jcifs.netbios.hostname", WORKSTATION);
    p.putAll(properties);
    try {
      return new NtlmTestMessages(new BaseContext(new PropertyConfiguration(p)));
    } catch (CIFSException e) {
      throw new IllegalArgumentException("bad jcifs-ng properties " + properties, e);
    }
  }

  /** The jcifs-ng context, for tests that call jcifs-ng directly. */
  public CIFSContext context() {
    return context;
  }

  // ---- Type-1 -----------------------------------------------------------------------------

  /**
   * A Type-1 with jcifs-ng's default flags (NTLM, Version, Unicode or OEM as configured) and no
   * names: 40 bytes, with jcifs-ng's Version 6.1.0.
   */
  public byte[] negotiate() {
    return new Type1Message(context).toByteArray();
  }

  /**
   * A Type-1 with exactly {@code flags}. jcifs-ng 2.1.10 writes the supplied names only when
   * NEGOTIATE_VERSION is not set (a 32-byte header then the names, with the OEM_*_SUPPLIED flags
   * set for it); with NEGOTIATE_VERSION it writes the Version and no names.
   *
   * @param domain the OEM domain to supply, or {@code null}; jcifs-ng upper-cases it
   * @param workstation the OEM workstation to supply, or {@code null}; jcifs-ng upper-cases it
   */
  public byte[] negotiate(int flags, String domain, String workstation) {
    Type1Message type1 = new Type1Message(context, flags, domain, workstation);
    type1.setFlags(flags);
    return type1.toByteArray();
  }

  // ---- Type-2 -----------------------------------------------------------------------------

  /**
   * A modern CHALLENGE from {@code server}: {@link #CHALLENGE_FLAGS}, target name = the NetBIOS
   * domain, and a TargetInfo with the server's names and {@code fileTime} as MsvAvTimestamp.
   *
   * @param serverChallenge 8 bytes
   * @param fileTime the MsvAvTimestamp
   */
  public byte[] challenge(ServerIdentity server, byte[] serverChallenge, long fileTime) {
    return challenge(
        CHALLENGE_FLAGS, server.nbDomainName(), serverChallenge, server.targetInfo(fileTime));
  }

  /**
   * A CHALLENGE exactly as asked. jcifs-ng drops REQUEST_TARGET when {@code targetName} is empty,
   * adds TARGET_INFO when {@code targetInfo} is given, and writes a Version when {@code flags} has
   * NEGOTIATE_VERSION.
   *
   * @param targetInfo an AV pair list (see {@link TargetInfoBuilder}), or {@code null} for the
   *     legacy layout without TargetInfo
   */
  public byte[] challenge(int flags, String targetName, byte[] serverChallenge, byte[] targetInfo) {
    if (serverChallenge.length != 8) {
      throw new IllegalArgumentException(
          "server challenge of " + serverChallenge.length + " bytes");
    }
    // target == null keeps jcifs-ng from building its own TargetInfo from the local host name.
    Type2Message type2 = new Type2Message(context, flags, serverChallenge.clone(), null);
    type2.setTarget(targetName);
    type2.setTargetInformation(targetInfo == null ? null : targetInfo.clone());
    try {
      return type2.toByteArray();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  // ---- Type-3 -----------------------------------------------------------------------------

  /** An AUTHENTICATE answering {@code type2} with jcifs-ng's default flags and no target SPN. */
  public byte[] authenticate(
      byte[] type2, String domain, String user, String password, String workstation) {
    return answer(type2).credentials(domain, user, password).workstation(workstation).build();
  }

  /**
   * Starts an AUTHENTICATE answering the CHALLENGE {@code type2}, computed by jcifs-ng's client
   * with the corpus credentials and {@link #WORKSTATION} unless told otherwise.
   */
  public Authenticate answer(byte[] type2) {
    return new Authenticate(type2);
  }

  /**
   * A whole handshake from jcifs-ng's client and a CHALLENGE from {@code server}, with the corpus
   * credentials and {@link #WORKSTATION}.
   */
  public Handshake handshake(ServerIdentity server, byte[] serverChallenge, long fileTime) {
    byte[] type1 = negotiate();
    byte[] type2 = challenge(server, serverChallenge, fileTime);
    byte[] type3 = authenticate(type2, DOMAIN, USER, PASSWORD, WORKSTATION);
    return new Handshake(type1, type2, type3);
  }

  // ---- headers ----------------------------------------------------------------------------

  /** {@code NTLM <base64>}. */
  public static String ntlmHeader(byte[] token) {
    return header("NTLM", token);
  }

  /** {@code Negotiate <base64>}. */
  public static String negotiateHeader(byte[] token) {
    return header("Negotiate", token);
  }

  /** {@code <scheme> <base64>}, standard padded base64 as HTTP authentication uses it. */
  public static String header(String scheme, byte[] token) {
    return scheme + ' ' + Base64.getEncoder().encodeToString(token);
  }

  /**
   * An AUTHENTICATE being made. jcifs-ng's flags are NTLM, Version and Unicode or OEM (as the
   * CHALLENGE says) plus {@link #addFlags}, minus {@link #removeFlags}.
   */
  public final class Authenticate {
    private final byte[] type2;
    private String domain = DOMAIN;
    private String user = USER;
    private String password = PASSWORD;
    private String workstation = WORKSTATION;
    private String targetSpn;
    private int addFlags;
    private int removeFlags;
    private byte[] micType1;

    private Authenticate(byte[] type2) {
      this.type2 = type2.clone();
    }

    /** Domain, user and password; a password of {@code ""} gives an anonymous message. */
    public Authenticate credentials(String domain, String user, String password) {
      this.domain = domain;
      this.user = user;
      this.password = password;
      return this;
    }

    /** The workstation name, or {@code null} for none. */
    public Authenticate workstation(String workstation) {
      this.workstation = workstation;
      return this;
    }

    /** The MsvAvTargetName (SPN) an NTLMv2 client adds, e.g. {@code HTTP/web.example.test}. */
    public Authenticate targetSpn(String targetSpn) {
      this.targetSpn = targetSpn;
      return this;
    }

    /**
     * Flags to add. NEGOTIATE_SIGN makes jcifs-ng reserve a MIC (header of 88 bytes, MsvAvFlags
     * 0x2) when the CHALLENGE has a timestamp; EXTENDED_SESSIONSECURITY makes LM compatibility 0
     * and 1 send the NTLM2 session response.
     */
    public Authenticate addFlags(int flags) {
      this.addFlags |= flags;
      return this;
    }

    /** Flags to remove after jcifs-ng computed the responses, e.g. NEGOTIATE_VERSION. */
    public Authenticate removeFlags(int flags) {
      this.removeFlags |= flags;
      return this;
    }

    /** Computes a real MIC over {@code type1}, the CHALLENGE and this message. */
    public Authenticate mic(byte[] type1) {
      this.micType1 = type1.clone();
      return this;
    }

    /** The message's bytes. */
    public byte[] build() {
      try {
        Type3Message type3 =
            new Type3Message(
                context,
                new Type2Message(type2),
                targetSpn,
                password,
                domain,
                user,
                workstation,
                addFlags);
        type3.setFlags(type3.getFlags() & ~removeFlags);
        if (micType1 != null) {
          type3.setupMIC(micType1, type2);
        }
        return type3.toByteArray();
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      } catch (GeneralSecurityException e) {
        throw new IllegalStateException("jcifs-ng could not compute the responses", e);
      }
    }
  }

  /**
   * The three messages of one login, as raw tokens.
   *
   * @param type1 NEGOTIATE
   * @param type2 CHALLENGE
   * @param type3 AUTHENTICATE
   */
  public record Handshake(byte[] type1, byte[] type2, byte[] type3) {

    /** The three {@code NTLM <base64>} header values in order. */
    public String[] ntlmHeaders() {
      return new String[] {ntlmHeader(type1), ntlmHeader(type2), ntlmHeader(type3)};
    }
  }
}
