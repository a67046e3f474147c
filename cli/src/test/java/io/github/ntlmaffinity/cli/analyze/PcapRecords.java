package io.github.ntlmaffinity.cli.analyze;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The records of a real classic pcap file (as tcpdump wrote it), for tests that rearrange real
 * traffic: reorder, duplicate and overlap TCP segments, drop the start of a capture.
 */
final class PcapRecords {
  final byte[] header;
  final ByteOrder order;
  final List<Rec> records;

  private PcapRecords(byte[] header, ByteOrder order, List<Rec> records) {
    this.header = header;
    this.order = order;
    this.records = records;
  }

  static PcapRecords read(Path file) throws Exception {
    ByteBuffer b = ByteBuffer.wrap(Files.readAllBytes(file));
    int magic = b.getInt(0);
    ByteOrder order =
        magic == 0xa1b2c3d4 || magic == 0xa1b23c4d ? ByteOrder.BIG_ENDIAN : ByteOrder.LITTLE_ENDIAN;
    b.order(order);
    byte[] header = Arrays.copyOf(b.array(), 24);
    List<Rec> records = new ArrayList<>();
    int at = 24;
    while (at + 16 <= b.limit()) {
      int incl = b.getInt(at + 8);
      byte[] data = Arrays.copyOfRange(b.array(), at + 16, at + 16 + incl);
      records.add(new Rec(b.getInt(at), b.getInt(at + 4), data, b.getInt(at + 12)));
      at += 16 + incl;
    }
    return new PcapRecords(header, order, records);
  }

  void write(Path file, List<Rec> recs) throws Exception {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    out.write(header);
    for (Rec r : recs) {
      ByteBuffer h = ByteBuffer.allocate(16).order(order);
      h.putInt(r.seconds).putInt(r.fraction).putInt(r.data.length).putInt(r.original);
      out.write(h.array());
      out.write(r.data);
    }
    Files.write(file, out.toByteArray());
  }

  /** This capture's header with another link type. */
  PcapRecords withLinkType(int linkType) {
    byte[] h = header.clone();
    ByteBuffer.wrap(h).order(order).putInt(20, linkType);
    return new PcapRecords(h, order, records);
  }

  /** Each Ethernet frame with its header replaced: {@code prefix} then the IP packet. */
  static List<Rec> relinked(List<Rec> in, java.util.function.Function<byte[], byte[]> prefix) {
    List<Rec> out = new ArrayList<>();
    for (Rec r : in) {
      byte[] p = prefix.apply(r.data);
      byte[] d = new byte[p.length + r.data.length - 14];
      System.arraycopy(p, 0, d, 0, p.length);
      System.arraycopy(r.data, 14, d, p.length, r.data.length - 14);
      out.add(new Rec(r.seconds, r.fraction, d, d.length));
    }
    return out;
  }

  /**
   * Each TCP segment with at least 12 payload bytes (Ethernet, IPv4) as three overlapping pieces
   * sent out of order, the first one twice: middle, first, last, first again.
   */
  static List<Rec> shuffled(List<Rec> in) {
    List<Rec> out = new ArrayList<>();
    for (Rec r : in) {
      byte[] d = r.data;
      int ip = 14;
      int ihl = (d[ip] & 0x0f) * 4;
      int tcp = ip + ihl;
      int doff = ((d[tcp + 12] & 0xf0) >> 4) * 4;
      int payload = tcp + doff;
      int length = d.length - payload;
      if (length < 12) {
        out.add(r);
        continue;
      }
      int third = length / 3;
      Rec first = piece(r, tcp, payload, 0, third + 2, false);
      Rec middle = piece(r, tcp, payload, third - 2, 2 * third + 2, false);
      Rec last = piece(r, tcp, payload, 2 * third - 2, length, true);
      out.addAll(List.of(middle, first, last, first));
    }
    return out;
  }

  private static Rec piece(Rec r, int tcp, int payload, int from, int to, boolean keepFin) {
    byte[] d = r.data;
    byte[] p = new byte[payload + (to - from)];
    System.arraycopy(d, 0, p, 0, payload);
    System.arraycopy(d, payload + from, p, payload, to - from);
    ByteBuffer b = ByteBuffer.wrap(p);
    b.putShort(16, (short) (p.length - 14));
    b.putInt(tcp + 4, b.getInt(tcp + 4) + from);
    if (!keepFin) {
      p[tcp + 13] &= (byte) ~0x01;
    }
    return new Rec(r.seconds, r.fraction, p, p.length);
  }

  /** A record: time, the bytes captured, the length on the wire. */
  record Rec(int seconds, int fraction, byte[] data, int original) {}
}
