package io.github.ntlmaffinity.wire;

import java.util.Objects;

/**
 * AUTHENTICATE (Type-3, MS-NLMP 2.2.1.3): the client's answer to a CHALLENGE. Immutable and
 * thread-safe.
 *
 * <p>The secret parts are kept as lengths only: LM and NT responses, the NTProofStr, the encrypted
 * session key and the MIC (the decoder zeroes them in the bytes it keeps). For an NTLMv2 response
 * the blob's public part is decoded into {@link #ntlmv2()}: the AV pairs the client echoed from the
 * CHALLENGE tell which server issued the challenge this message answers ({@link
 * #challengeIssuer()}) and when ({@link #challengeTimestamp()}).
 *
 * <p>The decoder checks every field when it decodes the message; the three names are decoded from
 * the message's bytes when first asked for.
 */
public final class AuthenticateMessage implements NtlmMessage {
  private final int flags;
  private final byte[] buf;
  private final long domainField;
  private final long userField;
  private final long workstationField;
  private final boolean unicode;
  private final int lmResponseLength;
  private final int ntResponseLength;
  private final int sessionKeyLength;
  private final int headerLength;
  private final boolean micPresent;
  private final OsVersion version;
  private final ResponseKind responseKind;
  private final Ntlmv2Response ntlmv2;

  // Decoded on first use; a race decodes equal strings, either of which may be kept.
  private String domain;
  private String user;
  private String workstation;

  /**
   * A message the decoder has checked. The names are {@code buf[offset, offset + length)}, each
   * given as {@code offset << 32 | length}, of even length when {@code unicode}.
   */
  AuthenticateMessage(
      int flags,
      byte[] buf,
      long domainField,
      long userField,
      long workstationField,
      boolean unicode,
      int lmResponseLength,
      int ntResponseLength,
      int sessionKeyLength,
      int headerLength,
      boolean micPresent,
      OsVersion version,
      ResponseKind responseKind,
      Ntlmv2Response ntlmv2) {
    this.flags = flags;
    this.buf = buf;
    this.domainField = domainField;
    this.userField = userField;
    this.workstationField = workstationField;
    this.unicode = unicode;
    this.lmResponseLength = lmResponseLength;
    this.ntResponseLength = ntResponseLength;
    this.sessionKeyLength = sessionKeyLength;
    this.headerLength = headerLength;
    this.micPresent = micPresent;
    this.version = version;
    this.responseKind = responseKind;
    this.ntlmv2 = ntlmv2;
  }

  /** The NegotiateFlags; 0 when the header is too old to carry them. */
  @Override
  public int flags() {
    return flags;
  }

  /** The user's domain, or {@code ""}. */
  public String domain() {
    String s = domain;
    if (s == null) {
      s = name(domainField);
      domain = s;
    }
    return s;
  }

  /** The user name, or {@code ""} for anonymous. */
  public String user() {
    String s = user;
    if (s == null) {
      s = name(userField);
      user = s;
    }
    return s;
  }

  /** The client's workstation name, or {@code ""}. */
  public String workstation() {
    String s = workstation;
    if (s == null) {
      s = name(workstationField);
      workstation = s;
    }
    return s;
  }

  /** Whether the strings were UTF-16LE (else OEM). */
  public boolean unicode() {
    return unicode;
  }

  /** The LmChallengeResponse length. */
  public int lmResponseLength() {
    return lmResponseLength;
  }

  /** The NtChallengeResponse length. */
  public int ntResponseLength() {
    return ntResponseLength;
  }

  /** The EncryptedRandomSessionKey length. */
  public int sessionKeyLength() {
    return sessionKeyLength;
  }

  /**
   * The length of the fixed header: 52, 60 or 64 (no Version, no MIC), 72 (Version) or 88 (Version
   * and MIC), read from the lowest payload offset.
   */
  public int headerLength() {
    return headerLength;
  }

  /** Whether the header has room for a MIC (by layout, not by MsvAvFlags). */
  public boolean micPresent() {
    return micPresent;
  }

  /** The client's OS version, or {@code null}. */
  public OsVersion version() {
    return version;
  }

  /** NTLMv2, NTLMv1, ... */
  public ResponseKind responseKind() {
    return responseKind;
  }

  /** The NTLMv2 blob's public part, or {@code null} for other kinds. */
  public Ntlmv2Response ntlmv2() {
    return ntlmv2;
  }

  @Override
  public MessageType type() {
    return MessageType.AUTHENTICATE;
  }

  /** Whether this is an anonymous authentication. */
  public boolean isAnonymous() {
    return responseKind == ResponseKind.ANONYMOUS;
  }

  /** {@code DOMAIN\\user}, or just the user when no domain was sent. */
  public String qualifiedUser() {
    String d = domain();
    return d.isEmpty() ? user() : d + '\\' + user();
  }

  /** The echoed targetinfo of an NTLMv2 response, or {@link TargetInfo#EMPTY}. */
  public TargetInfo echoedTargetInfo() {
    return ntlmv2 == null ? TargetInfo.EMPTY : ntlmv2.avPairs();
  }

  /**
   * The NetBIOS name of the server whose challenge this message answers (echoed
   * MsvAvNbComputerName), or {@code null} when the response carries none (NTLMv1, LM, anonymous).
   */
  public String challengeIssuer() {
    return echoedTargetInfo().nbComputerName();
  }

  /**
   * The server's FILETIME of the challenge this message answers (echoed MsvAvTimestamp), or {@code
   * null}. Every NTLMv2 client copies it exactly: it is the key that ties this message to the
   * CHALLENGE it answers.
   */
  public Long challengeTimestamp() {
    return echoedTargetInfo().timestamp();
  }

  /** Whether the client flagged a MIC in MsvAvFlags (Samba sends a MIC without flagging it). */
  public boolean micFlagged() {
    Integer avFlags = echoedTargetInfo().flags();
    return avFlags != null && (avFlags & AvPair.Flags.MIC_PRESENT) != 0;
  }

  @Override
  public String summary() {
    StringBuilder s = Summaries.start("AUTHENTICATE ");
    if (isAnonymous() && user().isEmpty()) {
      s.append("anonymous");
    } else {
      String d = domain();
      if (!d.isEmpty()) {
        s.append(d).append('\\');
      }
      s.append(user());
    }
    if (!workstation().isEmpty()) {
      s.append(" from ").append(workstation());
    }
    s.append(", ").append(responseKind.label());
    TargetInfo echoed = echoedTargetInfo();
    String issuer = echoed.nbComputerName();
    int end = s.length();
    s.append(", answers a challenge issued");
    if (issuer != null) {
      s.append(" by ").append(issuer);
    }
    int beforeTime = s.length();
    if (!echoed.appendTimestamp(s.append(" at "))) {
      s.setLength(beforeTime);
      if (issuer == null) {
        s.setLength(end);
        s.append(", names no challenge issuer");
      }
    }
    return Summaries.done(s);
  }

  /** Equal when every component is: the same names, lengths, flags and NTLMv2 blob. */
  @Override
  public boolean equals(Object o) {
    return o == this
        || o instanceof AuthenticateMessage m
            && flags == m.flags
            && unicode == m.unicode
            && lmResponseLength == m.lmResponseLength
            && ntResponseLength == m.ntResponseLength
            && sessionKeyLength == m.sessionKeyLength
            && headerLength == m.headerLength
            && micPresent == m.micPresent
            && responseKind == m.responseKind
            && domain().equals(m.domain())
            && user().equals(m.user())
            && workstation().equals(m.workstation())
            && Objects.equals(version, m.version)
            && Objects.equals(ntlmv2, m.ntlmv2);
  }

  @Override
  public int hashCode() {
    return Objects.hash(
        flags,
        domain(),
        user(),
        workstation(),
        unicode,
        lmResponseLength,
        ntResponseLength,
        sessionKeyLength,
        headerLength,
        micPresent,
        version,
        responseKind,
        ntlmv2);
  }

  /** The components, as a record would show them; no secret is kept to show. */
  @Override
  public String toString() {
    return "AuthenticateMessage[flags="
        + flags
        + ", domain="
        + domain()
        + ", user="
        + user()
        + ", workstation="
        + workstation()
        + ", unicode="
        + unicode
        + ", lmResponseLength="
        + lmResponseLength
        + ", ntResponseLength="
        + ntResponseLength
        + ", sessionKeyLength="
        + sessionKeyLength
        + ", headerLength="
        + headerLength
        + ", micPresent="
        + micPresent
        + ", version="
        + version
        + ", responseKind="
        + responseKind
        + ", ntlmv2="
        + ntlmv2
        + "]";
  }

  /** The name in {@code field}, which holds its offset from the start of {@link #buf}. */
  private String name(long field) {
    return NtlmParser.string(buf, 0, field, unicode);
  }
}
