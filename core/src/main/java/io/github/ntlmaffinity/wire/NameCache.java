package io.github.ntlmaffinity.wire;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.util.Arrays;

/**
 * The names decoded recently, by their UTF-16LE bytes, and the name-valued AV pairs that carried
 * them. Every message repeats the same few names: each CHALLENGE carries the server's five names
 * and each AUTHENTICATE echoes them, plus a domain, a user and a workstation that recur with every
 * login. Looking one up costs a hash of its bytes and a comparison; decoding it costs a temporary
 * array, a string, its copy and the pair.
 *
 * <p>A fixed table of {@value #SLOTS} slots, each holding the last entry that hashed to it, for
 * names of at most {@value #MAX_BYTES} bytes: a few tens of KiB whatever the traffic. An entry is
 * returned only for exactly its bytes (and AV pair id), so a collision or an attacker filling the
 * table costs misses, never a wrong name. Thread-safe without locks: a slot holds an immutable
 * entry, and a lost update only costs a later miss.
 */
final class NameCache {
  /** How many entries are kept; a power of two. */
  static final int SLOTS = 256;

  /** The longest name kept, in bytes (64 UTF-16 code units); longer ones are decoded each time. */
  static final int MAX_BYTES = 128;

  /** The id of an entry for a name that is not an AV pair's value. */
  static final int NAME = -1;

  private static final VarHandle LONGS =
      MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);

  private static final Entry[] entries = new Entry[SLOTS];

  private NameCache() {}

  /**
   * The entry for AV pair {@code id} (or {@link #NAME}) whose value is {@code buf[from, from +
   * length)}, or {@code null}.
   */
  static Entry find(int hash, int id, byte[] buf, int from, int length) {
    Entry e = entries[hash & (SLOTS - 1)];
    if (e != null && e.id == id && sameBytes(e.bytes, buf, from, length)) {
      return e;
    }
    return null;
  }

  /** Keeps an entry for {@code buf[from, from + length)} in its slot. */
  static void put(
      int hash, int id, byte[] buf, int from, int length, String name, AvPair.Text text) {
    entries[hash & (SLOTS - 1)] =
        new Entry(id, Arrays.copyOfRange(buf, from, from + length), name, text);
  }

  /** A hash of {@code id} and {@code buf[from, from + length)}, eight bytes at a time. */
  static int hash(int id, byte[] buf, int from, int length) {
    long h = (long) id << 32 | length;
    if (length >= 8) {
      int i = 0;
      for (; i + 8 < length; i += 8) {
        h = (h ^ (long) LONGS.get(buf, from + i)) * 0x9E3779B97F4A7C15L;
      }
      // The last eight bytes, overlapping the previous word when the length is not a multiple.
      h = (h ^ (long) LONGS.get(buf, from + length - 8)) * 0x9E3779B97F4A7C15L;
    } else {
      for (int i = 0; i < length; i++) {
        h = (h ^ (buf[from + i] & 0xff)) * 0x9E3779B97F4A7C15L;
      }
    }
    return (int) (h ^ h >>> 29);
  }

  private static boolean sameBytes(byte[] kept, byte[] buf, int from, int length) {
    if (kept.length != length) {
      return false;
    }
    if (length < 8) {
      return Arrays.equals(kept, 0, length, buf, from, from + length);
    }
    int i = 0;
    for (; i + 8 < length; i += 8) {
      if ((long) LONGS.get(kept, i) != (long) LONGS.get(buf, from + i)) {
        return false;
      }
    }
    return (long) LONGS.get(kept, length - 8) == (long) LONGS.get(buf, from + length - 8);
  }

  /**
   * A decoded name and the bytes it came from; never changed once published.
   *
   * @param id the AV pair id the name was the value of, or {@link #NAME}
   * @param bytes the name's UTF-16LE bytes
   * @param name the decoded name
   * @param text the AV pair, or {@code null} for {@link #NAME}
   */
  record Entry(int id, byte[] bytes, String name, AvPair.Text text) {}
}
