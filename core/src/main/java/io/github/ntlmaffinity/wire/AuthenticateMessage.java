package io.github.ntlmaffinity.wire;

import java.time.Instant;
import java.time.temporal.ChronoUnit;

/**
 * AUTHENTICATE (Type-3, MS-NLMP 2.2.1.3): the client's answer to a CHALLENGE.
 *
 * <p>The secret parts are kept as lengths only: LM and NT responses, the NTProofStr, the encrypted
 * session key and the MIC. For an NTLMv2 response the blob's public part is decoded into {@link
 * #ntlmv2()}: the AV pairs the client echoed from the CHALLENGE tell which server issued the
 * challenge this message answers ({@link #challengeIssuer()}) and when ({@link
 * #challengeTimestamp()}).
 *
 * @param flags the NegotiateFlags; 0 when the header is too old to carry them
 * @param domain the user's domain, or {@code ""}
 * @param user the user name, or {@code ""} for anonymous
 * @param workstation the client's workstation name, or {@code ""}
 * @param unicode whether the strings were UTF-16LE (else OEM)
 * @param lmResponseLength the LmChallengeResponse length
 * @param ntResponseLength the NtChallengeResponse length
 * @param sessionKeyLength the EncryptedRandomSessionKey length
 * @param headerLength the length of the fixed header: 52, 60 or 64 (no Version, no MIC), 72
 *     (Version) or 88 (Version and MIC), read from the lowest payload offset
 * @param micPresent whether the header has room for a MIC (by layout, not by MsvAvFlags)
 * @param version the client's OS version, or {@code null}
 * @param responseKind NTLMv2, NTLMv1, ...
 * @param ntlmv2 the NTLMv2 blob's public part, or {@code null} for other kinds
 */
public record AuthenticateMessage(
    int flags,
    String domain,
    String user,
    String workstation,
    boolean unicode,
    int lmResponseLength,
    int ntResponseLength,
    int sessionKeyLength,
    int headerLength,
    boolean micPresent,
    OsVersion version,
    ResponseKind responseKind,
    Ntlmv2Response ntlmv2)
    implements NtlmMessage {

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
    return domain.isEmpty() ? user : domain + '\\' + user;
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
    StringBuilder s = new StringBuilder("AUTHENTICATE ");
    s.append(isAnonymous() && user.isEmpty() ? "anonymous" : qualifiedUser());
    if (!workstation.isEmpty()) {
      s.append(" from ").append(workstation);
    }
    s.append(", ").append(responseKind.label());
    String issuer = challengeIssuer();
    Instant issued = echoedTargetInfo().timestampInstant();
    if (issuer != null || issued != null) {
      s.append(", answers a challenge issued");
      if (issuer != null) {
        s.append(" by ").append(issuer);
      }
      if (issued != null) {
        s.append(" at ").append(issued.truncatedTo(ChronoUnit.SECONDS));
      }
    } else {
      s.append(", names no challenge issuer");
    }
    return s.toString();
  }
}
