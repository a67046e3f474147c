package io.github.ntlmaffinity.wire;

import java.util.List;

/**
 * What the SPNEGO layer of a Negotiate token said (RFC 4178 4.2), without the inner token.
 *
 * @param mechTypes the mechanism OIDs a NegTokenInit offers, preferred first; empty in a
 *     NegTokenResp
 * @param negState the NegTokenResp's negState, or {@code null} when absent or in a NegTokenInit
 * @param supportedMech the NegTokenResp's supportedMech OID, or {@code null}
 * @param mechListMic whether a mechListMIC is present (its bytes are not kept)
 */
public record SpnegoInfo(
    List<String> mechTypes, NegState negState, String supportedMech, boolean mechListMic) {

  public SpnegoInfo {
    mechTypes = List.copyOf(mechTypes);
  }

  /** The NegTokenResp negState values. */
  public enum NegState {
    ACCEPT_COMPLETED,
    ACCEPT_INCOMPLETE,
    REJECT,
    REQUEST_MIC
  }
}
