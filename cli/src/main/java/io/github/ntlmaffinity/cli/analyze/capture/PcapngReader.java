package io.github.ntlmaffinity.cli.analyze.capture;

import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;

/**
 * pcapng: sections (SHB, either byte order, several per file), an interface (IDB) per link with its
 * {@code if_tsresol} and {@code if_tsoffset}, packets in EPB, SPB and the obsolete OPB; every other
 * block (NRB, ISB, DSB, custom...) skipped by its length. A block claiming more than {@link
 * #MAX_BLOCK} bytes is refused as corrupt before anything is allocated for it.
 */
final class PcapngReader extends PacketReader {
  static final int MAX_BLOCK = 16 * 1024 * 1024;
  private static final int SHB = 0x0a0d0d0a;
  private static final int IDB = 1;
  private static final int OPB = 2;
  private static final int SPB = 3;
  private static final int EPB = 6;

  private final byte[] head = new byte[8];
  private final List<Interface> interfaces = new ArrayList<>();
  private byte[] body = new byte[4096];
  private boolean big;
  private boolean seenSection;
  private long lastNanos;

  PcapngReader(InputStream in, String name) {
    super(in, name);
  }

  @Override
  String format() {
    return "pcapng";
  }

  @Override
  Packet read() throws IOException, CaptureException {
    while (true) {
      long at = offset();
      if (!readFully(head, 8, "a block header")) {
        return null;
      }
      int type = (int) u32(head, 0, true);
      if (type == SHB) {
        byte[] order = new byte[4];
        readFully(order, 4, "a section header");
        long bom = u32(order, 0, true);
        if (bom == 0x1a2b3c4dL) {
          big = true;
        } else if (bom == 0x4d3c2b1aL) {
          big = false;
        } else {
          throw new CaptureException("corrupt: bad byte-order magic in the section at byte " + at);
        }
        seenSection = true;
        interfaces.clear();
        long length = u32(head, 4, big);
        check(length, at, 28);
        skipFully(length - 12, "a section header");
        continue;
      }
      if (!seenSection) {
        throw new CaptureException("not a pcapng file: no section header at byte 0");
      }
      type = (int) u32(head, 0, big);
      long length = u32(head, 4, big);
      check(length, at, 12);
      int n = (int) length - 12;
      if (type != IDB && type != EPB && type != SPB && type != OPB) {
        skipFully(n + 4L, "a block");
        continue;
      }
      if (body.length < n + 4) {
        body = new byte[Math.max(n + 4, body.length * 2)];
      }
      readFully(body, n + 4, "a block");
      if (u32(body, n, big) != length) {
        throw new CaptureException("corrupt: block lengths disagree in the block at byte " + at);
      }
      Packet p = block(type, n, at);
      if (p != null) {
        return p;
      }
    }
  }

  private void check(long length, long at, int minimum) throws CaptureException {
    if (length > MAX_BLOCK) {
      throw new CaptureException(
          "corrupt: the block at byte "
              + at
              + " claims "
              + length
              + " bytes (more than "
              + MAX_BLOCK
              + "); stopped reading");
    }
    if (length < minimum || length % 4 != 0) {
      throw new CaptureException("corrupt: bad length " + length + " of the block at byte " + at);
    }
  }

  private Packet block(int type, int n, long at) throws CaptureException {
    switch (type) {
      case IDB -> {
        need(n, 8, at);
        interfaces.add(Interface.parse(body, n, big));
        return null;
      }
      case EPB -> {
        need(n, 20, at);
        Interface i = iface(u32(body, 0, big), at);
        long ts = u32(body, 4, big) << 32 | u32(body, 8, big);
        return packet(i, ts, (int) Math.min(u32(body, 12, big), n - 20), u32(body, 16, big), 20);
      }
      case OPB -> {
        need(n, 20, at);
        Interface i = iface(u16(body, 0, big), at);
        long ts = u32(body, 4, big) << 32 | u32(body, 8, big);
        return packet(i, ts, (int) Math.min(u32(body, 12, big), n - 20), u32(body, 16, big), 20);
      }
      default -> {
        need(n, 4, at);
        Interface i = iface(0, at);
        long original = u32(body, 0, big);
        int captured = (int) Math.min(Math.min(original, n - 4), i.snaplen == 0 ? n : i.snaplen);
        return frame(lastNanos, i.linkType, 4, captured, (int) original);
      }
    }
  }

  private Packet packet(Interface i, long ts, int captured, long original, int from) {
    lastNanos = i.nanos(ts);
    int c = Math.max(0, Math.min(captured, MAX_FRAME));
    return frame(lastNanos, i.linkType, from, c, (int) Math.min(original, Integer.MAX_VALUE));
  }

  /** The frame at {@code body[from, from+length)}, moved to the start of the reused buffer. */
  private Packet frame(long nanos, int linkType, int from, int length, int original) {
    System.arraycopy(body, from, body, 0, length);
    return new Packet(nanos, linkType, body, length, original);
  }

  private Interface iface(long id, long at) throws CaptureException {
    if (id >= interfaces.size()) {
      throw new CaptureException(
          "corrupt: the packet at byte " + at + " names interface " + id + ", never described");
    }
    return interfaces.get((int) id);
  }

  private static void need(int n, int minimum, long at) throws CaptureException {
    if (n < minimum) {
      throw new CaptureException("corrupt: the block at byte " + at + " is too short");
    }
  }

  /** An interface description: link type, snapshot length, timestamp resolution and offset. */
  private record Interface(int linkType, long snaplen, boolean binary, int exponent, long offset) {

    static Interface parse(byte[] b, int n, boolean big) {
      int linkType = u16(b, 0, big);
      long snaplen = u32(b, 4, big);
      boolean binary = false;
      int exponent = 6;
      long offset = 0;
      int i = 8;
      while (i + 4 <= n) {
        int code = u16(b, i, big);
        int len = u16(b, i + 2, big);
        if (code == 0 || i + 4 + len > n) {
          break;
        }
        if (code == 9 && len >= 1) {
          binary = (b[i + 4] & 0x80) != 0;
          exponent = b[i + 4] & 0x7f;
        } else if (code == 14 && len >= 8) {
          offset = u32(b, i + 4, big) << 32 | u32(b, i + 8, big);
          if (!big) {
            offset = u32(b, i + 8, false) << 32 | u32(b, i + 4, false);
          }
        }
        i += 4 + ((len + 3) & ~3);
      }
      return new Interface(linkType, snaplen, binary, exponent, offset);
    }

    long nanos(long ts) {
      long n;
      if (binary) {
        int e = Math.min(exponent, 62);
        long fraction = ts & ((1L << e) - 1);
        n =
            (ts >>> e) * 1_000_000_000L
                + (e <= 30
                    ? (fraction * 1_000_000_000L) >>> e
                    : (long) (fraction / (double) (1L << e) * 1e9));
      } else if (exponent <= 9) {
        n = ts * pow10(9 - exponent);
      } else {
        n = ts / pow10(Math.min(exponent - 9, 18));
      }
      return n + offset * 1_000_000_000L;
    }

    private static long pow10(int e) {
      long p = 1;
      for (int k = 0; k < e; k++) {
        p *= 10;
      }
      return p;
    }
  }
}
