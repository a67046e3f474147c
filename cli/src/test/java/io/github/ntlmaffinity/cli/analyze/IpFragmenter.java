package io.github.ntlmaffinity.cli.analyze;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Rewrites the TCP packets of a real capture (Ethernet frames, as tcpdump wrote them on {@code lo})
 * into IP fragments as a router would: IPv4 per RFC 791 (MF flag, offset in 8-byte units, DF
 * cleared, header checksum recomputed), IPv6 with a fragment header per RFC 8200. Test code: the
 * kernel does not fragment TCP on loopback (its MTU is 65,536), and the machine's MTU is not ours
 * to change. Each fragmented packet gets its own identification; the fragments of every other
 * packet are sent last first, and the first fragment of each is sent twice (a duplicate).
 */
final class IpFragmenter {
  private int id = 0x1000;

  /** Every IPv4 or IPv6 TCP packet whose IP payload exceeds {@code size} bytes, fragmented. */
  List<PcapRecords.Rec> fragment(List<PcapRecords.Rec> in, int size) {
    if (size % 8 != 0) {
      throw new IllegalArgumentException("fragment size must be a multiple of 8");
    }
    List<PcapRecords.Rec> out = new ArrayList<>();
    for (PcapRecords.Rec r : in) {
      List<byte[]> pieces = pieces(r.data(), size);
      if (pieces == null) {
        out.add(r);
        continue;
      }
      if (id % 2 == 0) {
        java.util.Collections.reverse(pieces);
      }
      for (byte[] p : pieces) {
        out.add(new PcapRecords.Rec(r.seconds(), r.fraction(), p, p.length));
      }
      byte[] again = pieces.get(id % 2 == 0 ? pieces.size() - 1 : 0);
      out.add(new PcapRecords.Rec(r.seconds(), r.fraction(), again, again.length));
    }
    return out;
  }

  /** How many packets were fragmented. */
  int fragmented() {
    return id - 0x1000;
  }

  private List<byte[]> pieces(byte[] d, int size) {
    if (d.length < 14 + 40) {
      return null;
    }
    int ethertype = (d[12] & 0xff) << 8 | d[13] & 0xff;
    ByteBuffer b = ByteBuffer.wrap(d);
    if (ethertype == 0x0800 && d[14 + 9] == 6) {
      int ihl = (d[14] & 0x0f) * 4;
      int total = b.getShort(16) & 0xffff;
      int payload = total - ihl;
      if (payload <= size || 14 + total > d.length) {
        return null;
      }
      id++;
      List<byte[]> out = new ArrayList<>();
      for (int off = 0; off < payload; off += size) {
        int n = Math.min(size, payload - off);
        byte[] f = new byte[14 + ihl + n];
        System.arraycopy(d, 0, f, 0, 14 + ihl);
        System.arraycopy(d, 14 + ihl + off, f, 14 + ihl, n);
        ByteBuffer h = ByteBuffer.wrap(f);
        h.putShort(16, (short) (ihl + n));
        h.putShort(18, (short) id);
        boolean more = off + n < payload;
        h.putShort(20, (short) ((more ? 0x2000 : 0) | off / 8));
        h.putShort(24, (short) 0);
        h.putShort(24, (short) checksum(f, 14, ihl));
        out.add(f);
      }
      return out;
    }
    if (ethertype == 0x86dd && d[14 + 6] == 6) {
      int payload = b.getShort(14 + 4) & 0xffff;
      if (payload <= size || 14 + 40 + payload > d.length) {
        return null;
      }
      id++;
      List<byte[]> out = new ArrayList<>();
      for (int off = 0; off < payload; off += size) {
        int n = Math.min(size, payload - off);
        byte[] f = new byte[14 + 40 + 8 + n];
        System.arraycopy(d, 0, f, 0, 14 + 40);
        System.arraycopy(d, 14 + 40 + off, f, 14 + 48, n);
        ByteBuffer h = ByteBuffer.wrap(f);
        h.putShort(14 + 4, (short) (8 + n));
        f[14 + 6] = 44;
        f[14 + 40] = 6;
        boolean more = off + n < payload;
        h.putShort(14 + 42, (short) (off | (more ? 1 : 0)));
        h.putInt(14 + 44, id);
        out.add(f);
      }
      return out;
    }
    return null;
  }

  private static int checksum(byte[] f, int from, int length) {
    long sum = 0;
    for (int i = from; i < from + length; i += 2) {
      sum += (f[i] & 0xff) << 8 | f[i + 1] & 0xff;
    }
    while ((sum >> 16) != 0) {
      sum = (sum & 0xffff) + (sum >> 16);
    }
    return (int) ~sum & 0xffff;
  }

  /**
   * A copy of an IPv4 fragment (Ethernet frame) whose offset is 8 bytes lower: it overlaps the
   * fragment before it with other bytes.
   */
  static byte[] overlapping(byte[] fragment) {
    byte[] c = Arrays.copyOf(fragment, fragment.length);
    ByteBuffer h = ByteBuffer.wrap(c);
    int field = h.getShort(20) & 0xffff;
    h.putShort(20, (short) ((field & 0xe000) | ((field & 0x1fff) - 1)));
    h.putShort(24, (short) 0);
    h.putShort(24, (short) checksum(c, 14, (c[14] & 0x0f) * 4));
    return c;
  }
}
