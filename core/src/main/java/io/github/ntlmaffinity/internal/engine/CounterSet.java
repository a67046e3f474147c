package io.github.ntlmaffinity.internal.engine;

import io.github.ntlmaffinity.Counters;
import io.github.ntlmaffinity.FindingType;
import io.github.ntlmaffinity.wire.AuthScheme;
import io.github.ntlmaffinity.wire.MessageType;
import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.atomic.LongAdder;

/** The live, exact counters behind {@link Counters}. */
public final class CounterSet {
  private final LongAdder[] messages = adders(MessageType.values().length);
  private final LongAdder[] schemes = adders(AuthScheme.values().length);
  private final LongAdder[] typeAndScheme =
      adders(MessageType.values().length * AuthScheme.values().length);
  private final LongAdder[] findings = adders(FindingType.values().length);
  final LongAdder handshakesStarted = new LongAdder();
  final LongAdder handshakesSucceeded = new LongAdder();
  final LongAdder handshakesFailed = new LongAdder();
  final LongAdder handshakesAbandoned = new LongAdder();
  final LongAdder otherMechanismTokens = new LongAdder();
  final LongAdder malformedTokens = new LongAdder();
  final LongAdder connectionEvictions = new LongAdder();
  final LongAdder challengeEvictions = new LongAdder();
  public final LongAdder internalErrors = new LongAdder();

  void message(MessageType type, AuthScheme scheme) {
    messages[type.ordinal()].increment();
    if (scheme != null) {
      schemes[scheme.ordinal()].increment();
      typeAndScheme[index(type, scheme)].increment();
    }
  }

  public void finding(FindingType type) {
    findings[type.ordinal()].increment();
  }

  long findings(FindingType type) {
    return findings[type.ordinal()].sum();
  }

  long messages(MessageType type) {
    return messages[type.ordinal()].sum();
  }

  public Counters snapshot() {
    Map<MessageType, Long> m = new EnumMap<>(MessageType.class);
    for (MessageType t : MessageType.values()) {
      m.put(t, messages[t.ordinal()].sum());
    }
    Map<AuthScheme, Long> s = new EnumMap<>(AuthScheme.class);
    for (AuthScheme t : AuthScheme.values()) {
      s.put(t, schemes[t.ordinal()].sum());
    }
    Map<MessageType, Map<AuthScheme, Long>> ts = new EnumMap<>(MessageType.class);
    for (MessageType t : MessageType.values()) {
      Map<AuthScheme, Long> bySchemes = new EnumMap<>(AuthScheme.class);
      for (AuthScheme scheme : AuthScheme.values()) {
        bySchemes.put(scheme, typeAndScheme[index(t, scheme)].sum());
      }
      ts.put(t, bySchemes);
    }
    Map<FindingType, Long> f = new EnumMap<>(FindingType.class);
    for (FindingType t : FindingType.values()) {
      f.put(t, findings[t.ordinal()].sum());
    }
    return new Counters(
        m,
        s,
        ts,
        f,
        handshakesStarted.sum(),
        handshakesSucceeded.sum(),
        handshakesFailed.sum(),
        handshakesAbandoned.sum(),
        otherMechanismTokens.sum(),
        malformedTokens.sum(),
        connectionEvictions.sum(),
        challengeEvictions.sum(),
        internalErrors.sum());
  }

  private static int index(MessageType type, AuthScheme scheme) {
    return type.ordinal() * AuthScheme.values().length + scheme.ordinal();
  }

  private static LongAdder[] adders(int n) {
    LongAdder[] a = new LongAdder[n];
    for (int i = 0; i < n; i++) {
      a[i] = new LongAdder();
    }
    return a;
  }
}
