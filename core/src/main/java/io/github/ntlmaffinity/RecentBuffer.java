package io.github.ntlmaffinity;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The recent findings and handshakes kept for the diagnostics view, in fixed-size buffers. */
final class RecentBuffer implements Sink {
  private final int maxFindings;
  private final int maxHandshakes;
  private final ArrayDeque<Finding> findings;
  private final LinkedHashMap<String, Handshake> handshakes;

  RecentBuffer(int maxFindings, int maxHandshakes) {
    this.maxFindings = maxFindings;
    this.maxHandshakes = maxHandshakes;
    this.findings = new ArrayDeque<>(Math.min(maxFindings, 1024));
    this.handshakes =
        new LinkedHashMap<>(16, 0.75f, false) {
          private static final long serialVersionUID = 1L;

          @Override
          protected boolean removeEldestEntry(Map.Entry<String, Handshake> eldest) {
            return size() > RecentBuffer.this.maxHandshakes;
          }
        };
  }

  @Override
  public synchronized void onFinding(Finding finding) {
    if (maxFindings == 0) {
      return;
    }
    if (findings.size() == maxFindings) {
      findings.pollFirst();
    }
    findings.addLast(finding);
  }

  @Override
  public synchronized void onHandshake(Handshake handshake) {
    if (maxHandshakes > 0) {
      handshakes.put(handshake.id(), handshake);
    }
  }

  /** Recent findings, newest first. */
  synchronized List<Finding> findings() {
    List<Finding> out = new ArrayList<>(findings.size());
    findings.descendingIterator().forEachRemaining(out::add);
    return out;
  }

  /** Recent handshakes, newest first. */
  synchronized List<Handshake> handshakes() {
    List<Handshake> out = new ArrayList<>(handshakes.values());
    java.util.Collections.reverse(out);
    return out;
  }
}
