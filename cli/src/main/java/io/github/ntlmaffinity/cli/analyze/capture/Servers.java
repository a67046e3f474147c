package io.github.ntlmaffinity.cli.analyze.capture;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.List;

/** The {@code --server} values: address literals, each with a port or any port. */
final class Servers {
  private final List<TcpConnection.Endpoint> list;

  private Servers(List<TcpConnection.Endpoint> list) {
    this.list = List.copyOf(list);
  }

  static Servers parse(List<String> values) {
    List<TcpConnection.Endpoint> list = new ArrayList<>();
    for (String v : values) {
      String address = v;
      int port = -1;
      if (v.startsWith("[")) {
        int close = v.indexOf(']');
        if (close < 0) {
          throw bad(v);
        }
        address = v.substring(1, close);
        if (close + 1 < v.length()) {
          port = port(v.substring(close + 1), v);
        }
      } else if (v.indexOf(':') == v.lastIndexOf(':') && v.indexOf(':') > 0) {
        address = v.substring(0, v.indexOf(':'));
        port = port(v.substring(v.indexOf(':')), v);
      }
      list.add(new TcpConnection.Endpoint(literal(address, v), port));
    }
    return new Servers(list);
  }

  boolean isEmpty() {
    return list.isEmpty();
  }

  /**
   * Whether the second end is the server ({@code true}), the first ({@code false}), or neither is
   * named ({@code null}).
   */
  Boolean serverIsSecond(TcpConnection.Endpoint first, TcpConnection.Endpoint second) {
    if (matches(second)) {
      return Boolean.TRUE;
    }
    if (matches(first)) {
      return Boolean.FALSE;
    }
    return null;
  }

  private boolean matches(TcpConnection.Endpoint e) {
    for (TcpConnection.Endpoint s : list) {
      if (s.address().equals(e.address()) && (s.port() < 0 || s.port() == e.port())) {
        return true;
      }
    }
    return false;
  }

  private static int port(String colonPort, String v) {
    if (!colonPort.startsWith(":") || colonPort.length() < 2 || colonPort.length() > 6) {
      throw bad(v);
    }
    try {
      int p = Integer.parseInt(colonPort.substring(1));
      if (p < 1 || p > 65535) {
        throw bad(v);
      }
      return p;
    } catch (NumberFormatException e) {
      throw bad(v);
    }
  }

  /** The address as the capture reader writes it; literals only, never a name look-up. */
  private static String literal(String address, String v) {
    if (address.matches("\\d{1,3}(\\.\\d{1,3}){3}")) {
      for (String part : address.split("\\.")) {
        if (Integer.parseInt(part) > 255) {
          throw bad(v);
        }
      }
      return address;
    }
    if (address.matches("[0-9A-Fa-f:.]+") && address.indexOf(':') >= 0) {
      try {
        return InetAddress.getByName(address).getHostAddress();
      } catch (UnknownHostException e) {
        throw bad(v);
      }
    }
    throw bad(v);
  }

  private static IllegalArgumentException bad(String v) {
    return new IllegalArgumentException(
        "--server " + v + ": expected an IP address, IP:PORT or [IPv6]:PORT");
  }
}
