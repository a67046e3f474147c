package io.github.ntlmaffinity.internal.publish;

import io.github.ntlmaffinity.Finding;
import io.github.ntlmaffinity.Handshake;
import io.github.ntlmaffinity.Sink;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The recent findings and handshakes kept for the diagnostics view, in fixed-size buffers. */
public final class RecentBuffer implements Sink {
  private final int maxFindings;
  private final int maxHandshakes;
  private final ArrayDeque<Finding> findings;
  private final LinkedHashMap<String, Handshake> handshakes;
  private long droppedUpTo;

  public RecentBuffer(int maxFindings, int maxHandshakes) {
    this.maxFindings = maxFindings;
    this.maxHandshakes = maxHandshakes;
    this.findings = new ArrayDeque<>(Math.min(maxFindings, 1024));
    this.handshakes =
        new LinkedHashMap<>(16, 0.75f, false) {
          private static final long serialVersionUID = 1L;

          @Override
          protected boolean removeEldestEntry(Map.Entry<String, Handshake> eldest) {
            if (size() > RecentBuffer.this.maxHandshakes) {
              dropped(eldest.getValue().sequence());
              return true;
            }
            return false;
          }
        };
  }

  @Override
  public synchronized void onFinding(Finding finding) {
    if (maxFindings == 0) {
      dropped(finding.sequence());
      return;
    }
    if (findings.size() == maxFindings) {
      dropped(findings.pollFirst().sequence());
    }
    findings.addLast(finding);
  }

  @Override
  public synchronized void onHandshake(Handshake handshake) {
    if (maxHandshakes > 0) {
      handshakes.put(handshake.id(), handshake);
    } else {
      dropped(handshake.sequence());
    }
  }

  private void dropped(long sequence) {
    droppedUpTo = Math.max(droppedUpTo, sequence);
  }

  /** The highest number of a finding or handshake version no longer kept; 0 when none. */
  public synchronized long droppedUpTo() {
    return droppedUpTo;
  }

  /** Recent findings, newest first. */
  public synchronized List<Finding> findings() {
    List<Finding> out = new ArrayList<>(findings.size());
    findings.descendingIterator().forEachRemaining(out::add);
    return out;
  }

  /** Recent handshakes, newest first. */
  public synchronized List<Handshake> handshakes() {
    List<Handshake> out = new ArrayList<>(handshakes.values());
    java.util.Collections.reverse(out);
    return out;
  }
}
