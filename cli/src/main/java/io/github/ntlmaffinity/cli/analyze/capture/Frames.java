package io.github.ntlmaffinity.cli.analyze.capture;

import java.net.InetAddress;
import java.net.UnknownHostException;

/**
 * Takes the TCP segment out of a frame: link layers Ethernet (with 802.1Q/802.1ad tags), Linux
 * cooked v1 and v2, BSD null/loopback, OpenBSD loop and raw IP; IPv4 and IPv6 (extension headers
 * skipped). Fragmented TCP datagrams are put back together ({@link Fragments}); everything that is
 * not TCP is counted and skipped. Never reads past the captured bytes.
 */
final class Frames {
  static final int ETHERNET = 1;
  static final int NULL = 0;
  static final int LOOP = 108;
  static final int RAW = 101;
  static final int SLL = 113;
  static final int SLL2 = 276;

  private final java.util.Map<Integer, String> ipv4 = new java.util.HashMap<>();
  private final Fragments reassembly = new Fragments();
  private int recentKey1;
  private String recent1;
  private int recentKey2;
  private String recent2;
  long notIp;
  long notTcp;
  long fragments;
  long unknownLink;
  long cut;

  /** The TCP segment in {@code p}, or {@code null} when it holds none (counted). */
  Segment tcp(Packet p) {
    byte[] d = p.data();
    int n = p.length();
    int at;
    int ethertype;
    switch (p.linkType()) {
      case ETHERNET -> {
        at = 12;
        if (n < 14) {
          return cut();
        }
        ethertype = u16(d, at);
        at += 2;
        for (int tags = 0; tags < 4 && isVlan(ethertype); tags++) {
          if (n < at + 4) {
            return cut();
          }
          ethertype = u16(d, at + 2);
          at += 4;
        }
      }
      case SLL -> {
        if (n < 16) {
          return cut();
        }
        ethertype = u16(d, 14);
        at = 16;
      }
      case SLL2 -> {
        if (n < 20) {
          return cut();
        }
        ethertype = u16(d, 0);
        at = 20;
      }
      case NULL, LOOP -> {
        if (n < 4) {
          return cut();
        }
        int family = d[0] != 0 ? d[0] & 0xff : d[3] & 0xff;
        ethertype =
            family == 2 ? 0x0800 : family == 24 || family == 28 || family == 30 ? 0x86dd : 0;
        at = 4;
      }
      case RAW, 12, 14, 228, 229 -> {
        if (n < 1) {
          return cut();
        }
        int version = (d[0] & 0xf0) >> 4;
        ethertype = version == 4 ? 0x0800 : version == 6 ? 0x86dd : 0;
        at = 0;
      }
      default -> {
        unknownLink++;
        return null;
      }
    }
    if (ethertype == 0x0800) {
      return ipv4(p, d, n, at);
    }
    if (ethertype == 0x86dd) {
      return ipv6(p, d, n, at);
    }
    notIp++;
    return null;
  }

  private Segment ipv4(Packet p, byte[] d, int n, int at) {
    if (n < at + 20 || (d[at] & 0xf0) != 0x40) {
      return cut();
    }
    int ihl = (d[at] & 0x0f) * 4;
    int total = u16(d, at + 2);
    if (total == 0) {
      total = n - at; // segmentation offload: the stack had not filled it in yet
    }
    int fragment = u16(d, at + 6);
    boolean fragmented = (fragment & 0x3fff) != 0;
    if (d[at + 9] != 6) {
      notTcp++;
      return null;
    }
    if (ihl < 20 || total < ihl) {
      return cut();
    }
    String source = address(d, at + 12, 4);
    String target = address(d, at + 16, 4);
    if (fragmented) {
      fragments++;
      byte[] whole =
          reassembly.add(
              new Fragments.Key(source, target, u16(d, at + 4), 6),
              p.nanos(),
              (fragment & 0x1fff) * 8,
              (fragment & 0x2000) != 0,
              d,
              n,
              at + ihl,
              total - ihl);
      return whole == null ? null : tcp(p, whole, whole.length, 0, whole.length, source, target);
    }
    return tcp(p, d, n, at + ihl, total - ihl, source, target);
  }

  private Segment ipv6(Packet p, byte[] d, int n, int at) {
    if (n < at + 40) {
      return cut();
    }
    int payload = u16(d, at + 4);
    int next = d[at + 6] & 0xff;
    String source = address(d, at + 8, 16);
    String target = address(d, at + 24, 16);
    int h = at + 40;
    for (int hops = 0; hops < 16; hops++) {
      if (next == 6) {
        int length = payload == 0 ? n - h : payload - (h - at - 40);
        return tcp(p, d, n, h, length, source, target);
      }
      if (next == 44) {
        if (n < h + 8) {
          return cut();
        }
        int field = u16(d, h + 2);
        next = d[h] & 0xff;
        h += 8;
        if ((field & 0xfff9) == 0) {
          continue; // an atomic fragment (RFC 6946): the whole datagram
        }
        if (next != 6) {
          notTcp++;
          return null;
        }
        fragments++;
        int length = payload == 0 ? n - h : payload - (h - at - 40);
        byte[] whole =
            reassembly.add(
                new Fragments.Key(source, target, u32(d, h - 4), 6),
                p.nanos(),
                field & 0xfff8,
                (field & 1) != 0,
                d,
                n,
                h,
                length);
        return whole == null ? null : tcp(p, whole, whole.length, 0, whole.length, source, target);
      }
      if (next != 0 && next != 43 && next != 60 && next != 51) {
        notTcp++;
        return null;
      }
      if (n < h + 2) {
        return cut();
      }
      int len = next == 51 ? (d[h + 1] & 0xff) * 4 + 8 : (d[h + 1] & 0xff) * 8 + 8;
      next = d[h] & 0xff;
      h += len;
    }
    notTcp++;
    return null;
  }

  /** Datagrams put back together from their fragments. */
  long reassembled() {
    return reassembly.reassembled;
  }

  /**
   * Fragmented datagrams given up: incomplete after the timeout or at the end, overlapping, too
   * large, or beyond the bytes held for reassembly.
   */
  long fragmentsDropped() {
    return reassembly.dropped + reassembly.incomplete();
  }

  private Segment tcp(Packet p, byte[] d, int n, int at, int length, String source, String target) {
    if (n < at + 20 || length < 20) {
      return cut();
    }
    int dataOffset = ((d[at + 12] & 0xf0) >> 4) * 4;
    if (dataOffset < 20 || dataOffset > length) {
      return cut();
    }
    int payload = length - dataOffset;
    int start = at + dataOffset;
    int captured = Math.max(0, Math.min(payload, n - start));
    return new Segment(
        p.nanos(),
        source,
        u16(d, at),
        target,
        u16(d, at + 2),
        u32(d, at + 4),
        d[at + 13] & 0x3f,
        d,
        Math.min(start, n),
        captured,
        payload - captured);
  }

  private Segment cut() {
    cut++;
    return null;
  }

  private static boolean isVlan(int ethertype) {
    return ethertype == 0x8100 || ethertype == 0x88a8 || ethertype == 0x9100;
  }

  private String address(byte[] d, int at, int n) {
    if (n == 4) {
      int key = (int) u32(d, at);
      // Most frames are between the same two hosts: the last two addresses are tried first.
      if (recent1 != null && key == recentKey1) {
        return recent1;
      }
      if (recent2 != null && key == recentKey2) {
        return recent2;
      }
      String known = ipv4.get(key);
      if (known == null) {
        known =
            (d[at] & 0xff)
                + "."
                + (d[at + 1] & 0xff)
                + "."
                + (d[at + 2] & 0xff)
                + "."
                + (d[at + 3] & 0xff);
        if (ipv4.size() >= 65_536) {
          ipv4.clear();
        }
        ipv4.put(key, known);
      }
      recentKey2 = recentKey1;
      recent2 = recent1;
      recentKey1 = key;
      recent1 = known;
      return known;
    }
    try {
      byte[] a = new byte[16];
      System.arraycopy(d, at, a, 0, 16);
      return InetAddress.getByAddress(a).getHostAddress();
    } catch (UnknownHostException e) {
      return "?";
    }
  }

  private static int u16(byte[] d, int i) {
    return (d[i] & 0xff) << 8 | d[i + 1] & 0xff;
  }

  private static long u32(byte[] d, int i) {
    return (long) (d[i] & 0xff) << 24
        | (d[i + 1] & 0xff) << 16
        | (d[i + 2] & 0xff) << 8
        | d[i + 3] & 0xff;
  }
}
