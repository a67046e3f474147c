package io.github.ntlmaffinity.wire;

import java.util.EnumMap;
import java.util.Map;
import java.util.TreeMap;

/** Counts results by class and Malformed reason, to show what a run exercised. */
final class FuzzStats {
  private final Map<String, Long> byClass = new TreeMap<>();
  private final Map<MalformedReason, Long> byReason = new EnumMap<>(MalformedReason.class);
  private long total;

  void record(DecodeResult result) {
    total++;
    if (result instanceof DecodeResult.Malformed m) {
      byReason.merge(m.reason(), 1L, Long::sum);
    } else {
      String name =
          result instanceof DecodeResult.Ntlm n
              ? "Ntlm/" + n.message().type()
              : result.getClass().getSimpleName();
      byClass.merge(name, 1L, Long::sum);
    }
  }

  long total() {
    return total;
  }

  long count(MalformedReason reason) {
    return byReason.getOrDefault(reason, 0L);
  }

  long countDecoded() {
    return byClass.entrySet().stream()
        .filter(e -> e.getKey().startsWith("Ntlm/"))
        .mapToLong(Map.Entry::getValue)
        .sum();
  }

  long malformed() {
    return byReason.values().stream().mapToLong(Long::longValue).sum();
  }

  @Override
  public String toString() {
    StringBuilder s = new StringBuilder();
    s.append(total).append(" results; decoded ").append(byClass);
    s.append("; Malformed ").append(malformed()).append(' ').append(byReason);
    return s.toString();
  }
}
