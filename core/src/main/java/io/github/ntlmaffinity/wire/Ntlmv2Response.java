package io.github.ntlmaffinity.wire;

import java.time.Instant;
import java.util.HexFormat;

/**
 * The public part of an NTLMv2 response (MS-NLMP 2.2.2.7, NTLMv2_CLIENT_CHALLENGE): what follows
 * the 16-byte NTProofStr, which is not kept.
 *
 * @param respType RespType, 1 for every known client
 * @param hiRespType HiRespType, 1 for every known client
 * @param clientTimestamp the client's FILETIME; the client's clock for many clients, so never a
 *     correlation key (the echoed server timestamp is, see {@link TargetInfo#timestamp()})
 * @param clientChallenge the 8-byte client nonce, big-endian
 * @param avPairs the AV pairs the client copied from the CHALLENGE plus its own
 */
public record Ntlmv2Response(
    int respType, int hiRespType, long clientTimestamp, long clientChallenge, TargetInfo avPairs) {

  /** The client timestamp as an instant. */
  public Instant clientTimestampInstant() {
    return FileTime.toInstant(clientTimestamp);
  }

  /** The client challenge as 16 hex digits in wire order. */
  public String clientChallengeHex() {
    return HexFormat.of().toHexDigits(clientChallenge);
  }
}
