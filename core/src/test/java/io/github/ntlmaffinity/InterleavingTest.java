package io.github.ntlmaffinity;

import static io.github.ntlmaffinity.FindingType.CHALLENGE_ABANDONED;
import static io.github.ntlmaffinity.FindingType.CONNECTION_SHARED_BY_CLIENTS;
import static io.github.ntlmaffinity.FindingType.HANDSHAKE_SPLIT_ACROSS_CONNECTIONS;
import static io.github.ntlmaffinity.FindingType.UNMATCHED_AUTHENTICATE;
import static io.github.ntlmaffinity.FindingType.WEAK_NTLM;
import static org.assertj.core.api.Assertions.assertThat;

import io.github.ntlmaffinity.testing.NtlmTestMessages;
import io.github.ntlmaffinity.testing.ServerIdentity;
import io.github.ntlmaffinity.testing.TestClock;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/**
 * Two logins on one pooled backend connection, told apart by their end clients (a trusted
 * balancer's X-Forwarded-For) and workstations: what a balancer that shares connections between
 * clients mid-handshake does.
 */
class InterleavingTest {
  private static final NtlmTestMessages NTLMV1 = NtlmTestMessages.lmCompatibility(2);
  private static final String ALICE = "203.0.113.7";
  private static final String BOB = "198.51.100.9";

  private final TestClock clock = new TestClock(Instant.parse("2026-11-24T21:14:03Z"));
  private final TestNode node =
      new TestNode("node-a", ServerIdentity.NODE_A, clock, b -> b.trustedProxies("10.0.0.1"));

  @Test
  void anotherLoginsNegotiateBetweenChallengeAndAuthenticateIsReportedOnTheAuthenticate() {
    ConnectionInfo pooled = node.connection();
    byte[] aliceChallenge = negotiate(pooled, ALICE);
    negotiate(pooled, BOB);
    byte[] type3 = TestNode.JCIFS.authenticate(aliceChallenge, "EXAMPLE", "alice", "pw", "WS-A");
    send(pooled, type3, ALICE, 401);

    assertThat(node.findingTypes())
        .containsExactlyInAnyOrder(
            CHALLENGE_ABANDONED, CONNECTION_SHARED_BY_CLIENTS, CHALLENGE_ABANDONED);
    Finding shared = node.findings(CONNECTION_SHARED_BY_CLIENTS).get(0);
    assertThat(shared.connection()).isEqualTo(pooled);
    assertThat(shared.explanation())
        .contains(ALICE)
        .contains(BOB)
        .contains(pooled.key())
        .contains("in the middle of a handshake");
    assertThat(shared.user()).isEqualTo("alice");
  }

  @Test
  void anNtlmv1AuthenticateIsNotTiedToAnotherClientsChallengeOnItsConnection() {
    ConnectionInfo first = node.connection();
    ConnectionInfo pooled = node.connection();
    byte[] aliceChallenge = negotiate(first, ALICE);
    negotiate(pooled, BOB);
    byte[] type3 = NTLMV1.authenticate(aliceChallenge, "EXAMPLE", "alice", "pw", "WS-A");
    send(pooled, type3, ALICE, 401);

    assertThat(node.findingTypes())
        .containsExactlyInAnyOrder(
            HANDSHAKE_SPLIT_ACROSS_CONNECTIONS,
            CHALLENGE_ABANDONED,
            CHALLENGE_ABANDONED,
            WEAK_NTLM);
    Finding split = node.findings(HANDSHAKE_SPLIT_ACROSS_CONNECTIONS).get(0);
    assertThat(split.connection()).isEqualTo(pooled);
    assertThat(split.otherConnection()).isEqualTo(first);
    assertThat(node.findings(CHALLENGE_ABANDONED))
        .extracting(Finding::connection)
        .containsExactlyInAnyOrder(first, pooled);
  }

  @Test
  void withoutAnOwnChallengeElsewhereItIsUnmatchedNamingTheOtherClient() {
    ConnectionInfo pooled = node.connection();
    negotiate(pooled, BOB);
    byte[] foreign = new TestNode("node-b", ServerIdentity.NODE_B, clock).challenge();
    byte[] type3 = NTLMV1.authenticate(foreign, "EXAMPLE", "alice", "pw", "WS-A");
    send(pooled, type3, ALICE, 401);

    Finding unmatched = node.findings(UNMATCHED_AUTHENTICATE).get(0);
    assertThat(unmatched.explanation()).contains("another login").contains(BOB);
    assertThat(node.findings(CHALLENGE_ABANDONED)).extracting(Finding::connection).contains(pooled);
  }

  @Test
  void theSameClientOnItsOwnConnectionIsClean() {
    ConnectionInfo c = node.connection();
    byte[] challenge = negotiate(c, ALICE);
    send(c, NTLMV1.authenticate(challenge, "EXAMPLE", "alice", "pw", "WS-A"), ALICE, 200);

    assertThat(node.findingTypes()).containsExactly(WEAK_NTLM);
    assertThat(node.affinity.counters().handshakesSucceeded()).isEqualTo(1);
  }

  @Test
  void anotherUserLoggingInOnAnAuthenticatedConnectionIsSharingWithoutAnyAddress() {
    // No forwarded address at all: only the users and workstations tell the logins apart.
    TestNode plainNode = new TestNode("node-b", ServerIdentity.NODE_B, clock);
    ConnectionInfo pooled = plainNode.connection();
    byte[] first = plainNode.negotiate(pooled);
    plainNode.send(
        TestNode.authorization(
            pooled,
            NtlmTestMessages.ntlmHeader(
                TestNode.JCIFS.authenticate(first, "EXAMPLE", "alice", "pw", "WS-A"))),
        200,
        false);
    byte[] second = plainNode.negotiate(pooled);
    plainNode.send(
        TestNode.authorization(
            pooled,
            NtlmTestMessages.ntlmHeader(
                TestNode.JCIFS.authenticate(second, "EXAMPLE", "bob", "pw", "WS-B"))),
        200,
        false);

    assertThat(plainNode.findingTypes()).containsExactly(CONNECTION_SHARED_BY_CLIENTS);
    assertThat(plainNode.recorded.findings().get(0).explanation())
        .contains("authenticated as alice from WS-A")
        .contains("login as bob from WS-B");
  }

  @Test
  void theSameUserLoggingInAgainIsNotSharing() {
    TestNode plainNode = new TestNode("node-b", ServerIdentity.NODE_B, clock);
    ConnectionInfo c = plainNode.connection();
    plainNode.authenticate(c, plainNode.negotiate(c), 200);
    plainNode.authenticate(c, plainNode.negotiate(c), 200);

    assertThat(plainNode.findingTypes()).isEmpty();
  }

  @Test
  void aRequestWithItsOwnNtlmMessageIsNotSaidToRunAsTheFirstClient() {
    ConnectionInfo c = node.connection();
    byte[] challenge = negotiate(c, ALICE);
    send(c, TestNode.JCIFS.authenticate(challenge, "EXAMPLE", "alice", "pw", "WS-A"), ALICE, 200);
    negotiate(c, BOB);
    node.send(FakeRequest.on(c).header("X-Forwarded-For", "192.0.2.1"), 200, false);

    assertThat(node.findings(CONNECTION_SHARED_BY_CLIENTS))
        .extracting(Finding::explanation)
        .satisfiesExactlyInAnyOrder(
            withNtlm -> assertThat(withNtlm).contains("an NTLM message of its own"),
            // The plain request also came while bob's login waited on the connection.
            midHandshake -> assertThat(midHandshake).contains("in the middle of a handshake"),
            plain -> assertThat(plain).contains("runs with the first client's identity"));
  }

  @Test
  void anotherClientsRequestWithoutCredentialsMidHandshakeIsSharing() {
    ConnectionInfo pooled = node.connection();
    negotiate(pooled, ALICE);
    node.send(FakeRequest.on(pooled).header("X-Forwarded-For", BOB), 401, false);

    assertThat(node.findingTypes())
        .containsExactlyInAnyOrder(CHALLENGE_ABANDONED, CONNECTION_SHARED_BY_CLIENTS);
    assertThat(node.findings(CONNECTION_SHARED_BY_CLIENTS).get(0).explanation())
        .contains(BOB)
        .contains("login of " + ALICE);
  }

  @Test
  void theSameClientsRequestMidHandshakeIsOnlyAnAbandonedChallenge() {
    ConnectionInfo pooled = node.connection();
    negotiate(pooled, ALICE);
    node.send(FakeRequest.on(pooled).header("X-Forwarded-For", ALICE), 401, false);

    assertThat(node.findingTypes()).containsExactly(CHALLENGE_ABANDONED);
  }

  private byte[] negotiate(ConnectionInfo on, String client) {
    return node.send(
        TestNode.authorization(on, NtlmTestMessages.ntlmHeader(TestNode.JCIFS.negotiate()))
            .header("X-Forwarded-For", client),
        401,
        false);
  }

  private void send(ConnectionInfo on, byte[] type3, String client, int status) {
    node.send(
        TestNode.authorization(on, NtlmTestMessages.ntlmHeader(type3))
            .header("X-Forwarded-For", client),
        status,
        false);
  }
}
