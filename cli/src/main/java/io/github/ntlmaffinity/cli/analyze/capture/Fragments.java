package io.github.ntlmaffinity.cli.analyze.capture;

import java.util.Arrays;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * IP datagrams put back together from their fragments (IPv4, RFC 791; IPv6 fragment header, RFC
 * 8200), per source, destination, identification and protocol, in any order. Bounded: a datagram
 * holds at most {@value #MAX_DATAGRAM} payload bytes, all datagrams together at most {@value
 * #MAX_HELD} bytes and {@value #MAX_DATAGRAMS} datagrams (the oldest dropped first), and one still
 * incomplete {@value #TIMEOUT_SECONDS} s (capture time) after its first fragment is dropped. A
 * fragment with the same offset and length as one held is a duplicate and ignored, as is a fragment
 * that falls within a datagram completed less than the timeout before (a late duplicate); any other
 * overlap drops the whole datagram, as RFC 5722 requires for IPv6 and Linux does for IPv4 too.
 */
final class Fragments {
  static final int MAX_DATAGRAM = 65_535;
  static final long MAX_HELD = 16L * 1024 * 1024;
  static final int MAX_DATAGRAMS = 4096;
  static final int TIMEOUT_SECONDS = 30;

  private final Map<Key, Datagram> open = new LinkedHashMap<>();
  private final Map<Key, Done> done = new LinkedHashMap<>();
  private long held;
  long reassembled;
  long dropped;

  /**
   * Takes one fragment; returns the whole datagram's payload once every fragment is in, else {@code
   * null}.
   *
   * @param key source, destination, identification and protocol
   * @param offset where the fragment's bytes go in the payload
   * @param more whether more fragments follow (the MF flag)
   * @param d the frame's bytes (a reused buffer: the bytes kept are copied)
   * @param captured how many bytes of {@code d} the frame holds
   * @param from where the fragment's bytes start in {@code d}
   * @param length how many bytes the fragment carries (per its IP header)
   */
  byte[] add(
      Key key, long nanos, int offset, boolean more, byte[] d, int captured, int from, int length) {
    expire(nanos);
    Datagram g = open.get(key);
    if (g == null) {
      Done d0 = done.get(key);
      if (d0 != null && offset + (long) length <= d0.total) {
        return null; // a late duplicate of a datagram already put together
      }
      g = new Datagram(nanos);
      open.put(key, g);
    }
    int end = offset + length;
    if (length < 0 || end > MAX_DATAGRAM || captured - from < length || g.conflicts(offset, end)) {
      drop(key, g); // too large, cut by the snapshot length, or an overlap
      return null;
    }
    if (g.isDuplicate(offset, end)) {
      return null;
    }
    if (!more) {
      if (g.total >= 0 || end < g.highest) {
        drop(key, g);
        return null;
      }
      g.total = end;
    } else if (g.total >= 0 && end > g.total) {
      drop(key, g);
      return null;
    }
    held += g.put(offset, d, from, length);
    while (held > MAX_HELD || open.size() > MAX_DATAGRAMS) {
      Iterator<Map.Entry<Key, Datagram>> oldest = open.entrySet().iterator();
      Map.Entry<Key, Datagram> e = oldest.next();
      drop(e.getKey(), e.getValue());
      if (e.getValue() == g) {
        return null;
      }
    }
    if (g.total < 0 || g.received != g.total) {
      return null;
    }
    open.remove(key);
    held -= g.bytes.length;
    reassembled++;
    done.remove(key);
    done.put(key, new Done(nanos, g.total));
    if (done.size() > MAX_DATAGRAMS) {
      done.remove(done.keySet().iterator().next());
    }
    return Arrays.copyOf(g.bytes, g.total);
  }

  /** Datagrams still waiting for fragments (at the end of the captures: never completed). */
  int incomplete() {
    return open.size();
  }

  private void expire(long nanos) {
    Iterator<Done> d = done.values().iterator();
    while (d.hasNext() && nanos - d.next().at > TIMEOUT_SECONDS * 1_000_000_000L) {
      d.remove();
    }
    Iterator<Datagram> i = open.values().iterator();
    while (i.hasNext()) {
      Datagram g = i.next();
      if (nanos - g.first <= TIMEOUT_SECONDS * 1_000_000_000L) {
        return;
      }
      i.remove();
      held -= g.bytes.length;
      dropped++;
    }
  }

  private void drop(Key key, Datagram g) {
    if (open.remove(key) != null) {
      held -= g.bytes.length;
      dropped++;
    }
  }

  /**
   * What identifies the fragments of one datagram.
   *
   * @param source the source address
   * @param target the destination address
   * @param id the identification (16 bits in IPv4, 32 in IPv6)
   * @param protocol the protocol of the payload
   */
  record Key(String source, String target, long id, int protocol) {}

  /** A datagram put together: when, and its payload's length. */
  private record Done(long at, int total) {}

  /** The fragments of one datagram received so far, as byte ranges of its payload. */
  private static final class Datagram {
    private static final int MAX_PIECES = 256;
    private final long first;
    private byte[] bytes = new byte[0];
    private int[] starts = new int[4];
    private int[] ends = new int[4];
    private int pieces;
    private int received;
    private int highest;
    private int total = -1;

    Datagram(long first) {
      this.first = first;
    }

    boolean isDuplicate(int from, int to) {
      for (int k = 0; k < pieces; k++) {
        if (starts[k] == from && ends[k] == to) {
          return true;
        }
      }
      return false;
    }

    /** Whether {@code [from, to)} overlaps a piece held without being the same range. */
    boolean conflicts(int from, int to) {
      if (pieces >= MAX_PIECES) {
        return true;
      }
      for (int k = 0; k < pieces; k++) {
        boolean same = starts[k] == from && ends[k] == to;
        if (!same && from < ends[k] && starts[k] < to) {
          return true;
        }
      }
      return false;
    }

    /** Stores a piece; returns how many more bytes the buffer now takes. */
    int put(int from, byte[] d, int at, int length) {
      int grown = 0;
      int to = from + length;
      if (to > bytes.length) {
        int size = Math.min(MAX_DATAGRAM, Math.max(to, Math.min(2 * bytes.length, MAX_DATAGRAM)));
        grown = size - bytes.length;
        bytes = Arrays.copyOf(bytes, size);
      }
      System.arraycopy(d, at, bytes, from, length);
      if (pieces == starts.length) {
        starts = Arrays.copyOf(starts, pieces * 2);
        ends = Arrays.copyOf(ends, pieces * 2);
      }
      starts[pieces] = from;
      ends[pieces] = to;
      pieces++;
      received += length;
      highest = Math.max(highest, to);
      return grown;
    }
  }
}
