package io.github.ntlmaffinity;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.ntlmaffinity.testing.ServerIdentity;
import io.github.ntlmaffinity.testing.TestClock;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** A collector that reads from its cursor never loses a finding silently. */
class CursorTest {
  private final TestClock clock = new TestClock(Instant.parse("2026-11-24T21:14:03Z"));
  private final TestNode node =
      new TestNode(
          "node-a", ServerIdentity.NODE_A, clock, b -> b.recentFindings(3).recentHandshakes(3));

  @Test
  void findingsAndHandshakesAreNumberedInTheOrderTheyArePublished() {
    splits(2);

    assertThat(node.recorded.findings())
        .extracting(Finding::sequence)
        .isSorted()
        .doesNotHaveDuplicates();
    assertThat(node.recorded.findings().get(0).sequence()).isPositive();
    assertThat(node.recorded.handshakes()).extracting(Handshake::sequence).isSorted();
    DiagnosticsSnapshot s = node.affinity.snapshot();
    assertThat(s.sequence())
        .isEqualTo(
            Math.max(
                node.recorded.findings().get(node.recorded.findings().size() - 1).sequence(),
                node.recorded.handshakes().get(node.recorded.handshakes().size() - 1).sequence()));
  }

  @Test
  void readingFromTheCursorGivesOnlyWhatIsNewAndSaysWhenSomeWasDropped() {
    splits(1);
    DiagnosticsSnapshot first = node.affinity.snapshot();
    assertThat(first.findings()).hasSize(2);
    assertThat(first.complete()).isTrue();

    DiagnosticsSnapshot nothingNew = node.affinity.snapshot().since(first.sequence());
    assertThat(nothingNew.findings()).isEmpty();
    assertThat(nothingNew.handshakes()).isEmpty();
    assertThat(nothingNew.complete()).isTrue();

    splits(1);
    DiagnosticsSnapshot next = node.affinity.snapshot().since(first.sequence());
    assertThat(next.findings()).hasSize(2).allMatch(f -> f.sequence() > first.sequence());
    assertThat(next.complete()).isTrue();

    // Four more findings: more than the three the buffer keeps since the last read.
    splits(2);
    DiagnosticsSnapshot late = node.affinity.snapshot().since(next.sequence());
    assertThat(late.findings()).hasSize(3);
    assertThat(late.complete()).isFalse();
    assertThat(late.toJson())
        .contains("\"complete\":false")
        .contains("\"since\":" + next.sequence());
  }

  /** Handshakes split across connections: two findings each (the split and the abandon). */
  private void splits(int n) {
    for (int i = 0; i < n; i++) {
      ConnectionInfo first = node.connection();
      node.authenticate(node.connection(), node.negotiate(first), 401);
    }
    assertThat(List.copyOf(node.recorded.findings())).isNotEmpty();
  }
}
