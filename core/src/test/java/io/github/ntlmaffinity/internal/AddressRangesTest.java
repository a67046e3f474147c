package io.github.ntlmaffinity.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.security.Permission;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class AddressRangesTest {

  @Test
  void noneTrustsNothing() {
    assertThat(AddressRanges.NONE.isEmpty()).isTrue();
    assertThat(AddressRanges.NONE.contains("127.0.0.1")).isFalse();
    assertThat(AddressRanges.parse(List.of()).contains("10.0.0.1")).isFalse();
  }

  @Test
  void ipv4LiteralIsASingleAddress() {
    AddressRanges p = AddressRanges.parse(List.of("192.0.2.7"));

    assertThat(p.isEmpty()).isFalse();
    assertThat(p.contains("192.0.2.7")).isTrue();
    assertThat(p.contains("192.0.2.6")).isFalse();
    assertThat(p.contains("192.0.2.8")).isFalse();
    assertThat(p.contains("192.0.2.70")).isFalse();
  }

  @ParameterizedTest(name = "{0} contains {1}: {2}")
  @CsvSource({
    "10.0.0.0/8, 10.0.0.0, true",
    "10.0.0.0/8, 10.255.255.255, true",
    "10.0.0.0/8, 11.0.0.0, false",
    "10.0.0.0/8, 9.255.255.255, false",
    "0.0.0.0/0, 203.0.113.9, true",
    "0.0.0.0/0, 0.0.0.0, true",
    "0.0.0.0/0, ::1, false",
    "192.0.2.6/31, 192.0.2.6, true",
    "192.0.2.6/31, 192.0.2.7, true",
    "192.0.2.6/31, 192.0.2.5, false",
    "192.0.2.6/31, 192.0.2.8, false",
    "192.0.2.7/32, 192.0.2.7, true",
    "192.0.2.7/32, 192.0.2.6, false",
    "172.16.0.0/12, 172.31.255.255, true",
    "172.16.0.0/12, 172.32.0.0, false",
    "172.16.0.0/12, 172.15.255.255, false",
    // A host part in the network is ignored, as CIDR notation means it.
    "10.1.2.3/8, 10.200.0.1, true",
    "::1, ::1, true",
    "::1, [::1], true",
    "::1, ::2, false",
    "::1, 127.0.0.1, false",
    "::1/128, 0:0:0:0:0:0:0:1, true",
    "::1/128, ::, false",
    "2001:db8::1/128, 2001:db8::1, true",
    "2001:db8::1/128, 2001:db8::2, false",
    "2001:db8::/32, 2001:db8:ffff:ffff:ffff:ffff:ffff:ffff, true",
    "2001:db8::/32, 2001:db9::, false",
    "fd00::/8, fd12:3456:789a::1, true",
    "fd00::/8, fdff:ffff:ffff:ffff:ffff:ffff:ffff:ffff, true",
    "fd00::/8, fc00::1, false",
    "fd00::/8, fe00::1, false",
    "fd00::/8, 10.0.0.1, false",
    "::/0, 2001:db8::1, true",
    "::/0, 10.0.0.1, false",
    "[2001:db8::7], 2001:db8::7, true",
    "[2001:db8::7], [2001:db8::7], true",
    "[2001:db8::]/64, 2001:db8::abcd, true",
    "[2001:db8::]/64, 2001:db8:0:1::, false",
    // Leading and trailing blanks of an entry are ignored.
    "'  10.0.0.0/8  ', 10.9.9.9, true",
  })
  void cidrMembership(String entry, String address, boolean expected) {
    assertThat(AddressRanges.parse(List.of(entry)).contains(address)).isEqualTo(expected);
  }

  @Test
  void anyBlockMatches() {
    AddressRanges p = AddressRanges.parse(List.of("10.0.0.0/8", "192.0.2.7", "fd00::/8"));

    assertThat(p.contains("10.1.1.1")).isTrue();
    assertThat(p.contains("192.0.2.7")).isTrue();
    assertThat(p.contains("fd00::5")).isTrue();
    assertThat(p.contains("192.0.2.8")).isFalse();
    assertThat(p.describe()).containsExactly("10.0.0.0/8", "192.0.2.7", "fd00::/8");
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "",
        "localhost",
        "unknown",
        "_gazonk",
        "10.0.0",
        "10.0.0.1.2",
        "10.0.0.256",
        "10..0.1",
        "10.0.0.1:8080",
        "[10.0.0.1]x",
        "2001:db8::1:80]",
        "example.com",
        "proxy.example.com:3128",
        " 10.0.0.1",
      })
  void containsIsFalseForWhatIsNoLiteral(String address) {
    AddressRanges p = AddressRanges.parse(List.of("0.0.0.0/0", "::/0"));

    assertThat(p.contains(address)).isFalse();
    assertThat(p.contains(null)).isFalse();
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "localhost",
        "example.com",
        "10.0.0.256",
        "10.0.0",
        "10.0.0.0/33",
        "10.0.0.0/-1",
        "10.0.0.0/",
        "10.0.0.0/8/8",
        "10.0.0.0/x",
        "::1/129",
        "fd00::/8x",
        "gggg::1",
        "2001:db8::1::2",
        "*",
        "",
        "proxy.example.com/24",
      })
  void badEntryThrowsNamingIt(String entry) {
    assertThatThrownBy(() -> AddressRanges.parse(List.of("10.0.0.0/8", entry)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("'" + entry.trim() + "'");
  }

  @Test
  void prefixOutsideRangeSaysTheRange() {
    assertThatThrownBy(() -> AddressRanges.parse(List.of("10.0.0.0/33")))
        .hasMessage("'10.0.0.0/33' has a prefix length outside 0..32");
    assertThatThrownBy(() -> AddressRanges.parse(List.of("fd00::/129")))
        .hasMessage("'fd00::/129' has a prefix length outside 0..128");
  }

  /**
   * Parsing entries and matching addresses from forwarded-for headers must never ask DNS: a name
   * lookup would block the request thread and leak the header to the resolver. A security manager
   * sees every lookup InetAddress attempts ({@code checkConnect(host, -1)}); literals need none.
   * Skipped on JDKs that no longer let a test install one.
   */
  @Test
  @SuppressWarnings("removal")
  void neverResolvesANameWhetherEntryOrAddress() {
    List<String> names =
        List.of(
            "localhost",
            "example.com",
            ".:1",
            "%:1",
            ".1:2",
            "%1:2::",
            "[.:1]",
            "a.b:c",
            "10.0.0.256",
            "::1",
            "10.0.0.1",
            "fd00::1%1");
    RecordingSecurityManager recorder = new RecordingSecurityManager();
    SecurityManager previous = System.getSecurityManager();
    AddressRanges p = AddressRanges.parse(List.of("0.0.0.0/0", "::/0"));
    List<String> refused = new ArrayList<>();
    try {
      System.setSecurityManager(recorder);
    } catch (UnsupportedOperationException e) {
      // JDK 18+ without -Djava.security.manager=allow, and every JDK from 24: nothing to see with.
      Assumptions.abort("no security manager to record name lookups: " + e.getMessage());
    }
    try {
      for (String name : names) {
        p.contains(name);
        try {
          AddressRanges.parse(List.of(name));
        } catch (IllegalArgumentException expected) {
          refused.add(name);
        }
      }
    } finally {
      System.setSecurityManager(previous);
    }

    assertThat(recorder.lookups()).isEmpty();
    assertThat(refused).doesNotContain("::1", "10.0.0.1").contains("localhost", ".:1", "%:1");
  }

  /** Allows everything and records the host names InetAddress would resolve. */
  @SuppressWarnings("removal")
  private static final class RecordingSecurityManager extends SecurityManager {
    private final List<String> lookups = Collections.synchronizedList(new ArrayList<>());

    @Override
    public void checkConnect(String host, int port) {
      if (port == -1) {
        lookups.add(host);
      }
    }

    @Override
    public void checkPermission(Permission perm) {}

    @Override
    public void checkPermission(Permission perm, Object context) {}

    List<String> lookups() {
      return List.copyOf(lookups);
    }
  }
}
