package io.github.ntlmaffinity.internal.engine;

import io.github.ntlmaffinity.ConnectionInfo;
import io.github.ntlmaffinity.ExchangeRequest;
import io.github.ntlmaffinity.internal.AddressRanges;
import io.github.ntlmaffinity.internal.KeyedHash;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Who the end client is, as far as the backend can tell: the first untrusted address of the
 * forwarded-for chain when the peer is a trusted proxy, and the values of the configured affinity
 * cookies.
 *
 * @param address the end client's address, or the peer's when no trusted proxy forwarded it
 * @param cookies the {@linkplain #fingerprint fingerprints} of the configured affinity cookies
 *     present, by name in configured order; empty when none
 */
public record ClientId(String address, Map<String, String> cookies) {
  private static final int MAX_CHAIN = 32;
  private static final int MAX_VALUE = 128;
  private static final KeyedHash COOKIE_HASH = new KeyedHash();

  public ClientId {
    cookies = cookies == null ? Map.of() : cookies;
  }

  /** Resolves the client of a request. Header values are bounded before use. */
  static ClientId resolve(
      ExchangeRequest request,
      ConnectionInfo connection,
      AddressRanges trusted,
      List<String> cookieNames) {
    String address = connection.remoteAddress();
    if (!trusted.isEmpty() && trusted.contains(address)) {
      List<String> chain = forwardedChain(request);
      for (int i = chain.size() - 1; i >= 0; i--) {
        address = chain.get(i);
        if (!trusted.contains(address)) {
          break;
        }
      }
    }
    Map<String, String> cookies = Map.of();
    if (!cookieNames.isEmpty()) {
      Map<String, String> found = null;
      for (String name : cookieNames) {
        String value = request.cookie(name);
        if (value != null) {
          if (found == null) {
            found = new LinkedHashMap<>(4);
          }
          found.put(name, fingerprint(bound(value)));
        }
      }
      cookies = found == null ? Map.of() : Collections.unmodifiableMap(found);
    }
    return new ClientId(address, cookies);
  }

  /**
   * Whether this and {@code other} are certainly different clients: different addresses, or
   * different values of the same affinity cookie. A cookie present on one request only is no
   * evidence (balancers set it on a first response), also when other cookies are on both.
   */
  boolean differsFrom(ClientId other) {
    if (address != null && other.address != null && !address.equals(other.address)) {
      return true;
    }
    for (Map.Entry<String, String> cookie : cookies.entrySet()) {
      String theirs = other.cookies.get(cookie.getKey());
      if (theirs != null && !theirs.equals(cookie.getValue())) {
        return true;
      }
    }
    return false;
  }

  /**
   * How it is shown: {@code 203.0.113.7}, or {@code 203.0.113.7 (SERVERID=#3f2a…; AWSALB=#91c0…)}
   * with each configured affinity cookie's {@linkplain #fingerprint fingerprint}, never its value.
   */
  String display() {
    if (cookies.isEmpty()) {
      return address;
    }
    StringBuilder s = new StringBuilder().append(address).append(" (");
    String separator = "";
    for (Map.Entry<String, String> cookie : cookies.entrySet()) {
      s.append(separator).append(cookie.getKey()).append('=').append(cookie.getValue());
      separator = "; ";
    }
    return s.append(')').toString();
  }

  /** The {@code for} values of {@code Forwarded} (RFC 7239), else of {@code X-Forwarded-For}. */
  static List<String> forwardedChain(ExchangeRequest request) {
    List<String> chain = new ArrayList<>(4);
    String forwarded = request.header("Forwarded");
    if (forwarded != null) {
      for (String element : split(forwarded, ',')) {
        for (String pair : split(element, ';')) {
          int eq = pair.indexOf('=');
          if (eq > 0 && pair.substring(0, eq).trim().equalsIgnoreCase("for")) {
            chain.add(node(pair.substring(eq + 1)));
            if (chain.size() == MAX_CHAIN) {
              // One element may carry several for= (not RFC 7239, but a client can send it).
              return chain;
            }
          }
        }
      }
      if (!chain.isEmpty()) {
        return chain;
      }
    }
    String xff = request.header("X-Forwarded-For");
    if (xff != null) {
      for (String item : split(xff, ',')) {
        chain.add(node(item));
      }
    }
    return chain;
  }

  private static List<String> split(String value, char separator) {
    List<String> parts = new ArrayList<>(4);
    int start = 0;
    int limit = Math.min(value.length(), MAX_CHAIN * MAX_VALUE);
    for (int i = 0; i <= limit && parts.size() < MAX_CHAIN; i++) {
      if (i == limit || value.charAt(i) == separator) {
        String part = value.substring(start, i).trim();
        if (!part.isEmpty()) {
          parts.add(part);
        }
        start = i + 1;
      }
    }
    return parts;
  }

  /** A node of a forwarded chain without quotes, brackets or port: the address alone. */
  static String node(String raw) {
    String v = raw.trim();
    if (v.length() >= 2 && v.startsWith("\"") && v.endsWith("\"")) {
      v = v.substring(1, v.length() - 1);
    }
    if (v.startsWith("[")) {
      int close = v.indexOf(']');
      if (close > 0) {
        v = v.substring(1, close);
      }
    } else {
      int colon = v.indexOf(':');
      if (colon > 0 && colon == v.lastIndexOf(':')) {
        v = v.substring(0, colon);
      }
    }
    return bound(v);
  }

  /**
   * A cookie value as the tracker keeps and shows it: {@code #} and 12 hex digits of an HMAC-SHA256
   * under a key drawn once per process. Equal values give equal fingerprints, so clients are told
   * apart as by the values, but no value (an affinity cookie can be an opaque session token) is
   * kept, logged or shown, and the fingerprint's size does not follow the value's.
   */
  static String fingerprint(String value) {
    return "#" + COOKIE_HASH.hex(value, 6);
  }

  private static String bound(String v) {
    return v.length() > MAX_VALUE ? v.substring(0, MAX_VALUE) : v;
  }
}
