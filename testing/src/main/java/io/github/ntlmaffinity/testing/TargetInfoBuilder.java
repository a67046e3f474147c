package io.github.ntlmaffinity.testing;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;

/**
 * Writes an AV_PAIR list (MS-NLMP 2.2.2.1): each pair is AvId (uint16 LE), AvLen (uint16 LE) and
 * the value; {@link #build()} appends MsvAvEOL. Names are UTF-16LE, as the specification requires.
 *
 * <pre>{@code
 * byte[] targetInfo = TargetInfoBuilder.create()
 *     .text(TargetInfoBuilder.NB_COMPUTER_NAME, "NODE-A")
 *     .timestamp(FileTimes.of(Instant.parse("2024-01-02T03:04:05Z")))
 *     .build();
 * }</pre>
 */
public final class TargetInfoBuilder {
  public static final int NB_COMPUTER_NAME = 1;
  public static final int NB_DOMAIN_NAME = 2;
  public static final int DNS_COMPUTER_NAME = 3;
  public static final int DNS_DOMAIN_NAME = 4;
  public static final int DNS_TREE_NAME = 5;
  public static final int FLAGS = 6;
  public static final int TIMESTAMP = 7;
  public static final int SINGLE_HOST = 8;
  public static final int TARGET_NAME = 9;
  public static final int CHANNEL_BINDINGS = 10;

  private final ByteArrayOutputStream out = new ByteArrayOutputStream();

  private TargetInfoBuilder() {}

  public static TargetInfoBuilder create() {
    return new TargetInfoBuilder();
  }

  /** A name-valued pair, in UTF-16LE. */
  public TargetInfoBuilder text(int id, String value) {
    return raw(id, value.getBytes(StandardCharsets.UTF_16LE));
  }

  /** MsvAvTimestamp, little-endian. */
  public TargetInfoBuilder timestamp(long fileTime) {
    return raw(TIMESTAMP, le(fileTime, 8));
  }

  /** MsvAvFlags, little-endian. */
  public TargetInfoBuilder flags(int flags) {
    return raw(FLAGS, le(flags, 4));
  }

  /** Any pair, value as given. */
  public TargetInfoBuilder raw(int id, byte[] value) {
    out.writeBytes(le(id, 2));
    out.writeBytes(le(value.length, 2));
    out.writeBytes(value);
    return this;
  }

  /** The list so far, terminated by MsvAvEOL. */
  public byte[] build() {
    ByteArrayOutputStream copy = new ByteArrayOutputStream(out.size() + 4);
    copy.writeBytes(out.toByteArray());
    copy.writeBytes(new byte[4]);
    return copy.toByteArray();
  }

  static byte[] le(long value, int bytes) {
    byte[] b = new byte[bytes];
    for (int i = 0; i < bytes; i++) {
      b[i] = (byte) (value >>> (8 * i));
    }
    return b;
  }
}
