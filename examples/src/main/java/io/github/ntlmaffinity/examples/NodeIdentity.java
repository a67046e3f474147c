package io.github.ntlmaffinity.examples;

import io.github.ntlmaffinity.testing.ServerIdentity;
import java.util.Locale;

/**
 * Who a backend node is: its name in reports and the names its NTLM CHALLENGEs carry, as a Windows
 * server puts them into the CHALLENGE's TargetInfo.
 *
 * @param nodeName the node's name in reports and diagnostics, e.g. {@code node-a}
 * @param nbComputerName the NetBIOS computer name, e.g. {@code NODE-A}
 * @param dnsComputerName the DNS computer name, e.g. {@code node-a.example.test}
 * @param nbDomainName the NetBIOS domain name, e.g. {@code EXAMPLE}
 * @param dnsDomainName the DNS domain name, e.g. {@code example.test}
 */
public record NodeIdentity(
    String nodeName,
    String nbComputerName,
    String dnsComputerName,
    String nbDomainName,
    String dnsDomainName) {

  /** The first node of the example cluster. */
  public static final NodeIdentity NODE_A = of("node-a");

  /** The second node of the example cluster. */
  public static final NodeIdentity NODE_B = of("node-b");

  /**
   * A node of the {@code EXAMPLE} domain: {@code node-x} is {@code NODE-X}, {@code
   * node-x.example.test}.
   */
  public static NodeIdentity of(String nodeName) {
    return new NodeIdentity(
        nodeName,
        nodeName.toUpperCase(Locale.ROOT),
        nodeName + ".example.test",
        "EXAMPLE",
        "example.test");
  }

  /** The names as a CHALLENGE carries them (the testing module's view of a server). */
  public ServerIdentity server() {
    return new ServerIdentity(nbComputerName, nbDomainName, dnsComputerName, dnsDomainName);
  }
}
