package io.github.ntlmaffinity.cli.analyze.capture;

/**
 * One captured frame.
 *
 * @param nanos its timestamp, in nanoseconds since the epoch
 * @param linkType the link-layer header type (LINKTYPE_*)
 * @param data the bytes captured
 * @param originalLength the frame's length on the wire (more than {@code data.length} when the
 *     capture's snapshot length cut it)
 */
record Packet(long nanos, int linkType, byte[] data, int originalLength) {}
