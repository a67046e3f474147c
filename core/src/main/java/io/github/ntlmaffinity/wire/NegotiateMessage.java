package io.github.ntlmaffinity.wire;

/**
 * NEGOTIATE (Type-1, MS-NLMP 2.2.1.1): the client opens a handshake.
 *
 * @param flags the NegotiateFlags
 * @param domain the OEM domain name the client supplied, or {@code ""}
 * @param workstation the OEM workstation name the client supplied, or {@code ""}
 * @param version the client's OS version, or {@code null}
 */
public record NegotiateMessage(int flags, String domain, String workstation, OsVersion version)
    implements NtlmMessage {

  @Override
  public MessageType type() {
    return MessageType.NEGOTIATE;
  }

  @Override
  public String summary() {
    StringBuilder s = Summaries.start("NEGOTIATE");
    if (!workstation.isEmpty()) {
      s.append(" from ").append(workstation);
    }
    if (!domain.isEmpty()) {
      s.append(" in domain ").append(domain);
    }
    s.append(has(NegotiateFlag.NEGOTIATE_UNICODE) ? ", Unicode" : ", OEM only");
    if (has(NegotiateFlag.NEGOTIATE_EXTENDED_SESSIONSECURITY)) {
      s.append(", extended session security");
    }
    if (version != null) {
      s.append(", Windows ").append(version.major()).append('.').append(version.minor());
      s.append('.').append(version.build());
    }
    return Summaries.done(s);
  }
}
