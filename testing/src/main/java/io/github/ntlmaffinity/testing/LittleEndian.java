package io.github.ntlmaffinity.testing;

/**
 * Little-endian fields in a byte array, as NTLM lays them out: for tests that read a message or
 * patch one field of it.
 */
public final class LittleEndian {

  private LittleEndian() {}

  /** The unsigned 16-bit value at {@code at}. */
  public static int u16(byte[] b, int at) {
    return (b[at] & 0xff) | (b[at + 1] & 0xff) << 8;
  }

  /** The 32-bit value at {@code at} (as an {@code int}: flags and offsets). */
  public static int u32(byte[] b, int at) {
    return u16(b, at) | u16(b, at + 2) << 16;
  }

  /** Writes the low 16 bits of {@code v} at {@code at}. */
  public static void put16(byte[] b, int at, int v) {
    b[at] = (byte) v;
    b[at + 1] = (byte) (v >>> 8);
  }

  /** Writes {@code v} at {@code at}. */
  public static void put32(byte[] b, int at, int v) {
    put16(b, at, v);
    put16(b, at + 2, v >>> 16);
  }
}
