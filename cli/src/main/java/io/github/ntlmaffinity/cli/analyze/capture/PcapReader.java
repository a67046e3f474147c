package io.github.ntlmaffinity.cli.analyze.capture;

import java.io.IOException;
import java.io.InputStream;

/**
 * Classic pcap: microsecond ({@code a1b2c3d4}) and nanosecond ({@code a1b23c4d}) magic, either byte
 * order. A record longer than {@link #MAX_FRAME} is refused as corrupt.
 */
final class PcapReader extends PacketReader {
  private final byte[] header = new byte[16];
  private byte[] frame = new byte[2048];
  private boolean started;
  private boolean big;
  private boolean nano;
  private int linkType;

  PcapReader(InputStream in, String name) {
    super(in, name);
  }

  @Override
  String format() {
    return nano ? "pcap (nanosecond)" : "pcap";
  }

  @Override
  Packet read() throws IOException, CaptureException {
    if (!started) {
      started = true;
      byte[] global = new byte[24];
      if (!readFully(global, 24, "the file header")) {
        throw new CaptureException("empty file");
      }
      long magic = u32(global, 0, true);
      if (magic == 0xa1b2c3d4L || magic == 0xa1b23c4dL) {
        big = true;
      } else if (magic == 0xd4c3b2a1L || magic == 0x4d3cb2a1L) {
        big = false;
      } else {
        throw new CaptureException("not a pcap file (magic " + Long.toHexString(magic) + ")");
      }
      nano = magic == 0xa1b23c4dL || magic == 0x4d3cb2a1L;
      linkType = (int) (u32(global, 20, big) & 0x0fff_ffff);
    }
    if (!readFully(header, 16, "a record header")) {
      return null;
    }
    long seconds = u32(header, 0, big);
    long fraction = u32(header, 4, big);
    long included = u32(header, 8, big);
    long original = u32(header, 12, big);
    if (included > MAX_FRAME) {
      throw new CaptureException(
          "corrupt: a record at byte "
              + (offset() - 16)
              + " claims "
              + included
              + " bytes (more than "
              + MAX_FRAME
              + ")");
    }
    int n = (int) included;
    if (frame.length < n) {
      frame = new byte[Math.max(n, frame.length * 2)];
    }
    if (!readFully(frame, n, "a packet") && n > 0) {
      throw new CaptureException("truncated: the file ends before a packet at byte " + offset());
    }
    long nanos = seconds * 1_000_000_000L + (nano ? fraction : fraction * 1000);
    return new Packet(nanos, linkType, frame, n, (int) Math.min(original, Integer.MAX_VALUE));
  }
}
