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
  private static final MessageType[] TYPES = MessageType.values();
  private static final AuthScheme[] SCHEMES = AuthScheme.values();

  /** Columns per message type: one per scheme, the last for a message that came without one. */
  private static final int COLUMNS = SCHEMES.length + 1;

  /**
   * Messages by type and scheme: one increment per message (each adder touched is a contended cache
   * line under load); the totals by type and by scheme are summed when read.
   */
  private final LongAdder[] typeAndScheme = adders(TYPES.length * COLUMNS);

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
    typeAndScheme[type.ordinal() * COLUMNS + (scheme == null ? SCHEMES.length : scheme.ordinal())]
        .increment();
  }

  public void finding(FindingType type) {
    findings[type.ordinal()].increment();
  }

  long findings(FindingType type) {
    return findings[type.ordinal()].sum();
  }

  long messages(MessageType type) {
    long n = 0;
    for (int c = 0; c < COLUMNS; c++) {
      n += typeAndScheme[type.ordinal() * COLUMNS + c].sum();
    }
    return n;
  }

  public Counters snapshot() {
    long[] counts = new long[typeAndScheme.length];
    for (int i = 0; i < counts.length; i++) {
      counts[i] = typeAndScheme[i].sum();
    }
    Map<MessageType, Long> m = new EnumMap<>(MessageType.class);
    Map<AuthScheme, Long> s = new EnumMap<>(AuthScheme.class);
    Map<MessageType, Map<AuthScheme, Long>> ts = new EnumMap<>(MessageType.class);
    for (AuthScheme scheme : SCHEMES) {
      s.put(scheme, 0L);
    }
    for (MessageType t : TYPES) {
      long total = 0;
      Map<AuthScheme, Long> bySchemes = new EnumMap<>(AuthScheme.class);
      for (int c = 0; c < COLUMNS; c++) {
        long n = counts[t.ordinal() * COLUMNS + c];
        total += n;
        if (c < SCHEMES.length) {
          bySchemes.put(SCHEMES[c], n);
          s.merge(SCHEMES[c], n, Long::sum);
        }
      }
      m.put(t, total);
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

  private static LongAdder[] adders(int n) {
    LongAdder[] a = new LongAdder[n];
    for (int i = 0; i < n; i++) {
      a[i] = new LongAdder();
    }
    return a;
  }
}
