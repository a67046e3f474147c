package io.github.ntlmaffinity.internal.engine;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.ntlmaffinity.Balancer;
import io.github.ntlmaffinity.ConnectionInfo;
import io.github.ntlmaffinity.Finding;
import io.github.ntlmaffinity.FindingType;
import io.github.ntlmaffinity.testing.NtlmTestMessages;
import io.github.ntlmaffinity.testing.ServerIdentity;
import io.github.ntlmaffinity.wire.AuthenticateMessage;
import io.github.ntlmaffinity.wire.DecodeResult;
import io.github.ntlmaffinity.wire.NtlmDecoder;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The correlation as a table: each row sets up the tables of one node, hands the correlator one
 * AUTHENTICATE, and names the verdict and the finding it must give (none for the clean rows). The
 * rows cover every verdict, every reason an AUTHENTICATE is unmatched, and every finding an
 * AUTHENTICATE's correlation can raise.
 */
class CorrelatorTest {
  private static final Instant NOW = Instant.parse("2026-12-05T08:00:00Z");
  private static final Duration TIMEOUT = Duration.ofMinutes(2);
  private static final long TS = fileTime(NOW.minusSeconds(1));
  private static final long OLD = fileTime(NOW.minus(TIMEOUT).minusSeconds(1));
  private static final ClientId ALICE = new ClientId("203.0.113.7", Map.of());
  private static final ClientId BOB = new ClientId("198.51.100.9", Map.of());
  private static final StoredNames V2 = new StoredNames("alice", "EXAMPLE", "WS-A", "NODE1");
  private static final StoredNames V1 = new StoredNames("alice", "EXAMPLE", "WS-A", null);

  /** One row: given the tables, this AUTHENTICATE on connection A gives this verdict. */
  record Row(
      String name,
      Consumer<Fixture> given,
      StoredNames names,
      Long timestamp,
      ClientId client,
      Class<? extends Verdict> verdict,
      Verdict.Reason reason,
      FindingType finding) {
    @Override
    public String toString() {
      return name;
    }
  }

  static Stream<Arguments> rows() {
    return Stream.of(
            new Row(
                "clean: echoes the timestamp of this connection's CHALLENGE",
                f -> f.challenge(f.a, TS, ALICE),
                V2,
                TS,
                ALICE,
                Verdict.SameConnection.class,
                null,
                null),
            new Row(
                "clean: the issuer name differs from this node's only in case",
                f -> {
                  f.own("node1");
                  f.challenge(f.a, TS, ALICE);
                },
                V2,
                TS,
                ALICE,
                Verdict.SameConnection.class,
                null,
                null),
            new Row(
                "clean: NTLMv1, no timestamp, this login's CHALLENGE waits on the connection",
                f -> f.challenge(f.a, null, ALICE),
                V1,
                null,
                ALICE,
                Verdict.SameConnection.class,
                null,
                null),
            new Row(
                "clean: a second AUTHENTICATE of the open handshake (another HTTP/2 stream)",
                f -> f.answered(f.challenge(f.a, TS, ALICE)),
                V2,
                TS,
                ALICE,
                Verdict.Continues.class,
                null,
                null),
            new Row(
                "clean: NTLMv1 retry while the connection's handshake is open",
                f -> f.answered(f.challenge(f.a, null, ALICE)),
                V1,
                null,
                ALICE,
                Verdict.Continues.class,
                null,
                null),
            new Row(
                "split: the timestamp is of a CHALLENGE sent on another connection",
                f -> f.challenge(f.b, TS, ALICE),
                V2,
                TS,
                ALICE,
                Verdict.OtherConnection.class,
                null,
                FindingType.HANDSHAKE_SPLIT_ACROSS_CONNECTIONS),
            new Row(
                "split: NTLMv1, another login waits here, this client's CHALLENGE waits elsewhere",
                f -> {
                  f.challenge(f.b, null, ALICE);
                  f.challenge(f.a, null, BOB);
                },
                V1,
                null,
                ALICE,
                Verdict.OtherConnection.class,
                null,
                FindingType.HANDSHAKE_SPLIT_ACROSS_CONNECTIONS),
            new Row(
                "shared: another login's NEGOTIATE came between CHALLENGE and AUTHENTICATE",
                f -> f.challenge(f.a, TS, ALICE).handshake.interleavedHandshake = "node1-9",
                V2,
                TS,
                ALICE,
                Verdict.Interleaved.class,
                null,
                FindingType.CONNECTION_SHARED_BY_CLIENTS),
            new Row(
                "other node: the echoed name is not this node's",
                f -> {
                  f.own("NODE2");
                  f.challenge(f.a, TS, ALICE);
                },
                V2,
                TS,
                ALICE,
                Verdict.OtherNode.class,
                null,
                FindingType.HANDSHAKE_SPLIT_ACROSS_NODES),
            new Row(
                "other node: before any CHALLENGE here, the name is a known peer's",
                f -> f.peer("NODE1"),
                V2,
                TS,
                ALICE,
                Verdict.OtherNode.class,
                null,
                FindingType.HANDSHAKE_SPLIT_ACROSS_NODES),
            new Row(
                "other node: same name, a timestamp this node never issued",
                f -> {
                  f.own("NODE1");
                  f.challenge(f.b, TS + 1, BOB);
                },
                V2,
                TS,
                ALICE,
                Verdict.OtherNode.class,
                null,
                FindingType.HANDSHAKE_SPLIT_ACROSS_NODES),
            new Row(
                "unmatched: its CHALLENGE was evicted to stay within maxChallenges",
                f -> f.retired(TS, ChallengeTable.Retired.EVICTED),
                V2,
                TS,
                ALICE,
                Verdict.Unmatched.class,
                Verdict.Reason.EVICTED,
                FindingType.UNMATCHED_AUTHENTICATE),
            new Row(
                "unmatched (client side): its CHALLENGE was already answered, a replay",
                f -> f.retired(TS, ChallengeTable.Retired.ANSWERED),
                V2,
                TS,
                ALICE,
                Verdict.Unmatched.class,
                Verdict.Reason.ALREADY_ANSWERED,
                FindingType.UNMATCHED_AUTHENTICATE),
            new Row(
                "unmatched: this node has issued no timestamp yet",
                f -> {},
                V2,
                TS,
                ALICE,
                Verdict.Unmatched.class,
                Verdict.Reason.NO_CHALLENGE_YET,
                FindingType.UNMATCHED_AUTHENTICATE),
            new Row(
                "unmatched: the timestamp is older than the challenge timeout",
                f -> f.challenge(f.b, TS + 1, BOB),
                V2,
                OLD,
                ALICE,
                Verdict.Unmatched.class,
                Verdict.Reason.TOO_OLD,
                FindingType.UNMATCHED_AUTHENTICATE),
            new Row(
                "unmatched: NTLMv1, another client's CHALLENGE waits here, none of its own",
                f -> f.challenge(f.a, null, BOB),
                V1,
                null,
                ALICE,
                Verdict.Unmatched.class,
                Verdict.Reason.ANOTHER_LOGINS_CHALLENGE,
                FindingType.UNMATCHED_AUTHENTICATE),
            new Row(
                "unmatched: NTLMv1, another workstation's CHALLENGE waits here",
                f -> f.challenge(f.a, null, ALICE).handshake.negotiateWorkstation = "WS-B",
                V1,
                null,
                ALICE,
                Verdict.Unmatched.class,
                Verdict.Reason.ANOTHER_LOGINS_CHALLENGE,
                FindingType.UNMATCHED_AUTHENTICATE),
            new Row(
                "unmatched: NTLMv1, two CHALLENGEs of this client elsewhere: no guess",
                f -> {
                  f.challenge(f.b, null, ALICE);
                  f.challenge(f.c, null, ALICE);
                  f.challenge(f.a, null, BOB);
                },
                V1,
                null,
                ALICE,
                Verdict.Unmatched.class,
                Verdict.Reason.ANOTHER_LOGINS_CHALLENGE,
                FindingType.UNMATCHED_AUTHENTICATE),
            new Row(
                "unmatched: NTLMv1, nothing waits on its connection",
                f -> {},
                V1,
                null,
                ALICE,
                Verdict.Unmatched.class,
                Verdict.Reason.NOTHING_WAITING,
                FindingType.UNMATCHED_AUTHENTICATE))
        .map(Arguments::of);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("rows")
  void givesTheVerdictAndTheFindingOfItsRow(Row row) {
    Fixture f = new Fixture();
    row.given().accept(f);

    Verdict verdict =
        Correlator.correlate(row.names(), row.timestamp(), f.a, row.client(), f, NOW, TIMEOUT);

    assertThat(verdict).isInstanceOf(row.verdict());
    if (verdict instanceof Verdict.Unmatched unmatched) {
      assertThat(unmatched.reason()).isEqualTo(row.reason());
    }
    Finding finding = words(verdict, row);
    assertThat(finding == null ? null : finding.type()).isEqualTo(row.finding());
    if (finding != null) {
      assertThat(finding.challengeIssued())
          .as("when the CHALLENGE was issued")
          .isEqualTo(challengeIssued(verdict, row));
    }
  }

  /**
   * This node's record of the CHALLENGE answered where it has one, else the time the AUTHENTICATE
   * echoes (the one {@link #words} builds echoes {@code TS}; an NTLMv1 one echoes nothing).
   */
  private static Instant challengeIssued(Verdict verdict, Row row) {
    if (verdict instanceof Verdict.OtherConnection other) {
      return other.record().issued;
    }
    if (verdict instanceof Verdict.Interleaved interleaved) {
      return interleaved.record().issued;
    }
    return row.timestamp() == null ? null : NOW.minusSeconds(1);
  }

  @Test
  void theRowsCoverEveryVerdictEveryReasonAndEveryFindingOfACorrelation() {
    Set<Class<?>> verdicts = new HashSet<>();
    Set<Verdict.Reason> reasons = EnumSet.noneOf(Verdict.Reason.class);
    Set<FindingType> findings = EnumSet.noneOf(FindingType.class);
    rows()
        .map(a -> (Row) a.get()[0])
        .forEach(
            r -> {
              verdicts.add(r.verdict());
              if (r.reason() != null) {
                reasons.add(r.reason());
              }
              if (r.finding() != null) {
                findings.add(r.finding());
              }
            });

    assertThat(verdicts).containsExactlyInAnyOrder(Verdict.class.getPermittedSubclasses());
    assertThat(reasons).containsExactlyInAnyOrder(Verdict.Reason.values());
    assertThat(findings)
        .containsExactlyInAnyOrder(
            FindingType.HANDSHAKE_SPLIT_ACROSS_CONNECTIONS,
            FindingType.HANDSHAKE_SPLIT_ACROSS_NODES,
            FindingType.CONNECTION_SHARED_BY_CLIENTS,
            FindingType.UNMATCHED_AUTHENTICATE);
  }

  @Test
  void theCorrelatorChangesNothing() {
    Fixture f = new Fixture();
    ChallengeRecord here = f.challenge(f.a, TS, ALICE);
    ChallengeRecord there = f.challenge(f.b, null, ALICE);

    for (Row row : rows().map(a -> (Row) a.get()[0]).toList()) {
      Correlator.correlate(row.names(), row.timestamp(), f.a, row.client(), f, NOW, TIMEOUT);
    }

    assertThat(here.open).isTrue();
    assertThat(there.open).isTrue();
    assertThat(f.a.pending).isSameAs(here.handshake);
    assertThat(f.b.pending).isSameAs(there.handshake);
  }

  /** The finding the tracker words for a verdict, on a real AUTHENTICATE of the row's kind. */
  private static Finding words(Verdict verdict, Row row) {
    NtlmTestMessages client =
        row.timestamp() == null ? NtlmTestMessages.lmCompatibility(2) : NtlmTestMessages.create();
    byte[] type2 = client.challenge(ServerIdentity.NODE_A, new byte[] {1, 2, 3, 4, 5, 6, 7, 8}, TS);
    byte[] type3 = client.authenticate(type2, "EXAMPLE", "alice", "pw", "WS-A");
    DecodeResult.Ntlm decoded =
        (DecodeResult.Ntlm) NtlmDecoder.decodeAuthorization(NtlmTestMessages.ntlmHeader(type3));
    AuthenticateMessage a = (AuthenticateMessage) decoded.message();
    Fixture f = new Fixture();
    HandshakeState h =
        verdict instanceof Verdict.Unmatched u && u.waiting() != null
            ? u.waiting()
            : new HandshakeState("node1-1", "node1", NOW, row.client());
    if (verdict instanceof Verdict.Interleaved i) {
      h = i.record().handshake;
    }
    return new AuthenticateWords(new FindingWords("node1", Balancer.GENERIC))
        .forVerdict(
            verdict, a, row.names(), f.a, h, row.client(), NOW, List.of("NODE1"), 100, TIMEOUT);
  }

  /** Three connections of one node and tables the correlator reads. */
  static final class Fixture implements Correlator.Tables {
    final ConnectionState a = connection("a", 50001);
    final ConnectionState b = connection("b", 50002);
    final ConnectionState c = connection("c", 50003);
    private final List<ChallengeRecord> open = new ArrayList<>();
    private final Map<Long, ChallengeTable.Retired> retired = new HashMap<>();
    private final Set<String> own = new HashSet<>();
    private final Set<String> peers = new HashSet<>();
    private int handshakes;

    ChallengeRecord challenge(ConnectionState on, Long timestamp, ClientId client) {
      HandshakeState h = new HandshakeState("node1-" + ++handshakes, "node1", NOW, client);
      ChallengeRecord r = new ChallengeRecord(timestamp, on, h, NOW.minusSeconds(2));
      h.challenge = r;
      on.pending = h;
      on.current = h;
      open.add(0, r);
      return r;
    }

    /** Its AUTHENTICATE came: closed, no longer waiting; the handshake stays open. */
    void answered(ChallengeRecord r) {
      r.open = false;
      open.remove(r);
      r.connection.pending = null;
    }

    void retired(long timestamp, ChallengeTable.Retired why) {
      retired.put(timestamp, why);
    }

    void own(String name) {
      own.add(name.toUpperCase(Locale.ROOT));
    }

    void peer(String name) {
      peers.add(name.toUpperCase(Locale.ROOT));
    }

    @Override
    public ChallengeRecord open(long timestamp, ConnectionState on) {
      ChallengeRecord any = null;
      for (ChallengeRecord r : open) {
        if (r.timestamp != null && r.timestamp == timestamp) {
          if (r.connection == on) {
            return r;
          }
          any = any == null ? r : any;
        }
      }
      return any;
    }

    @Override
    public ChallengeTable.Retired retired(long timestamp) {
      return retired.get(timestamp);
    }

    @Override
    public Iterable<ChallengeRecord> newestOpen() {
      return List.copyOf(open);
    }

    @Override
    public boolean isOwnName(String name) {
      return own.contains(name.toUpperCase(Locale.ROOT));
    }

    @Override
    public boolean knowsOwnNames() {
      return !own.isEmpty();
    }

    @Override
    public boolean isPeerName(String name) {
      return peers.contains(name.toUpperCase(Locale.ROOT));
    }

    @Override
    public boolean issuedTimestamps() {
      return open.stream().anyMatch(r -> r.timestamp != null) || !retired.isEmpty();
    }

    private static ConnectionState connection(String id, int port) {
      return new ConnectionState(
          new ConnectionInfo(id, "10.0.0.20", 8080, "10.0.0.1", port, "HTTP/1.1"), 0);
    }
  }

  private static long fileTime(Instant t) {
    return (t.toEpochMilli() + 11_644_473_600_000L) * 10_000;
  }
}
