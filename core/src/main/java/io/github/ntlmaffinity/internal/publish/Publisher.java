package io.github.ntlmaffinity.internal.publish;

import io.github.ntlmaffinity.Finding;
import io.github.ntlmaffinity.Handshake;
import io.github.ntlmaffinity.Sink;
import io.github.ntlmaffinity.internal.OnceLogger;
import io.github.ntlmaffinity.internal.engine.CounterSet;
import java.util.List;

/**
 * Counts, numbers and delivers findings, then handshake updates, to the sinks. Numbering and
 * delivery happen together under the publisher's own lock (never the tracker's), so every sink sees
 * the numbers in increasing order and a reader of the recent buffer never misses a lower number
 * that arrives late. A sink that throws is counted as an internal error and logged once per kind.
 */
public final class Publisher {
  private final Sink sink;
  private final CounterSet counters;
  private final OnceLogger failures;
  private final Object lock = new Object();
  private long sequence;

  public Publisher(List<Sink> sinks, CounterSet counters, OnceLogger failures) {
    this.counters = counters;
    this.failures = failures;
    this.sink = new CompositeSink(sinks, this::internalError);
  }

  public void publish(List<Finding> found, List<Handshake> changed) {
    if (found.isEmpty() && changed.isEmpty()) {
      return;
    }
    synchronized (lock) {
      for (int i = 0; i < found.size(); i++) {
        Finding f = found.get(i);
        counters.finding(f.type());
        try {
          sink.onFinding(numbered(f, ++sequence));
        } catch (RuntimeException | LinkageError e) {
          internalError("sink", e);
        }
      }
      for (int i = 0; i < changed.size(); i++) {
        try {
          sink.onHandshake(numbered(changed.get(i), ++sequence));
        } catch (RuntimeException | LinkageError e) {
          internalError("sink", e);
        }
      }
    }
  }

  /** The last number given to a finding or handshake version; 0 before any. */
  public long sequence() {
    synchronized (lock) {
      return sequence;
    }
  }

  public void internalError(String where, Throwable e) {
    counters.internalErrors.increment();
    failures.warn(where, e);
  }

  private static Finding numbered(Finding f, long n) {
    return new Finding(
        f.type(),
        f.time(),
        f.node(),
        f.handshakeId(),
        f.connection(),
        f.otherConnection(),
        f.otherNode(),
        f.challengeIssued(),
        f.client(),
        f.user(),
        f.domain(),
        f.workstation(),
        f.explanation(),
        f.advice(),
        n);
  }

  private static Handshake numbered(Handshake h, long n) {
    return new Handshake(
        h.id(),
        h.node(),
        h.outcome(),
        h.user(),
        h.domain(),
        h.workstation(),
        h.client(),
        h.started(),
        h.ended(),
        h.legs(),
        n);
  }
}
