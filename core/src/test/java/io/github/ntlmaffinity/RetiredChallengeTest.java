package io.github.ntlmaffinity;

import static io.github.ntlmaffinity.FindingType.HANDSHAKE_SPLIT_ACROSS_NODES;
import static io.github.ntlmaffinity.FindingType.UNMATCHED_AUTHENTICATE;
import static org.assertj.core.api.Assertions.assertThat;

import io.github.ntlmaffinity.testing.NtlmTestMessages;
import io.github.ntlmaffinity.testing.ServerIdentity;
import io.github.ntlmaffinity.testing.TestClock;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/**
 * An AUTHENTICATE for a challenge this node issued but no longer holds open is reported as what it
 * is, never as a split across nodes: the balancer did nothing wrong.
 */
class RetiredChallengeTest {
  private final TestClock clock = new TestClock(Instant.parse("2026-11-24T21:14:03Z"));
  private final TestNode node =
      new TestNode("node-a", ServerIdentity.NODE_A, clock, b -> b.maxChallenges(3));

  @Test
  void aHandshakeThatStayedOnItsConnectionIsCleanThoughAFloodDroppedItsChallenge() {
    ConnectionInfo mine = node.connection();
    byte[] type2 = node.negotiate(mine);
    for (int i = 0; i < 5; i++) {
      node.negotiate(node.connection());
    }
    node.authenticate(mine, type2, 200);

    assertThat(node.findingTypes()).isEmpty();
    assertThat(node.affinity.counters().handshakesSucceeded()).isEqualTo(1);
  }

  @Test
  void aChallengeDroppedByAFloodIsNotASplitAcrossNodes() {
    byte[] type2 = node.negotiate(node.connection());
    for (int i = 0; i < 5; i++) {
      node.negotiate(node.connection());
    }
    node.recorded.clear();
    node.authenticate(node.connection(), type2, 401);

    assertThat(node.findingTypes()).containsExactly(UNMATCHED_AUTHENTICATE);
    assertThat(node.recorded.findings().get(0).explanation())
        .contains("dropped from its table")
        .contains("maxChallenges (3)");
    assertThat(node.affinity.counters().challengeEvictions()).isEqualTo(3);
  }

  @Test
  void aReplayedAuthenticateIsNotASplit() {
    ConnectionInfo c = node.connection();
    byte[] type2 = node.negotiate(c);
    byte[] type3 = TestNode.JCIFS.authenticate(type2, "EXAMPLE", "alice", "Passw0rd!", "WS01");
    node.send(TestNode.authorization(c, NtlmTestMessages.ntlmHeader(type3)), 200, false);
    ConnectionInfo elsewhere = node.connection();
    node.send(TestNode.authorization(elsewhere, NtlmTestMessages.ntlmHeader(type3)), 401, false);

    assertThat(node.findingTypes()).containsExactly(UNMATCHED_AUTHENTICATE);
    assertThat(node.recorded.findings().get(0).explanation()).contains("already answered");
    assertThat(node.recorded.findings().get(0).connection()).isEqualTo(elsewhere);
  }

  @Test
  void aChallengeNeverIssuedHereIsStillASplitAcrossNodes() {
    TestNode clone = new TestNode("node-a2", ServerIdentity.NODE_A, clock);
    node.negotiate(node.connection());
    byte[] foreign = clone.negotiate(clone.connection());
    node.authenticate(node.connection(), foreign, 401);

    assertThat(node.findingTypes()).containsExactly(HANDSHAKE_SPLIT_ACROSS_NODES);
  }
}
