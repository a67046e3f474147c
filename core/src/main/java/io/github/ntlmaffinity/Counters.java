package io.github.ntlmaffinity;

import io.github.ntlmaffinity.wire.AuthScheme;
import io.github.ntlmaffinity.wire.MessageType;
import java.util.Collections;
import java.util.EnumMap;
import java.util.Map;

/**
 * The tracker's counters at one moment. Counts are exact: every event is counted, whatever the rate
 * limits and buffers keep of it.
 *
 * @param messages NTLM messages seen, by type (CHALLENGEs as sent by this node)
 * @param messagesByScheme NTLM messages seen, by the header scheme that carried them
 * @param messagesByTypeAndScheme NTLM messages seen, by type and then by scheme: the two maps above
 *     broken down together (e.g. for metrics tagged with both)
 * @param findings findings reported, by type (every type present, zeros included)
 * @param handshakesStarted NEGOTIATEs that opened a handshake
 * @param handshakesSucceeded AUTHENTICATEs accepted
 * @param handshakesFailed AUTHENTICATEs refused
 * @param handshakesAbandoned CHALLENGEs that never got their AUTHENTICATE on their connection
 * @param otherMechanismTokens Negotiate tokens of another mechanism (Kerberos)
 * @param malformedTokens Authorization tokens that did not decode
 * @param connectionEvictions connections dropped from the table to stay within its cap
 * @param challengeEvictions open challenges dropped to stay within the cap
 * @param internalErrors failures inside the tracker or a sink (each logged once per kind)
 */
public record Counters(
    Map<MessageType, Long> messages,
    Map<AuthScheme, Long> messagesByScheme,
    Map<MessageType, Map<AuthScheme, Long>> messagesByTypeAndScheme,
    Map<FindingType, Long> findings,
    long handshakesStarted,
    long handshakesSucceeded,
    long handshakesFailed,
    long handshakesAbandoned,
    long otherMechanismTokens,
    long malformedTokens,
    long connectionEvictions,
    long challengeEvictions,
    long internalErrors) {

  public Counters {
    messages = Map.copyOf(messages);
    messagesByScheme = Map.copyOf(messagesByScheme);
    Map<MessageType, Map<AuthScheme, Long>> byTypeAndScheme = new EnumMap<>(MessageType.class);
    messagesByTypeAndScheme.forEach(
        (t, bySchemes) -> byTypeAndScheme.put(t, Map.copyOf(bySchemes)));
    messagesByTypeAndScheme = Collections.unmodifiableMap(byTypeAndScheme);
    findings = Map.copyOf(findings);
  }

  /** Messages of {@code type} seen. */
  public long messages(MessageType type) {
    return messages.getOrDefault(type, 0L);
  }

  /** Messages of {@code type} seen with the header scheme {@code scheme}. */
  public long messages(MessageType type, AuthScheme scheme) {
    Map<AuthScheme, Long> bySchemes = messagesByTypeAndScheme.get(type);
    return bySchemes == null ? 0L : bySchemes.getOrDefault(scheme, 0L);
  }

  /** Findings of {@code type} reported. */
  public long findings(FindingType type) {
    return findings.getOrDefault(type, 0L);
  }
}
