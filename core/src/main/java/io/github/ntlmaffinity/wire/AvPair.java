package io.github.ntlmaffinity.wire;

import java.time.Instant;

/**
 * One AV_PAIR of a target-info list (MS-NLMP 2.2.2.1): in a CHALLENGE's TargetInfo, and copied by
 * the client into the NTLMv2 response of its AUTHENTICATE. The terminating MsvAvEOL is not kept.
 *
 * <p>Values that a diagnostician never needs and that identify a machine (SingleHost's machine id,
 * the ChannelBindings hash) are kept as their length only.
 */
public sealed interface AvPair permits AvPair.Text, AvPair.Timestamp, AvPair.Flags, AvPair.Opaque {

  /** MsvAvEOL: ends the list. */
  int EOL = 0;

  /** MsvAvNbComputerName: the server's NetBIOS computer name. */
  int NB_COMPUTER_NAME = 1;

  /** MsvAvNbDomainName: the server's NetBIOS domain name. */
  int NB_DOMAIN_NAME = 2;

  /** MsvAvDnsComputerName: the server's FQDN. */
  int DNS_COMPUTER_NAME = 3;

  /** MsvAvDnsDomainName: the server's DNS domain. */
  int DNS_DOMAIN_NAME = 4;

  /** MsvAvDnsTreeName: the forest's DNS name. */
  int DNS_TREE_NAME = 5;

  /** MsvAvFlags: a 32-bit flag set. */
  int FLAGS = 6;

  /** MsvAvTimestamp: the server's FILETIME when it made the challenge. */
  int TIMESTAMP = 7;

  /** MsvAvSingleHost: a Single_Host_Data structure. */
  int SINGLE_HOST = 8;

  /** MsvAvTargetName: the SPN the client aimed at. */
  int TARGET_NAME = 9;

  /** MsvAvChannelBindings: MD5 hash of the TLS channel bindings. */
  int CHANNEL_BINDINGS = 10;

  /** The AvId. */
  int id();

  /** The AvLen: the value's length in bytes on the wire. */
  int length();

  /** The specification's name of {@link #id()}, e.g. {@code MsvAvTimestamp}. */
  default String name() {
    return nameOf(id());
  }

  /** The specification's name of an AvId, or {@code AvId(<n>)} for an id it does not define. */
  static String nameOf(int id) {
    return switch (id) {
      case EOL -> "MsvAvEOL";
      case NB_COMPUTER_NAME -> "MsvAvNbComputerName";
      case NB_DOMAIN_NAME -> "MsvAvNbDomainName";
      case DNS_COMPUTER_NAME -> "MsvAvDnsComputerName";
      case DNS_DOMAIN_NAME -> "MsvAvDnsDomainName";
      case DNS_TREE_NAME -> "MsvAvDnsTreeName";
      case FLAGS -> "MsvAvFlags";
      case TIMESTAMP -> "MsvAvTimestamp";
      case SINGLE_HOST -> "MsvAvSingleHost";
      case TARGET_NAME -> "MsvAvTargetName";
      case CHANNEL_BINDINGS -> "MsvAvChannelBindings";
      default -> "AvId(" + id + ")";
    };
  }

  /**
   * A name-valued pair (ids 1 to 5 and 9), decoded from UTF-16LE.
   *
   * @param id the AvId
   * @param length the value's length in bytes
   * @param value the decoded name; unpaired surrogates appear as U+FFFD
   */
  record Text(int id, int length, String value) implements AvPair {}

  /**
   * MsvAvTimestamp, kept exact: the server's FILETIME is what ties an AUTHENTICATE to the CHALLENGE
   * it answers.
   *
   * @param fileTime 100-nanosecond intervals since 1601-01-01T00:00Z, as an unsigned 64-bit value
   */
  record Timestamp(long fileTime) implements AvPair {

    @Override
    public int id() {
      return TIMESTAMP;
    }

    @Override
    public int length() {
      return 8;
    }

    /** The timestamp as an instant, exact to 100 ns. */
    public Instant instant() {
      return FileTime.toInstant(fileTime);
    }
  }

  /**
   * MsvAvFlags.
   *
   * @param value the flag bits
   */
  record Flags(int value) implements AvPair {

    /** 0x1: the client's account authentication is constrained. */
    public static final int CONSTRAINED = 0x1;

    /** 0x2: the AUTHENTICATE message carries a MIC. */
    public static final int MIC_PRESENT = 0x2;

    /** 0x4: the client's TargetName SPN came from an untrusted source. */
    public static final int SPN_UNTRUSTED = 0x4;

    @Override
    public int id() {
      return FLAGS;
    }

    @Override
    public int length() {
      return 4;
    }

    /** Whether the client says its AUTHENTICATE carries a MIC. */
    public boolean micPresent() {
      return (value & MIC_PRESENT) != 0;
    }
  }

  /**
   * A pair kept by id and length only: SingleHost, ChannelBindings and ids the specification does
   * not define.
   *
   * @param id the AvId
   * @param length the value's length in bytes
   */
  record Opaque(int id, int length) implements AvPair {}
}
