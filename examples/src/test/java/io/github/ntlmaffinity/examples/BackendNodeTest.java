package io.github.ntlmaffinity.examples;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.ntlmaffinity.DiagnosticsSnapshot;
import io.github.ntlmaffinity.Finding;
import io.github.ntlmaffinity.FindingType;
import io.github.ntlmaffinity.Handshake;
import io.github.ntlmaffinity.testing.RawConnection;
import io.github.ntlmaffinity.wire.ChallengeMessage;
import io.github.ntlmaffinity.wire.DecodeResult;
import io.github.ntlmaffinity.wire.NtlmDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A node on its own, on port 0, driven over raw sockets so that each test decides which connection
 * carries which message: the acceptor must behave like a Windows backend, and the filter in front
 * of it must see every leg.
 */
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class BackendNodeTest {
  private static final UserTable.Account ALICE =
      new UserTable.Account("EXAMPLE", "alice", "Passw0rd!");

  @RegisterExtension final RunningNode running = new RunningNode();

  @Test
  void startsOnAnyPortAndServesItsDiagnosticsAsJson() throws Exception {
    assertThat(running.node().port()).isPositive();
    try (RawConnection wire = RawConnection.connect(running.address(), null)) {
      RawConnection.Response json = wire.get("/ntlm-affinity?format=json", Map.of());
      assertThat(json.status()).isEqualTo(200);
      assertThat(json.header("Content-Type")).startsWith("application/json");
      assertThat(body(json)).contains("\"node\":\"node-a\"").contains("NODE-A");

      RawConnection.Response html = wire.get("/ntlm-affinity", Map.of());
      assertThat(html.status()).isEqualTo(200);
      assertThat(html.header("Content-Type")).startsWith("text/html");
    }
  }

  @Test
  void asksForNegotiateOrNtlmOnEveryOtherPath() throws Exception {
    try (RawConnection wire = RawConnection.connect(running.address(), null)) {
      for (String path : List.of("/", "/app/", "/anything/else")) {
        RawConnection.Response r = wire.get(path, Map.of());
        assertThat(r.status()).as(path).isEqualTo(401);
        assertThat(r.headers("WWW-Authenticate")).containsExactly("Negotiate", "NTLM");
      }
    }
    assertThat(running.node().accessLog().entries())
        .extracting(AccessLog.Entry::statusTriple)
        .containsOnly("401 2 5");
  }

  @Test
  void completesAHandshakeOnOneConnectionWithARealChallengeAndVerification() throws Exception {
    try (RawConnection wire = RawConnection.connect(running.address(), null)) {
      RawConnection.Response challenge = negotiate(wire);
      assertThat(challenge.status()).isEqualTo(401);
      byte[] type2 = type2(challenge);

      ChallengeMessage decoded =
          (ChallengeMessage)
              ((DecodeResult.Ntlm)
                      NtlmDecoder.decodeWwwAuthenticate(challenge.header("WWW-Authenticate"))
                          .get(0))
                  .message();
      assertThat(decoded.targetInfo().nbComputerName()).isEqualTo("NODE-A");
      assertThat(decoded.targetInfo().dnsComputerName()).isEqualTo("node-a.example.test");
      assertThat(decoded.targetInfo().timestamp()).isNotNull();

      RawConnection.Response done = authenticate(wire, type2, ALICE);
      assertThat(done.status()).isEqualTo(200);
      assertThat(body(done)).isEqualTo("Hello EXAMPLE\\alice, from node-a\n");
    }
    assertThat(running.node().accessLog().entries())
        .extracting(AccessLog.Entry::statusTriple)
        .containsExactly("401 1 2148074254", "200 0 0");
    DiagnosticsSnapshot snapshot = running.node().affinity().snapshot();
    assertThat(snapshot.findings()).isEmpty();
    assertThat(snapshot.counters().handshakesSucceeded()).isEqualTo(1);
  }

  @Test
  void refusesAWrongPasswordOnTheRightConnectionWithoutASplitFinding() throws Exception {
    try (RawConnection wire = RawConnection.connect(running.address(), null)) {
      byte[] type2 = type2(negotiate(wire));
      RawConnection.Response refused =
          authenticate(wire, type2, new UserTable.Account("EXAMPLE", "alice", "wrong"));
      assertThat(refused.status()).isEqualTo(401);
      assertThat(refused.headers("WWW-Authenticate")).containsExactly("Negotiate", "NTLM");
    }
    assertThat(last().statusTriple()).isEqualTo("401 1 2148074252");
    assertThat(last().user()).isEqualTo("EXAMPLE\\alice");
    DiagnosticsSnapshot snapshot = running.node().affinity().snapshot();
    assertThat(snapshot.findings()).isEmpty();
    assertThat(snapshot.counters().handshakesFailed()).isEqualTo(1);
  }

  @Test
  void anAuthenticateOnAnotherConnectionHasNoContextAndIsReportedAsASplit() throws Exception {
    try (RawConnection first = RawConnection.connect(running.address(), null);
        RawConnection second = RawConnection.connect(running.address(), null)) {
      byte[] type2 = type2(negotiate(first));
      RawConnection.Response refused = authenticate(second, type2, ALICE);
      assertThat(refused.status()).isEqualTo(401);
      assertThat(last().statusTriple()).isEqualTo("401 1 2148074248");

      // The context stays with the connection that got the CHALLENGE, and only there.
      RawConnection.Response late = authenticate(first, type2, ALICE);
      assertThat(late.status()).isEqualTo(200);
    }
    List<Finding> findings = running.node().affinity().snapshot().findings();
    assertThat(findings)
        .extracting(Finding::type)
        .contains(FindingType.HANDSHAKE_SPLIT_ACROSS_CONNECTIONS);
  }

  @Test
  void anotherRequestBetweenTheLegsEndsTheHandshakeOnBothSides() throws Exception {
    try (RawConnection wire = RawConnection.connect(running.address(), null)) {
      byte[] type2 = type2(negotiate(wire));
      assertThat(wire.get("/app/", Map.of()).status()).isEqualTo(401);
      assertThat(running.node().pendingContexts()).isZero();
      RawConnection.Response refused = authenticate(wire, type2, ALICE);
      assertThat(refused.status()).isEqualTo(401);
    }
    assertThat(last().statusTriple()).isEqualTo("401 1 2148074248");
    List<Finding> findings = running.node().affinity().snapshot().findings();
    assertThat(findings)
        .filteredOn(f -> f.type() == FindingType.CHALLENGE_ABANDONED)
        .singleElement()
        .satisfies(f -> assertThat(f.explanation()).contains("another request arrived"));
  }

  @Test
  void aClosedConnectionDropsTheContextAndTheFilterReportsItsChallengeAbandoned() throws Exception {
    try (RawConnection wire = RawConnection.connect(running.address(), null)) {
      negotiate(wire);
      assertThat(running.node().pendingContexts()).isEqualTo(1);
    }
    assertThat(running.node().awaitNoConnections(Duration.ofSeconds(10))).isTrue();

    assertThat(running.node().pendingContexts()).isZero();
    List<Finding> findings = running.node().affinity().snapshot().findings();
    assertThat(findings).extracting(Finding::type).containsExactly(FindingType.CHALLENGE_ABANDONED);
    assertThat(findings.get(0).explanation()).contains("its connection closed");
    assertThat(running.node().affinity().snapshot().handshakes())
        .extracting(Handshake::outcome)
        .containsExactly(Handshake.Outcome.ABANDONED);
  }

  @Test
  void logsLikeIis() throws Exception {
    try (RawConnection wire = RawConnection.connect(running.address(), null)) {
      wire.get("/app/", Map.of("X-Request-Id", "t-1"));
    }
    String line = last().line();
    assertThat(line)
        .matches(
            "\\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\d:\\d\\d node-a GET /app/ - \\d+ - 127\\.0\\.0\\.1 401 2 5  \\[connection .+, peer 127\\.0\\.0\\.1:\\d+, t-1\\]");
  }

  private AccessLog.Entry last() {
    List<AccessLog.Entry> entries = running.node().accessLog().entries();
    return entries.get(entries.size() - 1);
  }

  private static RawConnection.Response negotiate(RawConnection wire) throws Exception {
    return wire.get(
        "/app/",
        Map.of(
            "Authorization",
            "NTLM " + Base64.getEncoder().encodeToString(JcifsNtlmClient.negotiate())));
  }

  private static RawConnection.Response authenticate(
      RawConnection wire, byte[] type2, UserTable.Account account) throws Exception {
    byte[] type3 = JcifsNtlmClient.authenticate(type2, account, "WS01");
    return wire.get(
        "/app/", Map.of("Authorization", "NTLM " + Base64.getEncoder().encodeToString(type3)));
  }

  private static byte[] type2(RawConnection.Response challenge) {
    String header = challenge.header("WWW-Authenticate");
    assertThat(header).startsWith("NTLM ");
    return Base64.getDecoder().decode(header.substring(5));
  }

  private static String body(RawConnection.Response r) {
    return new String(r.body(), StandardCharsets.UTF_8);
  }
}
