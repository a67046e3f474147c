package io.github.ntlmaffinity;

import io.github.ntlmaffinity.internal.OnceLogger;
import java.util.List;

/**
 * Counts, numbers and delivers findings, then handshake updates, to the sinks. Numbering and
 * delivery happen together under the publisher's own lock (never the tracker's), so every sink sees
 * the numbers in increasing order and a reader of the recent buffer never misses a lower number
 * that arrives late. A sink that throws is counted as an internal error and logged once per kind.
 */
final class Publisher {
  private final Sink sink;
  private final CounterSet counters;
  private final OnceLogger failures;
  private final Object lock = new Object();
  private long sequence;

  Publisher(List<Sink> sinks, CounterSet counters, OnceLogger failures) {
    this.counters = counters;
    this.failures = failures;
    this.sink = new CompositeSink(sinks, this::internalError);
  }

  void publish(List<Finding> found, List<Handshake> changed) {
    if (found.isEmpty() && changed.isEmpty()) {
      return;
    }
    synchronized (lock) {
      for (Finding f : found) {
        counters.finding(f.type());
        try {
          sink.onFinding(f.numbered(++sequence));
        } catch (RuntimeException | LinkageError e) {
          internalError("sink", e);
        }
      }
      for (Handshake h : changed) {
        try {
          sink.onHandshake(h.numbered(++sequence));
        } catch (RuntimeException | LinkageError e) {
          internalError("sink", e);
        }
      }
    }
  }

  /** The last number given to a finding or handshake version; 0 before any. */
  long sequence() {
    synchronized (lock) {
      return sequence;
    }
  }

  void internalError(String where, Throwable e) {
    counters.internalErrors.increment();
    failures.warn(where, e);
  }
}
