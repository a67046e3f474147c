package io.github.ntlmaffinity.cli.analyze.capture;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Reads the frames of one capture file in file order, streaming, with bounded buffers. A reader
 * never throws for what the file contains: a corrupt or truncated file ends the packets and says
 * why in {@link #problem()}.
 */
abstract class PacketReader implements AutoCloseable {
  /** The largest frame kept; pcap's own maximum snapshot length is 262,144. */
  static final int MAX_FRAME = 262_144;

  private final InputStream in;
  private final String name;
  private long offset;
  private long packets;
  private String problem;

  PacketReader(InputStream in, String name) {
    this.in = in;
    this.name = name;
  }

  /** Opens a pcap or pcapng file, told apart by its first four bytes. */
  static PacketReader open(Path file) throws IOException {
    InputStream in = new BufferedInputStream(Files.newInputStream(file), 1 << 16);
    in.mark(4);
    byte[] magic = in.readNBytes(4);
    in.reset();
    String name = file.toString();
    if (magic.length == 4
        && (magic[0] & 0xff) == 0x0a
        && (magic[1] & 0xff) == 0x0d
        && (magic[2] & 0xff) == 0x0d
        && (magic[3] & 0xff) == 0x0a) {
      return new PcapngReader(in, name);
    }
    return new PcapReader(in, name);
  }

  /** The next frame, or {@code null} at the end of the file or at the first problem. */
  final Packet next() {
    if (problem != null) {
      return null;
    }
    try {
      Packet p = read();
      if (p != null) {
        packets++;
      }
      return p;
    } catch (CaptureException e) {
      problem = e.getMessage();
      return null;
    } catch (IOException e) {
      problem = "read error at byte " + offset + ": " + e.getMessage();
      return null;
    }
  }

  /** Reads the next frame; {@code null} at a clean end of file. */
  abstract Packet read() throws IOException, CaptureException;

  /** The format's name, e.g. {@code pcapng}. */
  abstract String format();

  /** Why the file could not be read to its end, or {@code null}. */
  final String problem() {
    return problem;
  }

  final long offset() {
    return offset;
  }

  final long packets() {
    return packets;
  }

  final String name() {
    return name;
  }

  /**
   * Reads exactly {@code n} bytes into {@code buf}; returns false at a clean end of file (no byte
   * read), throws when the file ends inside.
   */
  final boolean readFully(byte[] buf, int n, String what) throws IOException, CaptureException {
    int got = in.readNBytes(buf, 0, n);
    offset += got;
    if (got == 0 && n > 0) {
      return false;
    }
    if (got < n) {
      throw new CaptureException(
          "truncated: the file ends inside "
              + what
              + " at byte "
              + offset
              + " ("
              + got
              + " of "
              + n
              + " bytes)");
    }
    return true;
  }

  /** Skips {@code n} bytes; throws when the file ends first. */
  final void skipFully(long n, String what) throws IOException, CaptureException {
    long skipped = in.skip(n);
    while (skipped < n) {
      int b = in.read();
      if (b < 0) {
        offset += skipped;
        throw new CaptureException(
            "truncated: the file ends inside " + what + " at byte " + offset);
      }
      skipped++;
      long more = in.skip(n - skipped);
      skipped += more;
    }
    offset += n;
  }

  @Override
  public void close() throws IOException {
    in.close();
  }

  static int u16(byte[] b, int i, boolean big) {
    return big ? (b[i] & 0xff) << 8 | b[i + 1] & 0xff : (b[i + 1] & 0xff) << 8 | b[i] & 0xff;
  }

  static long u32(byte[] b, int i, boolean big) {
    return big
        ? (long) (b[i] & 0xff) << 24
            | (b[i + 1] & 0xff) << 16
            | (b[i + 2] & 0xff) << 8
            | b[i + 3] & 0xff
        : (long) (b[i + 3] & 0xff) << 24
            | (b[i + 2] & 0xff) << 16
            | (b[i + 1] & 0xff) << 8
            | b[i] & 0xff;
  }
}
