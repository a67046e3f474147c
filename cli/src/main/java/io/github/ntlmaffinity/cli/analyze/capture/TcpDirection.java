package io.github.ntlmaffinity.cli.analyze.capture;

import java.util.Map;
import java.util.TreeMap;

/**
 * One direction of a TCP connection put back in order: retransmitted and overlapping bytes are
 * delivered once, early segments wait (at most {@value #MAX_WAITING} bytes per direction, and
 * within the shared {@link Budget}), and bytes that never came are skipped as a gap that the HTTP
 * reader is told about.
 */
final class TcpDirection {
  static final int MAX_WAITING = 256 * 1024;

  private final Budget budget;
  private final TreeMap<Long, byte[]> waiting = new TreeMap<>();
  private HttpStream stream;
  private long next = -1;
  private int waitingBytes;
  private long gaps;
  private long gapBytes;
  private boolean fin;

  TcpDirection(Budget budget) {
    this.budget = budget;
  }

  HttpStream stream() {
    return stream;
  }

  long gaps() {
    return gaps;
  }

  long gapBytes() {
    return gapBytes;
  }

  boolean finished() {
    return fin;
  }

  /** Takes a segment sent in this direction. */
  void accept(Segment s, HttpStream.Listener listener) {
    if (s.has(Segment.SYN)) {
      if (next < 0 || stream == null || stream.messages() == 0) {
        next = (s.seq() + 1) & 0xffff_ffffL;
        stream = new HttpStream(listener, true);
      }
      return;
    }
    if (next < 0) {
      next = s.seq();
      stream = new HttpStream(listener, false);
    }
    long at = absolute(s.seq());
    if (s.length() > 0 || s.missing() > 0) {
      if (at > next) {
        park(at, s);
      } else {
        deliver(at, s.data(), s.offset(), s.length(), s.nanos());
        if (s.missing() > 0 && at + s.length() >= next) {
          skip(at + s.length() + s.missing() - next);
        }
        drain(s.nanos());
      }
    }
    if (s.has(Segment.FIN)) {
      fin = true;
    }
  }

  /** The connection ended: whatever still waits is delivered after its gap. */
  void flush(long nanos) {
    while (!waiting.isEmpty()) {
      Map.Entry<Long, byte[]> first = waiting.firstEntry();
      if (first.getKey() > next) {
        skip(first.getKey() - next);
      }
      drain(nanos);
    }
  }

  private long absolute(long seq) {
    int diff = (int) (seq - (next & 0xffff_ffffL));
    return next + diff;
  }

  private void park(long at, Segment s) {
    int n = s.length();
    if (waitingBytes + n > MAX_WAITING || !budget.take(n)) {
      flush(s.nanos());
      if (at > next) {
        skip(at - next);
      }
      deliver(at, s.data(), s.offset(), n, s.nanos());
      return;
    }
    byte[] copy = java.util.Arrays.copyOfRange(s.data(), s.offset(), s.offset() + n);
    byte[] old = waiting.put(at, copy);
    waitingBytes += n;
    if (old != null) {
      waitingBytes -= old.length;
      budget.give(old.length);
    }
  }

  private void drain(long nanos) {
    while (!waiting.isEmpty() && waiting.firstKey() <= next) {
      Map.Entry<Long, byte[]> e = waiting.pollFirstEntry();
      byte[] b = e.getValue();
      waitingBytes -= b.length;
      budget.give(b.length);
      deliver(e.getKey(), b, 0, b.length, nanos);
    }
  }

  private void deliver(long at, byte[] b, int off, int len, long nanos) {
    long skip = next - at;
    if (skip >= len) {
      return; // a retransmission of bytes already delivered
    }
    int from = (int) Math.max(0, skip);
    stream.feed(b, off + from, len - from, nanos);
    next = at + len;
  }

  private void skip(long n) {
    if (n <= 0) {
      return;
    }
    gaps++;
    gapBytes += n;
    next += n;
    stream.gap();
  }

  /** Bytes of early segments held over all connections, capped. */
  static final class Budget {
    private final long max;
    private long used;

    Budget(long max) {
      this.max = max;
    }

    boolean take(int n) {
      if (used + n > max) {
        return false;
      }
      used += n;
      return true;
    }

    void give(int n) {
      used -= n;
    }

    void release(TcpDirection d) {
      used -= d.waitingBytes;
      d.waitingBytes = 0;
      d.waiting.clear();
    }
  }
}
