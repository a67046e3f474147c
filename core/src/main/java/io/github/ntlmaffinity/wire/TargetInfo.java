package io.github.ntlmaffinity.wire;

import java.time.Instant;
import java.util.Arrays;
import java.util.List;

/**
 * An AV_PAIR list: a CHALLENGE's TargetInfo, or the pairs a client echoed in its NTLMv2 response.
 * Accessors return the first pair of their id (a list may repeat ids), or {@code null} when absent.
 * Immutable and thread-safe.
 *
 * <p>The decoder checks the whole list (every pair's bounds, the lengths its id requires, the
 * terminating MsvAvEOL) and keeps the message's bytes; a value is decoded when it is asked for.
 * Most users read two or three of the ten or so pairs, and decoding names is most of the cost of a
 * list. The values of pairs kept by length only ({@link AvPair.Opaque}) are zeroed in those bytes.
 */
public final class TargetInfo {

  /** The empty list: no TargetInfo was sent. */
  public static final TargetInfo EMPTY = new TargetInfo(new byte[0], 0, 0, 0);

  /**
   * The message holding the pairs in {@code [from, end)}, the values of opaque pairs zeroed. The
   * rest of the message is not read; the decoder has zeroed its secrets too.
   */
  private final byte[] wire;

  private final int from;
  private final int end;

  private final int size;

  /** {@link #pairs()}, once built; a race builds equal lists, either of which may be kept. */
  private List<AvPair> pairs;

  /**
   * A list over {@code wire[from, end)}, which the caller gives up; the decoder has checked it.
   *
   * @param wire {@code size} pairs from {@code from}, each with a value as long as its id requires
   * @param from where the first pair starts
   * @param end where the pairs end (the MsvAvEOL's offset)
   * @param size the number of pairs
   */
  TargetInfo(byte[] wire, int from, int end, int size) {
    this.wire = wire;
    this.from = from;
    this.end = end;
    this.size = size;
  }

  /** The pairs in wire order, without the terminating MsvAvEOL. */
  public List<AvPair> pairs() {
    List<AvPair> built = pairs;
    if (built == null) {
      AvPair[] all = new AvPair[size];
      int p = from;
      for (int i = 0; i < size; i++) {
        all[i] = pairAt(p);
        p += 4 + NtlmParser.u16(wire, p + 2);
      }
      built = List.of(all);
      pairs = built;
    }
    return built;
  }

  /** How many pairs the list holds. */
  public int size() {
    return size;
  }

  /** Whether the list holds no pair. */
  public boolean isEmpty() {
    return size == 0;
  }

  /** The first pair with {@code id}, or {@code null}. */
  public AvPair get(int id) {
    int p = find(id);
    return p < 0 ? null : pairAt(p);
  }

  /** Whether the list holds a pair with {@code id}. */
  public boolean contains(int id) {
    return find(id) >= 0;
  }

  /** MsvAvNbComputerName: the NetBIOS name of the server that issued the challenge. */
  public String nbComputerName() {
    return text(AvPair.NB_COMPUTER_NAME);
  }

  /** MsvAvNbDomainName. */
  public String nbDomainName() {
    return text(AvPair.NB_DOMAIN_NAME);
  }

  /** MsvAvDnsComputerName: the FQDN of the server that issued the challenge. */
  public String dnsComputerName() {
    return text(AvPair.DNS_COMPUTER_NAME);
  }

  /** MsvAvDnsDomainName. */
  public String dnsDomainName() {
    return text(AvPair.DNS_DOMAIN_NAME);
  }

  /** MsvAvDnsTreeName. */
  public String dnsTreeName() {
    return text(AvPair.DNS_TREE_NAME);
  }

  /** MsvAvTargetName: the SPN the client meant to reach, e.g. {@code HTTP/web.example.test}. */
  public String targetName() {
    return text(AvPair.TARGET_NAME);
  }

  /** MsvAvTimestamp as a raw FILETIME, or {@code null}. */
  public Long timestamp() {
    int p = find(AvPair.TIMESTAMP);
    return p < 0 ? null : NtlmParser.u64le(wire, p + 4);
  }

  /**
   * Appends MsvAvTimestamp to the second ({@code 2026-12-05T09:30:00Z}) and returns true, or
   * appends nothing and returns false when there is none.
   */
  boolean appendTimestamp(StringBuilder s) {
    int p = find(AvPair.TIMESTAMP);
    if (p < 0) {
      return false;
    }
    FileTime.appendSeconds(s, NtlmParser.u64le(wire, p + 4));
    return true;
  }

  /** MsvAvTimestamp as an instant, or {@code null}. */
  public Instant timestampInstant() {
    int p = find(AvPair.TIMESTAMP);
    return p < 0 ? null : FileTime.toInstant(NtlmParser.u64le(wire, p + 4));
  }

  /** MsvAvFlags, or {@code null}. */
  public Integer flags() {
    int p = find(AvPair.FLAGS);
    return p < 0 ? null : NtlmParser.u32(wire, p + 4);
  }

  /** Whether MsvAvChannelBindings is present. */
  public boolean hasChannelBindings() {
    return contains(AvPair.CHANNEL_BINDINGS);
  }

  /** Whether MsvAvSingleHost is present. */
  public boolean hasSingleHost() {
    return contains(AvPair.SINGLE_HOST);
  }

  /** Equal when both hold the same pairs in the same order. */
  @Override
  public boolean equals(Object o) {
    return o == this
        || o instanceof TargetInfo other
            && Arrays.equals(wire, from, end, other.wire, other.from, other.end);
  }

  @Override
  public int hashCode() {
    int h = 1;
    for (int i = from; i < end; i++) {
      h = 31 * h + wire[i];
    }
    return h;
  }

  @Override
  public String toString() {
    return "TargetInfo" + pairs();
  }

  /** The offset of the first pair with {@code id}, or -1. */
  private int find(int id) {
    int p = from;
    for (int i = 0; i < size; i++) {
      if (NtlmParser.u16(wire, p) == id) {
        return p;
      }
      p += 4 + NtlmParser.u16(wire, p + 2);
    }
    return -1;
  }

  private String text(int id) {
    int p = find(id);
    return p < 0 ? null : NtlmParser.utf16le(wire, p + 4, NtlmParser.u16(wire, p + 2));
  }

  /** The pair at offset {@code p}, which the decoder checked. */
  private AvPair pairAt(int p) {
    int id = NtlmParser.u16(wire, p);
    int length = NtlmParser.u16(wire, p + 2);
    int value = p + 4;
    return switch (id) {
      case AvPair.NB_COMPUTER_NAME,
          AvPair.NB_DOMAIN_NAME,
          AvPair.DNS_COMPUTER_NAME,
          AvPair.DNS_DOMAIN_NAME,
          AvPair.DNS_TREE_NAME,
          AvPair.TARGET_NAME ->
          NtlmParser.text(id, wire, value, length);
      case AvPair.FLAGS -> new AvPair.Flags(NtlmParser.u32(wire, value));
      case AvPair.TIMESTAMP -> new AvPair.Timestamp(NtlmParser.u64le(wire, value));
      default -> new AvPair.Opaque(id, length);
    };
  }
}
