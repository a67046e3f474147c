package io.github.ntlmaffinity;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.ntlmaffinity.internal.engine.Tracker;
import io.github.ntlmaffinity.testing.ServerIdentity;
import io.github.ntlmaffinity.testing.TestClock;
import io.github.ntlmaffinity.wire.MessageType;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/**
 * {@code maxRetainedBytes}: the connection and challenge tables stay within a byte budget, by
 * estimate, whatever the entry caps allow; what is evicted is counted, and counters stay exact.
 */
class ByteBudgetTest {
  private final TestClock clock = new TestClock(Instant.parse("2026-11-24T21:14:03Z"));

  @Test
  void openChallengesBeyondTheBudgetAreEvictedBeforeTheEntryCap() {
    TestNode node =
        new TestNode("node-a", ServerIdentity.NODE_A, clock, b -> b.maxRetainedBytes(256 * 1024));
    int total = 2_000;
    for (int i = 0; i < total; i++) {
      node.negotiate(node.connection());
    }

    Tracker tracker = node.affinity.tracker();
    Counters c = node.affinity.counters();
    assertThat(c.messages(MessageType.NEGOTIATE)).isEqualTo(total);
    assertThat(c.messages(MessageType.CHALLENGE)).isEqualTo(total);
    assertThat(c.challengeEvictions()).isPositive();
    assertThat(c.connectionEvictions()).isPositive();
    // Far below the entry caps (10,000 each), the budget decided.
    assertThat(node.affinity.trackedChallenges()).isLessThan(total);
    assertThat(tracker.retainedBytes()).isLessThanOrEqualTo(256 * 1024);
  }

  @Test
  void withTheDefaultBudgetTheSameTrafficIsKeptWhole() {
    TestNode node = new TestNode("node-a", ServerIdentity.NODE_A, clock);
    int total = 2_000;
    for (int i = 0; i < total; i++) {
      node.negotiate(node.connection());
    }

    assertThat(node.affinity.counters().challengeEvictions()).isZero();
    assertThat(node.affinity.trackedChallenges()).isEqualTo(total);
    assertThat(node.affinity.tracker().retainedBytes()).isPositive();
  }

  @Test
  void aHandshakeWithinTheBudgetStillWorks() {
    TestNode node =
        new TestNode("node-a", ServerIdentity.NODE_A, clock, b -> b.maxRetainedBytes(64 * 1024));
    for (int i = 0; i < 500; i++) {
      node.negotiate(node.connection());
    }
    node.findings.clear();
    ConnectionInfo c = node.connection();
    node.authenticate(c, node.negotiate(c), 200);

    assertThat(node.findingTypes()).isEmpty();
    assertThat(node.affinity.counters().handshakesSucceeded()).isEqualTo(1);
  }
}
