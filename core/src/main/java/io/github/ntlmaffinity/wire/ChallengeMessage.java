package io.github.ntlmaffinity.wire;

import java.util.HexFormat;

/**
 * CHALLENGE (Type-2, MS-NLMP 2.2.1.2): the server's answer to a NEGOTIATE, sent in a 401.
 *
 * @param flags the NegotiateFlags the server chose
 * @param targetName the server's target name (domain or server name), or {@code ""}
 * @param serverChallenge the 8-byte server challenge, big-endian: its hex digits read in wire order
 * @param targetInfo the TargetInfo AV pairs; {@link TargetInfo#EMPTY} in a legacy message without
 *     them
 * @param version the server's OS version, or {@code null}
 */
public record ChallengeMessage(
    int flags, String targetName, long serverChallenge, TargetInfo targetInfo, OsVersion version)
    implements NtlmMessage {

  @Override
  public MessageType type() {
    return MessageType.CHALLENGE;
  }

  /** The server challenge as 16 hex digits in wire order. */
  public String serverChallengeHex() {
    return HexFormat.of().toHexDigits(serverChallenge);
  }

  @Override
  public String summary() {
    StringBuilder s = Summaries.start("CHALLENGE");
    String issuer = targetInfo.nbComputerName();
    if (issuer != null) {
      s.append(" from ").append(issuer);
      String dns = targetInfo.dnsComputerName();
      if (dns != null) {
        s.append(" (").append(dns).append(')');
      }
    } else if (!targetName.isEmpty()) {
      s.append(" for target ").append(targetName);
    }
    Summaries.hex(s.append(", challenge "), serverChallenge);
    int end = s.length();
    if (!targetInfo.appendTimestamp(s.append(", issued at "))) {
      s.setLength(end);
      s.append(", no timestamp");
    }
    return Summaries.done(s);
  }
}
