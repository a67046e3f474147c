package io.github.ntlmaffinity;

import static io.github.ntlmaffinity.FindingType.CHALLENGE_ABANDONED;
import static io.github.ntlmaffinity.FindingType.CHALLENGE_ON_CLOSING_CONNECTION;
import static io.github.ntlmaffinity.FindingType.HANDSHAKE_SPLIT_ACROSS_CONNECTIONS;
import static io.github.ntlmaffinity.FindingType.HANDSHAKE_SPLIT_ACROSS_NODES;
import static io.github.ntlmaffinity.FindingType.UNMATCHED_AUTHENTICATE;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.ntlmaffinity.testing.ServerIdentity;
import io.github.ntlmaffinity.testing.TestClock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * What nodes observed, replayed, gives the findings the nodes raised: recorded live through {@link
 * NtlmAffinity.Builder#observer}, then fed to a {@link Replay}.
 */
class ReplayTest {
  private final TestClock clock = new TestClock(Instant.parse("2026-11-24T21:14:03Z"));
  private final List<Observation> recorded = Collections.synchronizedList(new ArrayList<>());
  private final TestNode nodeA = recordingNode("node-a", ServerIdentity.NODE_A);
  private final TestNode nodeB = recordingNode("node-b", ServerIdentity.NODE_B);

  @Test
  void replayOfEveryKindOfSplitGivesTheNodesFindingsOneForOne() {
    // A clean login, a split across connections, a split across nodes, a closing 401, an
    // AUTHENTICATE with nothing to answer, plain traffic that abandons a challenge, a close.
    ConnectionInfo a1 = nodeA.connection();
    nodeA.authenticate(a1, nodeA.negotiate(a1), 200);
    nodeA.plain(a1, 200);
    ConnectionInfo a2 = nodeA.connection();
    ConnectionInfo a3 = nodeA.connection();
    nodeA.authenticate(a3, nodeA.negotiate(a2), 401);
    ConnectionInfo b1 = nodeB.connection();
    nodeB.negotiate(b1);
    clock.advance(Duration.ofMillis(3));
    nodeB.authenticate(nodeB.connection(), nodeA.negotiate(nodeA.connection()), 401);
    nodeB.plain(b1, 200);
    ConnectionInfo a4 = nodeA.connection();
    nodeA.send(
        TestNode.authorization(
            a4,
            io.github.ntlmaffinity.testing.NtlmTestMessages.ntlmHeader(TestNode.JCIFS.negotiate())),
        401,
        true);
    ConnectionInfo a5 = nodeA.connection();
    nodeA.negotiate(a5);
    nodeA.affinity.connectionClosed(a5.key());
    clock.advance(Duration.ofSeconds(31));
    nodeA.affinity.expire();
    nodeB.affinity.expire();

    List<Finding> live = new ArrayList<>(nodeA.recorded.findings());
    live.addAll(nodeB.recorded.findings());
    assertThat(live)
        .extracting(Finding::type)
        .contains(
            HANDSHAKE_SPLIT_ACROSS_CONNECTIONS,
            HANDSHAKE_SPLIT_ACROSS_NODES,
            CHALLENGE_ABANDONED,
            CHALLENGE_ON_CLOSING_CONNECTION);

    List<Finding> replayed = Collections.synchronizedList(new ArrayList<>());
    Replay replay = Replay.builder().shareNames(false).sink(replayed::add).build();
    recorded.forEach(replay::accept);
    // The nodes' expire() calls were recorded too: the same findings, times and numbers.
    List<Finding> replayedA = replayed.stream().filter(f -> f.node().equals("node-a")).toList();
    List<Finding> replayedB = replayed.stream().filter(f -> f.node().equals("node-b")).toList();
    assertThat(replayedA).containsExactlyElementsOf(nodeA.recorded.findings());
    assertThat(replayedB).containsExactlyElementsOf(nodeB.recorded.findings());
    assertThat(replayed.stream().map(ReplayTest::withoutTime).toList())
        .containsExactlyInAnyOrderElementsOf(live.stream().map(ReplayTest::withoutTime).toList());
    assertThat(replay.counters("node-a")).isEqualTo(nodeA.affinity.counters());
    assertThat(replay.counters("node-b")).isEqualTo(nodeB.affinity.counters());
    assertThat(replay.nodes()).containsExactly("node-a", "node-b");
  }

  @Test
  void sharedNamesTellAForeignAuthenticateOnANodeThatNeverChallenged() {
    byte[] type2 = nodeA.negotiate(nodeA.connection());
    nodeB.authenticate(nodeB.connection(), type2, 401);
    // Alone, node-b cannot tell whose challenge it was.
    assertThat(nodeB.findingTypes()).containsExactly(UNMATCHED_AUTHENTICATE);

    List<Finding> replayed = new ArrayList<>();
    Replay replay = Replay.builder().sink(replayed::add).build();
    recorded.forEach(replay::accept);

    assertThat(replayed).extracting(Finding::type).containsExactly(HANDSHAKE_SPLIT_ACROSS_NODES);
    assertThat(replayed.get(0).otherNode()).isEqualTo("NODE-A");
    assertThat(replayed.get(0).explanation())
        .contains("issued by NODE-A")
        .contains("this node has sent no CHALLENGE yet, but the name is another node's")
        .doesNotContain("()");
    assertThat(replay.nodeOfName("node-a")).isEqualTo("node-a");
    assertThat(replay.nodeOfName("NODE-B")).isNull();
  }

  @Test
  void observationsCarryTheSourcesTimeAndNoSecrets() {
    ConnectionInfo c = nodeA.connection();
    byte[] type2 = nodeA.negotiate(c);
    clock.advance(Duration.ofSeconds(2));
    nodeA.authenticate(c, type2, 200);

    // NEGOTIATE, its CHALLENGE as it was set, its response; AUTHENTICATE, its response.
    assertThat(recorded)
        .extracting(o -> o.getClass().getSimpleName())
        .containsExactly("Request", "Challenge", "Response", "Request", "Response");
    assertThat(recorded.get(4).time()).isEqualTo(clock.instant());
    Observation.Request auth = (Observation.Request) recorded.get(3);
    assertThat(auth.exchange()).isEqualTo(((Observation.Response) recorded.get(4)).exchange());
    assertThat(((Observation.Challenge) recorded.get(1)).wwwAuthenticate()).startsWith("NTLM ");
    assertThat(auth.toString()).doesNotContain("TlRMTVNTUAAD");

    Observation.Request withCookie =
        new Observation.Request(
            clock.instant(), "n", 1, c, null, null, null, Map.of("SERVERID", "s3cr3t-value"));
    assertThat(withCookie.toString()).contains("SERVERID").doesNotContain("s3cr3t-value");
  }

  @Test
  void responsesWithoutTheirRequestAndUnknownClosesAreIgnored() {
    List<Finding> replayed = new ArrayList<>();
    Replay replay = Replay.builder().sink(replayed::add).build();
    replay.accept(new Observation.Response(clock.instant(), "n", 7, 401, List.of("NTLM"), true));
    replay.accept(new Observation.Closed(clock.instant(), "n", "no-such-connection"));
    replay.finish();

    assertThat(replayed).isEmpty();
    assertThat(replay.counters("n").internalErrors()).isZero();
  }

  @Test
  void badSettingsFailWhenBuiltNamingTheKey() {
    assertThatThrownBy(() -> Replay.builder().settings(Map.of("challengeTimeout", "soon")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("challengeTimeout");
  }

  private TestNode recordingNode(String name, ServerIdentity identity) {
    return new TestNode(name, identity, clock, b -> b.observer(recorded::add));
  }

  private static List<Object> withoutTime(Finding f) {
    return List.of(
        f.type(),
        f.node(),
        String.valueOf(f.handshakeId()),
        String.valueOf(f.connection()),
        String.valueOf(f.otherConnection()),
        String.valueOf(f.otherNode()),
        String.valueOf(f.client()),
        String.valueOf(f.user()),
        f.explanation(),
        f.advice());
  }
}
