package io.github.ntlmaffinity.wire;

import java.time.Instant;
import java.util.List;

/**
 * An AV_PAIR list: a CHALLENGE's TargetInfo, or the pairs a client echoed in its NTLMv2 response.
 * Accessors return the first pair of their id (a list may repeat ids), or {@code null} when absent.
 *
 * @param pairs the pairs in wire order, without the terminating MsvAvEOL
 */
public record TargetInfo(List<AvPair> pairs) {

  /** The empty list: no TargetInfo was sent. */
  public static final TargetInfo EMPTY = new TargetInfo(List.of());

  public TargetInfo {
    pairs = List.copyOf(pairs);
  }

  /** Whether the list holds no pair. */
  public boolean isEmpty() {
    return pairs.isEmpty();
  }

  /** The first pair with {@code id}, or {@code null}. */
  public AvPair get(int id) {
    for (AvPair pair : pairs) {
      if (pair.id() == id) {
        return pair;
      }
    }
    return null;
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
    return get(AvPair.TIMESTAMP) instanceof AvPair.Timestamp t ? t.fileTime() : null;
  }

  /** MsvAvTimestamp as an instant, or {@code null}. */
  public Instant timestampInstant() {
    return get(AvPair.TIMESTAMP) instanceof AvPair.Timestamp t ? t.instant() : null;
  }

  /** MsvAvFlags, or {@code null}. */
  public Integer flags() {
    return get(AvPair.FLAGS) instanceof AvPair.Flags f ? f.value() : null;
  }

  /** Whether MsvAvChannelBindings is present. */
  public boolean hasChannelBindings() {
    return get(AvPair.CHANNEL_BINDINGS) != null;
  }

  /** Whether MsvAvSingleHost is present. */
  public boolean hasSingleHost() {
    return get(AvPair.SINGLE_HOST) != null;
  }

  private String text(int id) {
    return get(id) instanceof AvPair.Text t ? t.value() : null;
  }
}
