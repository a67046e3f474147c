package io.github.ntlmaffinity.cli.analyze.capture;

/**
 * One captured frame. Its bytes are the reader's buffer, reused for the next frame: valid until the
 * reader's next {@link PacketReader#next()}, so nothing may keep a reference to them.
 *
 * @param nanos its timestamp, in nanoseconds since the epoch
 * @param linkType the link-layer header type (LINKTYPE_*)
 * @param data the reader's buffer; the frame is {@code data[0, length)}
 * @param length the bytes captured
 * @param originalLength the frame's length on the wire (more than {@code length} when the capture's
 *     snapshot length cut it)
 */
record Packet(long nanos, int linkType, byte[] data, int length, int originalLength) {

  /** The same frame in bytes of its own, for keeping past the reader's next frame. */
  Packet copy() {
    return new Packet(
        nanos, linkType, java.util.Arrays.copyOf(data, length), length, originalLength);
  }
}
