package io.github.ntlmaffinity;

import static io.github.ntlmaffinity.FindingType.CHALLENGE_ABANDONED;
import static io.github.ntlmaffinity.FindingType.CHALLENGE_ON_CLOSING_CONNECTION;
import static io.github.ntlmaffinity.FindingType.CONNECTION_SHARED_BY_CLIENTS;
import static io.github.ntlmaffinity.FindingType.HANDSHAKE_SPLIT_ACROSS_CONNECTIONS;
import static io.github.ntlmaffinity.FindingType.HANDSHAKE_SPLIT_ACROSS_NODES;
import static io.github.ntlmaffinity.FindingType.MALFORMED_TOKEN;
import static io.github.ntlmaffinity.FindingType.NEGOTIATE_FELL_BACK_TO_NTLM;
import static io.github.ntlmaffinity.FindingType.NTLM_OVER_HTTP2;
import static io.github.ntlmaffinity.FindingType.REPEATED_HANDSHAKES;
import static io.github.ntlmaffinity.FindingType.UNMATCHED_AUTHENTICATE;
import static io.github.ntlmaffinity.FindingType.WEAK_NTLM;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.ntlmaffinity.testing.NtlmTestMessages;
import io.github.ntlmaffinity.testing.ServerIdentity;
import io.github.ntlmaffinity.testing.SpnegoTokens;
import io.github.ntlmaffinity.testing.TestClock;
import io.github.ntlmaffinity.wire.AuthScheme;
import io.github.ntlmaffinity.wire.MessageType;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/** Scenario tests per finding, positive and negative, from real jcifs-ng messages. */
class NtlmAffinityTest {
  private final TestClock clock = new TestClock(Instant.parse("2026-11-24T21:14:03Z"));
  private final TestNode nodeA = new TestNode("node-a", ServerIdentity.NODE_A, clock);

  @Nested
  class NoFalsePositives {

    @Test
    void cleanHandshakeOnOneConnectionFindsNothing() {
      ConnectionInfo c = nodeA.connection();
      byte[] type2 = nodeA.negotiate(c);
      assertThat(nodeA.affinity.trackedChallenges()).isEqualTo(1);
      nodeA.authenticate(c, type2, 200);

      assertThat(nodeA.recorded.findings()).isEmpty();
      Counters counters = nodeA.affinity.counters();
      assertThat(counters.messages(MessageType.NEGOTIATE)).isEqualTo(1);
      assertThat(counters.messages(MessageType.CHALLENGE)).isEqualTo(1);
      assertThat(counters.messages(MessageType.AUTHENTICATE)).isEqualTo(1);
      assertThat(counters.handshakesSucceeded()).isEqualTo(1);
      assertThat(counters.messages(MessageType.AUTHENTICATE, AuthScheme.NTLM)).isEqualTo(1);
      assertThat(nodeA.affinity.trackedConnections()).isEqualTo(1);
      assertThat(nodeA.affinity.trackedChallenges()).isZero();
      Handshake h = nodeA.affinity.snapshot().handshakes().get(0);
      assertThat(h.outcome()).isEqualTo(Handshake.Outcome.SUCCEEDED);
      assertThat(h.user()).isEqualTo("alice");
      assertThat(h.legs())
          .extracting(Handshake.Leg::type)
          .containsExactly(MessageType.NEGOTIATE, MessageType.CHALLENGE, MessageType.AUTHENTICATE);
      assertThat(h.legs()).allMatch(l -> l.connection().equals(c));
      assertThat(h.legs()).extracting(Handshake.Leg::status).containsExactly(401, 401, 200);
    }

    @Test
    void reauthenticationAndReuseBySameClientFindNothing() {
      ConnectionInfo c = nodeA.connection();
      nodeA.authenticate(c, nodeA.negotiate(c), 200);
      nodeA.plain(c, 200);
      nodeA.plain(c, 200);
      nodeA.authenticate(c, nodeA.negotiate(c), 200);
      nodeA.plain(c, 200);

      assertThat(nodeA.recorded.findings()).isEmpty();
      assertThat(nodeA.affinity.counters().handshakesSucceeded()).isEqualTo(2);
    }

    @Test
    void kerberosThroughNegotiateFindsNothingAndIsCounted() {
      ConnectionInfo c = nodeA.connection();
      byte[] kerberos =
          SpnegoTokens.negTokenInit(
              SpnegoTokens.kerberosApReq(),
              SpnegoTokens.KERBEROS_MICROSOFT_OID,
              SpnegoTokens.NTLMSSP_OID);
      nodeA.send(TestNode.authorization(c, NtlmTestMessages.negotiateHeader(kerberos)), 200, false);

      assertThat(nodeA.recorded.findings()).isEmpty();
      assertThat(nodeA.affinity.counters().otherMechanismTokens()).isEqualTo(1);
      assertThat(nodeA.affinity.snapshot().trackedConnections()).isZero();
    }

    @Test
    void plainTrafficOnUnknownConnectionsIsNotTracked() {
      ConnectionInfo c = nodeA.connection();
      Exchange e = nodeA.affinity.begin(FakeRequest.on(c));
      assertThat(e.isTracked()).isFalse();
      e.complete(200, false);
      assertThat(nodeA.affinity.snapshot().trackedConnections()).isZero();
    }

    @Test
    void plainTrafficOnOtherConnectionsOfAnNtlmNodeIsLookedUpByKeyAlone() {
      ConnectionInfo ntlm = nodeA.connection();
      nodeA.authenticate(ntlm, nodeA.negotiate(ntlm), 200);
      ConnectionInfo other = nodeA.connection();
      AtomicInteger built = new AtomicInteger();
      ExchangeRequest byKey =
          new ExchangeRequest() {
            @Override
            public String header(String name) {
              return null;
            }

            @Override
            public String connectionKey() {
              return other.key();
            }

            @Override
            public ConnectionInfo connection() {
              built.incrementAndGet();
              return other;
            }
          };

      Exchange e = nodeA.affinity.begin(byKey);

      assertThat(e.isTracked()).isFalse();
      assertThat(built).hasValue(0);
      assertThat(nodeA.recorded.findings()).isEmpty();
    }

    @Test
    void failedPasswordIsAnAuthenticationFailureNotASplit() {
      ConnectionInfo c = nodeA.connection();
      nodeA.authenticate(c, nodeA.negotiate(c), 401);

      assertThat(nodeA.recorded.findings()).isEmpty();
      assertThat(nodeA.affinity.counters().handshakesFailed()).isEqualTo(1);
      assertThat(nodeA.affinity.snapshot().handshakes().get(0).outcome())
          .isEqualTo(Handshake.Outcome.FAILED);
    }
  }

  @Nested
  class Splits {

    @Test
    void authenticateOnAnotherConnectionOfTheSameNode() {
      ConnectionInfo first = nodeA.connection();
      ConnectionInfo second = nodeA.connection();
      byte[] type2 = nodeA.negotiate(first);
      nodeA.authenticate(second, type2, 401);

      assertThat(nodeA.findingTypes())
          .containsExactlyInAnyOrder(HANDSHAKE_SPLIT_ACROSS_CONNECTIONS, CHALLENGE_ABANDONED);
      Finding split = nodeA.findings(HANDSHAKE_SPLIT_ACROSS_CONNECTIONS).get(0);
      assertThat(split.connection()).isEqualTo(second);
      assertThat(split.otherConnection()).isEqualTo(first);
      assertThat(split.peer()).isEqualTo(second.peer());
      assertThat(split.user()).isEqualTo("alice");
      assertThat(split.domain()).isEqualTo("EXAMPLE");
      assertThat(split.severity()).isEqualTo(Severity.ERROR);
      assertThat(split.explanation()).contains(first.key()).contains(second.key());
      assertThat(split.advice()).isNotBlank();
      Finding abandoned = nodeA.findings(CHALLENGE_ABANDONED).get(0);
      assertThat(abandoned.connection()).isEqualTo(first);
      assertThat(abandoned.handshakeId()).isEqualTo(split.handshakeId());

      Handshake h = nodeA.affinity.snapshot().handshakes().get(0);
      assertThat(h.legs())
          .extracting(l -> l.connection().key())
          .containsExactly(first.key(), first.key(), second.key());
      // The AUTHENTICATE was refused on the wrong connection: a failed login, and an abandoned
      // challenge.
      assertThat(h.outcome()).isEqualTo(Handshake.Outcome.FAILED);
      assertThat(nodeA.affinity.counters().handshakesFailed()).isEqualTo(1);
      assertThat(nodeA.affinity.counters().handshakesAbandoned()).isEqualTo(1);
    }

    @Test
    void authenticateSentToAnotherNode() {
      TestNode nodeB = new TestNode("node-b", ServerIdentity.NODE_B, clock);
      // node-b has sent a challenge of its own before: it knows its NTLM names.
      nodeB.negotiate(nodeB.connection());
      nodeB.recorded.clear();

      ConnectionInfo toA = nodeA.connection();
      ConnectionInfo toB = nodeB.connection();
      byte[] type2 = nodeA.negotiate(toA);
      nodeB.authenticate(toB, type2, 401);

      Finding split = nodeB.findings(HANDSHAKE_SPLIT_ACROSS_NODES).get(0);
      assertThat(split.otherNode()).isEqualTo("NODE-A");
      assertThat(split.connection()).isEqualTo(toB);
      assertThat(split.explanation()).contains("NODE-A").contains("NODE-B");
      assertThat(nodeB.findingTypes()).containsOnly(HANDSHAKE_SPLIT_ACROSS_NODES);

      // The issuer hears nothing more on that connection: the challenge times out.
      assertThat(nodeA.recorded.findings()).isEmpty();
      clock.advance(Duration.ofSeconds(31));
      nodeA.affinity.expire();
      assertThat(nodeA.findingTypes()).containsExactly(CHALLENGE_ABANDONED);
      assertThat(nodeA.recorded.findings().get(0).connection()).isEqualTo(toA);
      assertThat(nodeA.affinity.counters().handshakesAbandoned()).isEqualTo(1);
    }

    @Test
    void configuredNamesRecogniseAForeignChallengeBeforeTheNodeSentOne() {
      TestNode nodeB =
          new TestNode("node-b", ServerIdentity.NODE_B, clock, b -> b.ntlmNames("NODE-B"));
      byte[] type2 = nodeA.negotiate(nodeA.connection());
      nodeB.authenticate(nodeB.connection(), type2, 401);

      assertThat(nodeB.findingTypes()).containsExactly(HANDSHAKE_SPLIT_ACROSS_NODES);
    }

    @Test
    void withoutKnowingItsNamesANodeCallsAForeignAuthenticateUnmatched() {
      TestNode nodeB = new TestNode("node-b", ServerIdentity.NODE_B, clock);
      byte[] type2 = nodeA.negotiate(nodeA.connection());
      nodeB.authenticate(nodeB.connection(), type2, 401);

      Finding f = nodeB.findings(UNMATCHED_AUTHENTICATE).get(0);
      assertThat(f.explanation()).contains("NODE-A").contains("not sent a CHALLENGE yet");
      assertThat(nodeB.findingTypes()).containsExactly(UNMATCHED_AUTHENTICATE);
    }

    @Test
    void clonesWithOneComputerNameAreToldApartByTimestamp() {
      TestNode clone = new TestNode("node-a2", ServerIdentity.NODE_A, clock);
      clone.negotiate(clone.connection());
      clone.recorded.clear();

      byte[] type2 = nodeA.negotiate(nodeA.connection());
      clone.authenticate(clone.connection(), type2, 401);

      assertThat(clone.findingTypes()).containsExactly(HANDSHAKE_SPLIT_ACROSS_NODES);
      assertThat(clone.recorded.findings().get(0).explanation()).contains("never issued");
    }
  }

  @Nested
  class Challenges {

    @Test
    void challengeOnClosingConnectionIsReportedOnce() {
      ConnectionInfo c = nodeA.connection();
      byte[] type2 =
          nodeA.send(
              TestNode.authorization(c, NtlmTestMessages.ntlmHeader(TestNode.JCIFS.negotiate())),
              401,
              true);
      assertThat(nodeA.findingTypes()).containsExactly(CHALLENGE_ON_CLOSING_CONNECTION);
      assertThat(nodeA.recorded.findings().get(0).connection()).isEqualTo(c);

      // The client has to come back on a new connection: that split is reported too.
      nodeA.authenticate(nodeA.connection(), type2, 401);
      assertThat(nodeA.findingTypes())
          .containsExactly(CHALLENGE_ON_CLOSING_CONNECTION, HANDSHAKE_SPLIT_ACROSS_CONNECTIONS);
    }

    @Test
    void newNegotiateOnTheConnectionAbandonsThePendingChallenge() {
      ConnectionInfo c = nodeA.connection();
      nodeA.negotiate(c);
      byte[] second = nodeA.negotiate(c);
      nodeA.authenticate(c, second, 200);

      assertThat(nodeA.findingTypes()).containsExactly(CHALLENGE_ABANDONED);
      assertThat(nodeA.recorded.findings().get(0).explanation()).contains("new NEGOTIATE");
      assertThat(nodeA.affinity.counters().handshakesSucceeded()).isEqualTo(1);
    }

    @Test
    void otherTrafficOnTheConnectionAbandonsThePendingChallenge() {
      ConnectionInfo c = nodeA.connection();
      nodeA.negotiate(c);
      nodeA.plain(c, 200);

      assertThat(nodeA.findingTypes()).containsExactly(CHALLENGE_ABANDONED);
      assertThat(nodeA.recorded.findings().get(0).explanation()).contains("another request");
    }

    @Test
    void aLateAuthenticateOnTheSameConnectionStillEndsTheHandshake() {
      ConnectionInfo c = nodeA.connection();
      byte[] type2 = nodeA.negotiate(c);
      nodeA.plain(c, 200);
      nodeA.authenticate(c, type2, 200);

      assertThat(nodeA.findingTypes()).containsExactly(CHALLENGE_ABANDONED);
      Handshake h = nodeA.affinity.snapshot().handshakes().get(0);
      assertThat(h.outcome()).isEqualTo(Handshake.Outcome.SUCCEEDED);
      assertThat(nodeA.affinity.counters().handshakesSucceeded()).isEqualTo(1);
      assertThat(nodeA.affinity.counters().handshakesAbandoned()).isEqualTo(1);
    }

    @Test
    void closedConnectionAbandonsThePendingChallenge() {
      ConnectionInfo c = nodeA.connection();
      nodeA.negotiate(c);
      nodeA.affinity.connectionClosed(c.key());

      assertThat(nodeA.findingTypes()).containsExactly(CHALLENGE_ABANDONED);
      assertThat(nodeA.recorded.findings().get(0).explanation()).contains("closed");
    }

    @Test
    void authenticateAfterTheChallengeExpiredIsUnmatched() {
      ConnectionInfo c = nodeA.connection();
      byte[] type2 = nodeA.negotiate(c);
      clock.advance(Duration.ofSeconds(45));
      nodeA.affinity.expire();
      nodeA.authenticate(nodeA.connection(), type2, 401);

      assertThat(nodeA.findingTypes()).containsExactly(CHALLENGE_ABANDONED, UNMATCHED_AUTHENTICATE);
      assertThat(nodeA.findings(UNMATCHED_AUTHENTICATE).get(0).explanation())
          .contains("challenge timeout");
    }

    @Test
    void challengeWithinTheTimeoutIsNotAbandoned() {
      ConnectionInfo c = nodeA.connection();
      byte[] type2 = nodeA.negotiate(c);
      clock.advance(Duration.ofSeconds(29));
      nodeA.affinity.expire();
      nodeA.authenticate(c, type2, 200);

      assertThat(nodeA.recorded.findings()).isEmpty();
    }
  }

  @Nested
  class Connections {

    @Test
    void ntlmOverHttp2IsReportedOncePerConnection() {
      ConnectionInfo h2 = nodeA.connection("HTTP/2.0");
      byte[] type2 = nodeA.negotiate(h2);
      nodeA.authenticate(h2, type2, 200);

      assertThat(nodeA.findingTypes()).containsExactly(NTLM_OVER_HTTP2);
      assertThat(nodeA.recorded.findings().get(0).connection().protocol()).isEqualTo("HTTP/2.0");
    }

    @Test
    void connectionSharedByAnotherClientAfterAuthentication() {
      TestNode node =
          new TestNode("node-a", ServerIdentity.NODE_A, clock, b -> b.trustedProxies("10.0.0.0/8"));
      ConnectionInfo c = node.connection();
      byte[] type2 =
          node.send(
              TestNode.authorization(c, NtlmTestMessages.ntlmHeader(TestNode.JCIFS.negotiate()))
                  .header("X-Forwarded-For", "203.0.113.7"),
              401,
              false);
      byte[] type3 = TestNode.JCIFS.authenticate(type2, "EXAMPLE", "alice", "Passw0rd!", "WS01");
      node.send(
          TestNode.authorization(c, NtlmTestMessages.ntlmHeader(type3))
              .header("X-Forwarded-For", "203.0.113.7"),
          200,
          false);
      node.send(FakeRequest.on(c).header("X-Forwarded-For", "203.0.113.7"), 200, false);
      assertThat(node.recorded.findings()).isEmpty();

      node.send(FakeRequest.on(c).header("X-Forwarded-For", "198.51.100.9"), 200, false);
      node.send(FakeRequest.on(c).header("X-Forwarded-For", "198.51.100.9"), 200, false);

      assertThat(node.findingTypes()).containsExactly(CONNECTION_SHARED_BY_CLIENTS);
      Finding f = node.recorded.findings().get(0);
      assertThat(f.client()).isEqualTo("198.51.100.9");
      assertThat(f.user()).isEqualTo("alice");
      assertThat(f.explanation()).contains("203.0.113.7").contains("198.51.100.9");
    }

    @Test
    void forwardedForFromAnUntrustedPeerIsIgnored() {
      ConnectionInfo c = nodeA.connection();
      nodeA.authenticate(c, nodeA.negotiate(c), 200);
      nodeA.send(FakeRequest.on(c).header("X-Forwarded-For", "198.51.100.9"), 200, false);

      assertThat(nodeA.recorded.findings()).isEmpty();
    }
  }

  @Nested
  class Clients {

    @Test
    void repeatedHandshakesAreReportedAtTheThresholdOncePerWindow() {
      TestNode node =
          new TestNode(
              "node-a", ServerIdentity.NODE_A, clock, b -> b.repeatedHandshakeThreshold(3));
      for (int i = 0; i < 2; i++) {
        ConnectionInfo c = node.connection();
        node.authenticate(c, node.negotiate(c), 401);
      }
      assertThat(node.recorded.findings()).isEmpty();
      for (int i = 0; i < 3; i++) {
        ConnectionInfo c = node.connection();
        node.authenticate(c, node.negotiate(c), 401);
      }
      assertThat(node.findingTypes()).containsExactly(REPEATED_HANDSHAKES);

      clock.advance(Duration.ofMinutes(2));
      ConnectionInfo c = node.connection();
      node.authenticate(c, node.negotiate(c), 401);
      assertThat(node.findingTypes()).containsExactly(REPEATED_HANDSHAKES);
    }

    @Test
    void successfulLoginsAreNoPromptLoopHoweverMany() {
      TestNode node =
          new TestNode(
              "node-a", ServerIdentity.NODE_A, clock, b -> b.repeatedHandshakeThreshold(3));
      for (int i = 0; i < 10; i++) {
        ConnectionInfo c = node.connection();
        node.authenticate(c, node.negotiate(c), 200);
      }
      assertThat(node.recorded.findings()).isEmpty();
    }

    @Test
    void negotiateFallbackIsReportedOncePerClientAndCountedAlways() {
      for (int i = 0; i < 3; i++) {
        ConnectionInfo c = nodeA.connection();
        byte[] type1 = TestNode.JCIFS.negotiate();
        byte[] type2 =
            nodeA.send(
                TestNode.authorization(c, NtlmTestMessages.negotiateHeader(type1)), 401, false);
        byte[] type3 = TestNode.JCIFS.authenticate(type2, "EXAMPLE", "alice", "Passw0rd!", "WS01");
        nodeA.send(TestNode.authorization(c, NtlmTestMessages.negotiateHeader(type3)), 200, false);
      }
      assertThat(nodeA.findingTypes()).containsExactly(NEGOTIATE_FELL_BACK_TO_NTLM);
      assertThat(nodeA.recorded.findings().get(0).severity()).isEqualTo(Severity.INFO);
      assertThat(
              nodeA
                  .affinity
                  .counters()
                  .messagesByScheme()
                  .get(io.github.ntlmaffinity.wire.AuthScheme.NEGOTIATE))
          .isEqualTo(6);
      // By type and scheme together: this node answers every Negotiate with an NTLM CHALLENGE.
      Counters counters = nodeA.affinity.counters();
      assertThat(counters.messages(MessageType.NEGOTIATE, AuthScheme.NEGOTIATE)).isEqualTo(3);
      assertThat(counters.messages(MessageType.AUTHENTICATE, AuthScheme.NEGOTIATE)).isEqualTo(3);
      assertThat(counters.messages(MessageType.CHALLENGE, AuthScheme.NTLM)).isEqualTo(3);
      assertThat(counters.messages(MessageType.CHALLENGE, AuthScheme.NEGOTIATE)).isZero();
      assertThat(counters.messages(MessageType.NEGOTIATE, AuthScheme.NTLM)).isZero();
    }
  }

  @Nested
  class Tokens {

    @Test
    void ntlmv1IsWeakAndMatchedByConnection() {
      NtlmTestMessages v1 = NtlmTestMessages.lmCompatibility(0);
      ConnectionInfo c = nodeA.connection();
      byte[] type2 = nodeA.negotiate(c);
      byte[] type3 = v1.authenticate(type2, "EXAMPLE", "bob", "Secret1", "WS02");
      nodeA.send(TestNode.authorization(c, NtlmTestMessages.ntlmHeader(type3)), 200, false);

      assertThat(nodeA.findingTypes()).containsExactly(WEAK_NTLM);
      assertThat(nodeA.recorded.findings().get(0).user()).isEqualTo("bob");
      assertThat(nodeA.affinity.counters().handshakesSucceeded()).isEqualTo(1);
    }

    @Test
    void ntlmv1OnAFreshConnectionIsUnmatched() {
      NtlmTestMessages v1 = NtlmTestMessages.lmCompatibility(0);
      byte[] type2 = nodeA.negotiate(nodeA.connection());
      byte[] type3 = v1.authenticate(type2, "EXAMPLE", "bob", "Secret1", "WS02");
      nodeA.send(
          TestNode.authorization(nodeA.connection(), NtlmTestMessages.ntlmHeader(type3)),
          401,
          false);

      assertThat(nodeA.findingTypes()).contains(UNMATCHED_AUTHENTICATE, WEAK_NTLM);
    }

    @Test
    void malformedTokenIsReportedAndTheRequestGoesOn() {
      ConnectionInfo c = nodeA.connection();
      Exchange e = nodeA.affinity.begin(TestNode.authorization(c, "NTLM TlRMTVNTUAADAAAA"));
      e.complete(400, false);

      assertThat(nodeA.findingTypes()).containsExactly(MALFORMED_TOKEN);
      assertThat(nodeA.recorded.findings().get(0).explanation()).contains("NTLM_TRUNCATED");
      assertThat(nodeA.affinity.counters().malformedTokens()).isEqualTo(1);
    }
  }

  @Nested
  class Robustness {

    @Test
    void aThrowingSinkDisturbsNeitherTrackingNorOtherSinks() {
      AtomicInteger delivered = new AtomicInteger();
      TestNode node =
          new TestNode(
              "node-a",
              ServerIdentity.NODE_A,
              clock,
              b ->
                  b.sink(
                          f -> {
                            throw new IllegalStateException("sink down");
                          })
                      .sink(f -> delivered.incrementAndGet()));
      ConnectionInfo first = node.connection();
      byte[] type2 = node.negotiate(first);
      node.authenticate(node.connection(), type2, 401);

      assertThat(node.findingTypes())
          .containsExactlyInAnyOrder(HANDSHAKE_SPLIT_ACROSS_CONNECTIONS, CHALLENGE_ABANDONED);
      assertThat(delivered).hasValue(2);
      assertThat(node.affinity.counters().findings(HANDSHAKE_SPLIT_ACROSS_CONNECTIONS))
          .isEqualTo(1);
    }

    @Test
    void disabledTrackerDoesNothing() {
      TestNode node = new TestNode("node-a", ServerIdentity.NODE_A, clock, b -> b.enabled(false));
      ConnectionInfo first = node.connection();
      byte[] type2 = node.negotiate(first);

      assertThat(type2).isNull();
      assertThat(node.affinity.counters().messages(MessageType.NEGOTIATE)).isZero();
      assertThat(node.affinity.isEnabled()).isFalse();
    }

    @Test
    void builderRejectsBadSettingsNamingThem() {
      assertThatThrownBy(() -> NtlmAffinity.builder().maxConnections(0))
          .hasMessageContaining("maxConnections");
      assertThatThrownBy(() -> NtlmAffinity.builder().challengeTimeout(Duration.ZERO))
          .hasMessageContaining("challengeTimeout");
      assertThatThrownBy(() -> NtlmAffinity.builder().trustedProxies("10.0.0.0/40"))
          .hasMessageContaining("10.0.0.0/40");
      assertThatThrownBy(() -> NtlmAffinity.builder().nodeName(" "))
          .hasMessageContaining("nodeName");
      assertThatThrownBy(() -> NtlmAffinity.builder().repeatedHandshakeThreshold(1))
          .hasMessageContaining("repeatedHandshakeThreshold");
    }
  }
}
