package io.github.ntlmaffinity.internal.engine;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.ntlmaffinity.ConnectionInfo;
import io.github.ntlmaffinity.FakeRequest;
import io.github.ntlmaffinity.internal.AddressRanges;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ClientIdTest {
  private static final AddressRanges BALANCERS = AddressRanges.parse(List.of("10.0.0.0/8"));
  private static final ConnectionInfo FROM_BALANCER = FakeRequest.connection("10.0.0.1", 40001);
  private static final ConnectionInfo FROM_CLIENT = FakeRequest.connection("198.51.100.9", 50001);

  @Test
  void withoutTrustedProxiesTheClientIsThePeer() {
    FakeRequest request =
        FakeRequest.on(FROM_BALANCER)
            .header("X-Forwarded-For", "203.0.113.7")
            .header("Forwarded", "for=203.0.113.8");

    ClientId id = ClientId.resolve(request, FROM_BALANCER, AddressRanges.NONE, List.of());

    assertThat(id.address()).isEqualTo("10.0.0.1");
    assertThat(id.display()).isEqualTo("10.0.0.1");
  }

  @Test
  void trustedPeerWithoutForwardedHeadersIsTheClient() {
    ClientId id = resolve(FakeRequest.on(FROM_BALANCER));

    assertThat(id.address()).isEqualTo("10.0.0.1");
  }

  @Test
  void xForwardedForFromATrustedPeerNamesTheClient() {
    ClientId id = resolve(FakeRequest.on(FROM_BALANCER).header("X-Forwarded-For", "203.0.113.7"));

    assertThat(id.address()).isEqualTo("203.0.113.7");
    assertThat(id.display()).isEqualTo("203.0.113.7");
  }

  @Test
  void trustedHopsAreSkippedFromTheRight() {
    ClientId id =
        resolve(
            FakeRequest.on(FROM_BALANCER)
                .header("X-Forwarded-For", "203.0.113.7, 10.0.0.5 ,10.9.9.9"));

    assertThat(id.address()).isEqualTo("203.0.113.7");
  }

  @Test
  void spoofedEntriesLeftOfTheFirstUntrustedHopAreIgnored() {
    // The client sent "X-Forwarded-For: 192.0.2.66"; the balancer appended what it saw.
    ClientId id =
        resolve(
            FakeRequest.on(FROM_BALANCER)
                .header("X-Forwarded-For", "192.0.2.66, 203.0.113.7, 10.0.0.5"));

    assertThat(id.address()).isEqualTo("203.0.113.7");
  }

  @Test
  void xForwardedForFromAnUntrustedPeerIsIgnored() {
    FakeRequest request =
        FakeRequest.on(FROM_CLIENT)
            .header("X-Forwarded-For", "203.0.113.7")
            .header("Forwarded", "for=203.0.113.8");

    ClientId id = ClientId.resolve(request, FROM_CLIENT, BALANCERS, List.of());

    assertThat(id.address()).isEqualTo("198.51.100.9");
  }

  @Test
  void whenEveryHopIsTrustedTheLeftmostIsTheClient() {
    ClientId id =
        resolve(FakeRequest.on(FROM_BALANCER).header("X-Forwarded-For", "10.2.2.2, 10.3.3.3"));

    assertThat(id.address()).isEqualTo("10.2.2.2");
  }

  @Test
  void forwardedRfc7239ForValuesAreTheChain() {
    FakeRequest request =
        FakeRequest.on(FROM_BALANCER)
            .header("Forwarded", "for=192.0.2.60;proto=http, for=\"[2001:db8::1]:4711\"");

    assertThat(ClientId.forwardedChain(request)).containsExactly("192.0.2.60", "2001:db8::1");
    assertThat(resolve(request).address()).isEqualTo("2001:db8::1");

    AddressRanges alsoV6 = AddressRanges.parse(List.of("10.0.0.0/8", "2001:db8::/32"));
    assertThat(ClientId.resolve(request, FROM_BALANCER, alsoV6, List.of()).address())
        .isEqualTo("192.0.2.60");
  }

  @Test
  void forwardedParametersInAnyOrderAndCase() {
    FakeRequest request =
        FakeRequest.on(FROM_BALANCER)
            .header("Forwarded", "proto=https;For=\"203.0.113.43:8443\";by=10.0.0.1");

    assertThat(ClientId.forwardedChain(request)).containsExactly("203.0.113.43");
    assertThat(resolve(request).address()).isEqualTo("203.0.113.43");
  }

  @Test
  void forwardedWinsOverXForwardedFor() {
    FakeRequest request =
        FakeRequest.on(FROM_BALANCER)
            .header("Forwarded", "for=203.0.113.8")
            .header("X-Forwarded-For", "203.0.113.7");

    assertThat(resolve(request).address()).isEqualTo("203.0.113.8");
  }

  @Test
  void forwardedWithoutForFallsBackToXForwardedFor() {
    FakeRequest request =
        FakeRequest.on(FROM_BALANCER)
            .header("Forwarded", "proto=https;host=example.test")
            .header("X-Forwarded-For", "203.0.113.7");

    assertThat(ClientId.forwardedChain(request)).containsExactly("203.0.113.7");
    assertThat(resolve(request).address()).isEqualTo("203.0.113.7");
  }

  @ParameterizedTest(name = "{0} -> {1}")
  @CsvSource(
      delimiter = '|',
      value = {
        "203.0.113.7:5555 | 203.0.113.7",
        "'  203.0.113.7  ' | 203.0.113.7",
        "\"203.0.113.7:5555\" | 203.0.113.7",
        "[2001:db8::1]:4711 | 2001:db8::1",
        "\"[2001:db8::1]:4711\" | 2001:db8::1",
        "[2001:db8::1] | 2001:db8::1",
        "2001:db8::1 | 2001:db8::1",
        "::ffff:203.0.113.7 | ::ffff:203.0.113.7",
        "unknown | unknown",
        "_hidden:_port | _hidden",
      })
  void nodeHasNoQuotesBracketsOrPort(String raw, String address) {
    assertThat(ClientId.node(raw)).isEqualTo(address);
  }

  @Test
  void affinityCookiesTellClientsApart() {
    FakeRequest request =
        FakeRequest.on(FROM_BALANCER)
            .header("X-Forwarded-For", "203.0.113.7")
            .cookie("SERVERID", "b")
            .cookie("JSESSIONID", "not-configured");

    ClientId id =
        ClientId.resolve(request, FROM_BALANCER, BALANCERS, List.of("SERVERID", "AWSALB"));

    assertThat(id.address()).isEqualTo("203.0.113.7");
    assertThat(id.display())
        .isEqualTo("203.0.113.7 (SERVERID=" + ClientId.fingerprint("b") + ")")
        .matches("203\\.0\\.113\\.7 \\(SERVERID=#[0-9a-f]{12}\\)");

    ClientId both =
        ClientId.resolve(
            request.cookie("AWSALB", "xyz"),
            FROM_BALANCER,
            BALANCERS,
            List.of("SERVERID", "AWSALB"));
    assertThat(both.display())
        .isEqualTo(
            "203.0.113.7 (SERVERID="
                + ClientId.fingerprint("b")
                + "; AWSALB="
                + ClientId.fingerprint("xyz")
                + ")")
        .doesNotContain("xyz");
  }

  @Test
  void noConfiguredCookieMeansNoCookiePart() {
    FakeRequest request = FakeRequest.on(FROM_BALANCER).cookie("OTHER", "1");

    ClientId id = ClientId.resolve(request, FROM_BALANCER, BALANCERS, List.of("SERVERID"));

    assertThat(id.display()).isEqualTo("10.0.0.1");
  }

  @Test
  void differentAddressesDiffer() {
    ClientId a = client("203.0.113.7", null);
    ClientId b = client("203.0.113.8", null);

    assertThat(a.differsFrom(b)).isTrue();
    assertThat(b.differsFrom(a)).isTrue();
    assertThat(a.differsFrom(client("203.0.113.7", null))).isFalse();
  }

  @Test
  void differentValuesOfTheSameCookieDiffer() {
    ClientId a = client("10.0.0.1", "a");
    ClientId b = client("10.0.0.1", "b");

    assertThat(a.differsFrom(b)).isTrue();
    assertThat(a.differsFrom(client("10.0.0.1", "a"))).isFalse();
  }

  @Test
  void aCookieOnOneSideOnlyIsNoEvidence() {
    ClientId without = client("10.0.0.1", null);
    ClientId with = client("10.0.0.1", "a");

    assertThat(without.differsFrom(with)).isFalse();
    assertThat(with.differsFrom(without)).isFalse();
  }

  @Test
  void aSecondCookieOnOneSideOnlyIsNoEvidence() {
    // The balancer set AWSALB on the first response: the same client now sends both cookies.
    List<String> names = List.of("SERVERID", "AWSALB");
    ClientId first =
        ClientId.resolve(
            FakeRequest.on(FROM_BALANCER).cookie("SERVERID", "a"), FROM_BALANCER, BALANCERS, names);
    ClientId later =
        ClientId.resolve(
            FakeRequest.on(FROM_BALANCER).cookie("SERVERID", "a").cookie("AWSALB", "x"),
            FROM_BALANCER,
            BALANCERS,
            names);
    ClientId other =
        ClientId.resolve(
            FakeRequest.on(FROM_BALANCER).cookie("SERVERID", "b").cookie("AWSALB", "x"),
            FROM_BALANCER,
            BALANCERS,
            names);

    assertThat(first.differsFrom(later)).isFalse();
    assertThat(later.differsFrom(first)).isFalse();
    assertThat(first.differsFrom(other)).isTrue();
    assertThat(later.differsFrom(other)).isTrue();
  }

  @Test
  void anUnknownAddressIsNoEvidence() {
    ClientId unknown = new ClientId(null, null);

    assertThat(unknown.differsFrom(client("10.0.0.1", null))).isFalse();
    assertThat(client("10.0.0.1", null).differsFrom(unknown)).isFalse();
  }

  @Test
  void xForwardedForChainIsCutAt32Entries() {
    StringBuilder xff = new StringBuilder("203.0.113.7");
    for (int i = 0; i < 1000; i++) {
      xff.append(", 10.0.").append(i / 256).append('.').append(i % 256);
    }
    FakeRequest request = FakeRequest.on(FROM_BALANCER).header("X-Forwarded-For", xff.toString());

    List<String> chain = ClientId.forwardedChain(request);

    assertThat(chain).hasSize(32).startsWith("203.0.113.7", "10.0.0.0");
    // The cut keeps the leftmost entries; every kept hop is trusted, so the leftmost is chosen.
    assertThat(resolve(request).address()).isEqualTo("203.0.113.7");
  }

  @Test
  void forwardedChainIsCutAt32EntriesHoweverTheyAreGrouped() {
    // Several for= in one element is not RFC 7239, but a client can send it.
    String element = "for=10.0.0.1;for=10.0.0.2;for=10.0.0.3";
    StringBuilder forwarded = new StringBuilder(element);
    for (int i = 0; i < 200; i++) {
      forwarded.append(", ").append(element);
    }
    FakeRequest many = FakeRequest.on(FROM_BALANCER).header("Forwarded", forwarded.toString());

    assertThat(ClientId.forwardedChain(many)).hasSize(32);

    StringBuilder oneElement = new StringBuilder("for=203.0.113.7");
    for (int i = 0; i < 200; i++) {
      oneElement.append(";for=10.0.0.").append(i);
    }
    FakeRequest wide = FakeRequest.on(FROM_BALANCER).header("Forwarded", oneElement.toString());
    assertThat(ClientId.forwardedChain(wide)).hasSize(32).startsWith("203.0.113.7");
  }

  @Test
  void valuesAreCutAt128Characters() {
    String huge = "x".repeat(10_000);
    FakeRequest request =
        FakeRequest.on(FROM_BALANCER)
            .header("X-Forwarded-For", huge + ", " + huge)
            .cookie("SERVERID", huge);

    ClientId id = ClientId.resolve(request, FROM_BALANCER, BALANCERS, List.of("SERVERID"));

    assertThat(id.address()).isEqualTo("x".repeat(128));
    assertThat(id.display())
        .isEqualTo("x".repeat(128) + " (SERVERID=" + ClientId.fingerprint("x".repeat(128)) + ")");
    assertThat(ClientId.forwardedChain(request)).allSatisfy(v -> assertThat(v).hasSize(128));
  }

  @Test
  void aHugeHeaderIsReadOnlyAsFarAsTheBounds() {
    // 1,000,000 characters and no separator: one value, cut to 128.
    String huge = "1".repeat(1_000_000);
    FakeRequest request = FakeRequest.on(FROM_BALANCER).header("X-Forwarded-For", huge);

    assertThat(ClientId.forwardedChain(request)).containsExactly("1".repeat(128));
  }

  private static ClientId resolve(FakeRequest request) {
    return ClientId.resolve(request, request.connection(), BALANCERS, List.of());
  }

  private static ClientId client(String address, String serverId) {
    FakeRequest request = FakeRequest.on(FakeRequest.connection(address, 1));
    if (serverId != null) {
      request.cookie("SERVERID", serverId);
    }
    return ClientId.resolve(request, request.connection(), AddressRanges.NONE, List.of("SERVERID"));
  }

  @Test
  void aCookieValueIsKeptAndShownOnlyAsItsFingerprint() {
    String token = "AWSALB-opaque-session-token-0123456789";
    FakeRequest request = FakeRequest.on(FROM_BALANCER).cookie("AWSALB", token);

    ClientId id = ClientId.resolve(request, FROM_BALANCER, BALANCERS, List.of("AWSALB"));
    ClientId again = ClientId.resolve(request, FROM_BALANCER, BALANCERS, List.of("AWSALB"));
    ClientId other =
        ClientId.resolve(
            FakeRequest.on(FROM_BALANCER).cookie("AWSALB", token + "x"),
            FROM_BALANCER,
            BALANCERS,
            List.of("AWSALB"));

    assertThat(id.cookies().get("AWSALB")).matches("#[0-9a-f]{12}");
    assertThat(id.display()).doesNotContain(token).doesNotContain("opaque");
    assertThat(id.toString()).doesNotContain(token);
    assertThat(id.differsFrom(again)).isFalse();
    assertThat(id.differsFrom(other)).isTrue();
  }
}
