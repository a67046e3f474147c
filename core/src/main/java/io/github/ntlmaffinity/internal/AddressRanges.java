package io.github.ntlmaffinity.internal;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.List;

/**
 * A set of IP address ranges: the trusted proxies whose forwarded-for headers are believed, the
 * clients allowed to read diagnostics. Parses IPv4 and IPv6 literals and CIDR blocks without ever
 * resolving a host name. Not API: see the package documentation.
 */
public final class AddressRanges {
  /** The empty set. */
  public static final AddressRanges NONE = new AddressRanges(List.of());

  private final List<Block> blocks;

  private AddressRanges(List<Block> blocks) {
    this.blocks = blocks;
  }

  /**
   * Parses {@code 10.0.0.0/8}, {@code 192.0.2.7}, {@code fd00::/8}, {@code ::1}...
   *
   * @throws IllegalArgumentException naming the entry that is not an address or CIDR block
   */
  public static AddressRanges parse(List<String> entries) {
    List<Block> blocks = new ArrayList<>(entries.size());
    for (String entry : entries) {
      blocks.add(Block.parse(entry.trim()));
    }
    return new AddressRanges(List.copyOf(blocks));
  }

  /** Whether the set holds no range. */
  public boolean isEmpty() {
    return blocks.isEmpty();
  }

  /** Whether {@code address} (a literal, possibly bracketed IPv6) lies in one of the blocks. */
  public boolean contains(String address) {
    if (blocks.isEmpty() || address == null) {
      return false;
    }
    byte[] bytes = literal(address);
    if (bytes == null) {
      return false;
    }
    for (Block block : blocks) {
      if (block.contains(bytes)) {
        return true;
      }
    }
    return false;
  }

  /** The ranges as they were given. */
  public List<String> describe() {
    List<String> out = new ArrayList<>(blocks.size());
    for (Block b : blocks) {
      out.add(b.text);
    }
    return out;
  }

  /** The bytes of an IP literal, or {@code null} when {@code s} is not one. Never does DNS. */
  public static byte[] literal(String s) {
    String a = s;
    if (a.startsWith("[") && a.endsWith("]")) {
      a = a.substring(1, a.length() - 1);
    }
    if (a.isEmpty() || a.length() > 64) {
      return null;
    }
    if (a.indexOf(':') >= 0) {
      // InetAddress parses a string with ':' as an IPv6 literal (and never looks it up) only when
      // it starts with a hex digit or ':'; anything else (".:1", "%:1") would go to DNS.
      char first = a.charAt(0);
      if (Character.digit(first, 16) < 0 && first != ':') {
        return null;
      }
      for (int i = 0; i < a.length(); i++) {
        char c = a.charAt(i);
        if (!(Character.digit(c, 16) >= 0 || c == ':' || c == '.' || c == '%')) {
          return null;
        }
      }
      try {
        return InetAddress.getByName(a).getAddress();
      } catch (UnknownHostException | SecurityException e) {
        return null;
      }
    }
    return ipv4(a);
  }

  private static byte[] ipv4(String a) {
    byte[] out = new byte[4];
    int part = 0;
    int value = -1;
    for (int i = 0; i <= a.length(); i++) {
      char c = i < a.length() ? a.charAt(i) : '.';
      if (c == '.') {
        if (value < 0 || part == 4) {
          return null;
        }
        out[part++] = (byte) value;
        value = -1;
      } else if (c >= '0' && c <= '9') {
        value = (value < 0 ? 0 : value * 10) + (c - '0');
        if (value > 255) {
          return null;
        }
      } else {
        return null;
      }
    }
    return part == 4 ? out : null;
  }

  private record Block(String text, byte[] network, int prefix) {

    static Block parse(String text) {
      int slash = text.indexOf('/');
      String address = slash < 0 ? text : text.substring(0, slash);
      byte[] bytes = literal(address);
      if (bytes == null) {
        throw new IllegalArgumentException(
            "'" + text + "' is not an IP address or CIDR block (e.g. 10.0.0.0/8, fd00::/8)");
      }
      int bits = bytes.length * 8;
      int prefix = bits;
      if (slash >= 0) {
        try {
          prefix = Integer.parseInt(text.substring(slash + 1));
        } catch (NumberFormatException e) {
          prefix = -1;
        }
        if (prefix < 0 || prefix > bits) {
          throw new IllegalArgumentException(
              "'" + text + "' has a prefix length outside 0.." + bits);
        }
      }
      return new Block(text, bytes, prefix);
    }

    boolean contains(byte[] address) {
      if (address.length != network.length) {
        return false;
      }
      int full = prefix / 8;
      for (int i = 0; i < full; i++) {
        if (address[i] != network[i]) {
          return false;
        }
      }
      int rest = prefix % 8;
      if (rest == 0) {
        return true;
      }
      int mask = (0xff << (8 - rest)) & 0xff;
      return (address[full] & mask) == (network[full] & mask);
    }
  }
}
