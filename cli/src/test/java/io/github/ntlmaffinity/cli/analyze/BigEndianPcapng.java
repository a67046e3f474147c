package io.github.ntlmaffinity.cli.analyze;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * Rewrites a little-endian pcapng file (as editcap writes it here) in big-endian byte order, as a
 * big-endian machine would have written it: block types and lengths, the section's byte-order
 * magic, version and length, the interface's link type, snapshot length and option headers, and the
 * packet blocks' numeric fields. Option values other than if_tsoffset and if_speed are bytes or
 * strings and stay as they are; other blocks' bodies are left alone (readers skip them by length).
 */
final class BigEndianPcapng {
  private BigEndianPcapng() {}

  static byte[] swap(byte[] le) {
    ByteBuffer in = ByteBuffer.wrap(le).order(ByteOrder.LITTLE_ENDIAN);
    ByteBuffer out = ByteBuffer.wrap(le.clone()).order(ByteOrder.BIG_ENDIAN);
    int at = 0;
    while (at + 12 <= le.length) {
      int type = in.getInt(at);
      int length = in.getInt(at + 4);
      out.putInt(at, type);
      out.putInt(at + 4, length);
      out.putInt(at + length - 4, length);
      int body = at + 8;
      switch (type) {
        case 0x0a0d0d0a -> {
          out.putInt(body, 0x1a2b3c4d);
          out.putShort(body + 4, in.getShort(body + 4));
          out.putShort(body + 6, in.getShort(body + 6));
          out.putLong(body + 8, in.getLong(body + 8));
          options(in, out, body + 16, at + length - 4);
        }
        case 1 -> {
          out.putShort(body, in.getShort(body));
          out.putShort(body + 2, in.getShort(body + 2));
          out.putInt(body + 4, in.getInt(body + 4));
          options(in, out, body + 8, at + length - 4);
        }
        case 6 -> {
          for (int k = 0; k < 5; k++) {
            out.putInt(body + 4 * k, in.getInt(body + 4 * k));
          }
        }
        default -> {}
      }
      at += length;
    }
    return out.array();
  }

  private static void options(ByteBuffer in, ByteBuffer out, int at, int end) {
    while (at + 4 <= end) {
      int code = in.getShort(at) & 0xffff;
      int len = in.getShort(at + 2) & 0xffff;
      out.putShort(at, (short) code);
      out.putShort(at + 2, (short) len);
      if ((code == 14 || code == 8) && len == 8) {
        out.putLong(at + 4, in.getLong(at + 4));
      }
      if (code == 0) {
        return;
      }
      at += 4 + ((len + 3) & ~3);
    }
  }
}
