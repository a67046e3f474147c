package io.github.ntlmaffinity.cli.analyze.capture;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.PriorityQueue;

/**
 * The files' packets merged in time order. Each pcapng file is read up to {@value #LOOKAHEAD}
 * packets ahead (within {@value #LOOKAHEAD_BYTES} bytes over all files), so that packets it holds
 * out of time order are put back in order too: dumpcap capturing on several interfaces writes each
 * interface's packets in batches. A classic pcap file holds one interface's packets in capture
 * order and is read one packet ahead.
 */
final class Lookahead {
  static final int LOOKAHEAD = 4096;
  static final long LOOKAHEAD_BYTES = 16L * 1024 * 1024;

  private final List<PacketReader> readers;
  private final PriorityQueue<Next> queue =
      new PriorityQueue<>(
          Comparator.comparingLong((Next n) -> n.packet.nanos())
              .thenComparingInt(Next::index)
              .thenComparingLong(Next::order));
  private final List<int[]> queued = new ArrayList<>();
  private long bytes;
  private long order;
  private int refill = -1;

  Lookahead(List<PacketReader> readers) {
    this.readers = readers;
  }

  /** Reads file {@code i} ahead: at least one packet, more (pcapng) within the bounds. */
  void fill(int i) {
    while (queued.size() <= i) {
      queued.add(new int[1]);
    }
    PacketReader r = readers.get(i);
    int[] n = queued.get(i);
    int depth = r instanceof PcapngReader ? LOOKAHEAD : 1;
    while (r != null && (n[0] == 0 || (n[0] < depth && bytes < LOOKAHEAD_BYTES))) {
      Packet p = r.next();
      if (p == null) {
        return;
      }
      if (depth > 1) {
        p = p.copy(); // the reader's buffer is reused by its next packet
      }
      queue.add(new Next(p, i, order++));
      n[0]++;
      bytes += p.length();
    }
  }

  /**
   * The earliest packet read ahead, or {@code null} when every file is read. A packet of a file
   * read one packet ahead is the reader's buffer: valid until the next call, which reads on.
   */
  Packet next() {
    if (refill >= 0) {
      fill(refill);
      refill = -1;
    }
    Next n = queue.poll();
    if (n == null) {
      return null;
    }
    queued.get(n.index)[0]--;
    bytes -= n.packet.length();
    refill = n.index;
    return n.packet;
  }

  private record Next(Packet packet, int index, long order) {}
}
