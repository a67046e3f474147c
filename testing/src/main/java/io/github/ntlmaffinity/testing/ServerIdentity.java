package io.github.ntlmaffinity.testing;

/**
 * The names a challenging server puts into its CHALLENGE's TargetInfo.
 *
 * @param nbComputerName MsvAvNbComputerName, e.g. {@code NODE-A}
 * @param nbDomainName MsvAvNbDomainName, e.g. {@code EXAMPLE}
 * @param dnsComputerName MsvAvDnsComputerName, e.g. {@code node-a.example.test}
 * @param dnsDomainName MsvAvDnsDomainName (also written as MsvAvDnsTreeName), e.g. {@code
 *     example.test}
 */
public record ServerIdentity(
    String nbComputerName, String nbDomainName, String dnsComputerName, String dnsDomainName) {

  /** The node of the captured corpus. */
  public static final ServerIdentity NODE_A =
      new ServerIdentity("NODE-A", "EXAMPLE", "node-a.example.test", "example.test");

  /** A second node of the same domain, for split-handshake tests. */
  public static final ServerIdentity NODE_B =
      new ServerIdentity("NODE-B", "EXAMPLE", "node-b.example.test", "example.test");

  /**
   * The TargetInfo a Windows server sends, in its order: NbDomainName, NbComputerName,
   * DnsDomainName, DnsComputerName, DnsTreeName, Timestamp, EOL.
   *
   * @param fileTime the MsvAvTimestamp value
   */
  public byte[] targetInfo(long fileTime) {
    return TargetInfoBuilder.create()
        .text(TargetInfoBuilder.NB_DOMAIN_NAME, nbDomainName)
        .text(TargetInfoBuilder.NB_COMPUTER_NAME, nbComputerName)
        .text(TargetInfoBuilder.DNS_DOMAIN_NAME, dnsDomainName)
        .text(TargetInfoBuilder.DNS_COMPUTER_NAME, dnsComputerName)
        .text(TargetInfoBuilder.DNS_TREE_NAME, dnsDomainName)
        .timestamp(fileTime)
        .build();
  }
}
