package io.github.ntlmaffinity.cli.analyze;

import java.nio.charset.StandardCharsets;

/** What an input file is, told from its first bytes, never from its name. */
enum Format {
  PCAP("pcap"),
  PCAPNG("pcapng"),
  IIS_W3C("IIS W3C log"),
  HAR("HAR"),
  UNKNOWN("unknown");

  /** How many leading bytes {@link #sniff} wants (it copes with fewer). */
  static final int HEAD = 512;

  private final String label;

  Format(String label) {
    this.label = label;
  }

  String label() {
    return label;
  }

  /** Whether the packet-capture reader takes it. */
  boolean isCapture() {
    return this == PCAP || this == PCAPNG;
  }

  /** Recognises a file from its first bytes. */
  static Format sniff(byte[] head, int length) {
    if (length >= 4) {
      int be =
          (head[0] & 0xff) << 24 | (head[1] & 0xff) << 16 | (head[2] & 0xff) << 8 | head[3] & 0xff;
      switch (be) {
        case 0xa1b2c3d4, 0xd4c3b2a1, 0xa1b23c4d, 0x4d3cb2a1:
          return PCAP;
        case 0x0a0d0d0a:
          return PCAPNG;
        default:
          break;
      }
    }
    String text = new String(head, 0, Math.max(0, length), StandardCharsets.ISO_8859_1);
    if (text.startsWith("\u00ef\u00bb\u00bf")) {
      text = text.substring(3);
    }
    // Hook for the IIS and HAR readers (analyze.iis, analyze.har): W3C extended logs start with
    // directives; a HAR is a JSON object whose top-level member is "log".
    if (text.startsWith("#Software")
        || text.startsWith("#Version")
        || text.startsWith("#Fields")
        || text.startsWith("#Date")) {
      return IIS_W3C;
    }
    String trimmed = text.stripLeading();
    if (trimmed.startsWith("{") && trimmed.substring(1).stripLeading().startsWith("\"log\"")) {
      return HAR;
    }
    return UNKNOWN;
  }
}
