package io.github.ntlmaffinity;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/** Keeps every finding and handshake update delivered to it. Thread-safe. */
public final class RecordingSink implements Sink {
  private final List<Finding> findings = new ArrayList<>();
  private final List<Handshake> handshakes = new ArrayList<>();

  @Override
  public synchronized void onFinding(Finding finding) {
    findings.add(finding);
  }

  @Override
  public synchronized void onHandshake(Handshake handshake) {
    handshakes.add(handshake);
  }

  public synchronized List<Finding> findings() {
    return List.copyOf(findings);
  }

  public synchronized List<Handshake> handshakes() {
    return List.copyOf(handshakes);
  }

  /** How many findings of each type arrived; every type present, zeros included. */
  public synchronized Map<FindingType, Long> countByType() {
    Map<FindingType, Long> counts = new EnumMap<>(FindingType.class);
    for (FindingType t : FindingType.values()) {
      counts.put(t, 0L);
    }
    for (Finding f : findings) {
      counts.merge(f.type(), 1L, Long::sum);
    }
    return counts;
  }
}
