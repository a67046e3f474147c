package io.github.ntlmaffinity.wire;

import java.util.List;

/**
 * A decoded NTLM message. Decoded messages keep what a diagnostician needs and nothing that could
 * be cracked or replayed: LM/NT responses, NTProofStr, session keys and MIC are kept as lengths and
 * presence only, so {@code toString()} and any rendering of a message are safe to log.
 */
public sealed interface NtlmMessage
    permits NegotiateMessage, ChallengeMessage, AuthenticateMessage {

  /** Which of the three messages this is. */
  MessageType type();

  /** The NegotiateFlags bits; 0 for an old AUTHENTICATE whose header has no flags field. */
  int flags();

  /** The sender's OS version, or {@code null} when the message carries none. */
  OsVersion version();

  /** One line for a person, e.g. {@code AUTHENTICATE EXAMPLE\alice from WS01, NTLMv2, ...}. */
  String summary();

  /** Whether {@code flag} is set. */
  default boolean has(NegotiateFlag flag) {
    return flag.isSet(flags());
  }

  /** The names of the set flags, see {@link NegotiateFlag#names(int)}. */
  default List<String> flagNames() {
    return NegotiateFlag.names(flags());
  }
}
