package io.github.ntlmaffinity.cli.analyze.capture;

/**
 * A TCP segment taken out of a frame.
 *
 * @param nanos the frame's time
 * @param source the sender's address, as text
 * @param sourcePort the sender's port
 * @param target the receiver's address
 * @param targetPort the receiver's port
 * @param seq the sequence number
 * @param flags the TCP flags (FIN 0x01, SYN 0x02, RST 0x04, ACK 0x10)
 * @param data the frame's bytes; the payload is {@code data[offset, offset+length)}
 * @param offset where the payload starts
 * @param length the payload bytes captured
 * @param missing payload bytes the snapshot length cut off the end
 */
record Segment(
    long nanos,
    String source,
    int sourcePort,
    String target,
    int targetPort,
    long seq,
    int flags,
    byte[] data,
    int offset,
    int length,
    int missing) {
  static final int FIN = 0x01;
  static final int SYN = 0x02;
  static final int RST = 0x04;
  static final int ACK = 0x10;

  boolean has(int flag) {
    return (flags & flag) != 0;
  }
}
