package io.github.ntlmaffinity.servlet;

import static io.github.ntlmaffinity.FindingType.CHALLENGE_ABANDONED;
import static io.github.ntlmaffinity.FindingType.CHALLENGE_ON_CLOSING_CONNECTION;
import static io.github.ntlmaffinity.FindingType.CONNECTION_SHARED_BY_CLIENTS;
import static io.github.ntlmaffinity.FindingType.HANDSHAKE_SPLIT_ACROSS_CONNECTIONS;
import static io.github.ntlmaffinity.FindingType.HANDSHAKE_SPLIT_ACROSS_NODES;
import static io.github.ntlmaffinity.FindingType.NTLM_OVER_HTTP2;
import static org.assertj.core.api.Assertions.assertThat;

import io.github.ntlmaffinity.ConnectionInfo;
import io.github.ntlmaffinity.Counters;
import io.github.ntlmaffinity.Finding;
import io.github.ntlmaffinity.Handshake;
import io.github.ntlmaffinity.NtlmAffinity;
import io.github.ntlmaffinity.testing.JdkNtlmLogin;
import io.github.ntlmaffinity.testing.RawConnection;
import io.github.ntlmaffinity.testing.ServerIdentity;
import io.github.ntlmaffinity.wire.MessageType;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The filter in a real container, driven over raw sockets so that each test decides which TCP
 * connection, and which node, carries each leg of the handshake. Runs identically on every
 * container: see the subclasses.
 */
abstract class FilterScenarios extends ContainerTestSupport {

  @Test
  void handshakeOnOneConnectionAuthenticatesAndFindsNothing() throws Exception {
    TestServer node = start(TestServer.Setup.node("node-a", ServerIdentity.NODE_A));
    RawConnection c = connect(node);

    RawConnection.Response offer = c.get(TestServer.PROTECTED);
    RawConnection.Response challenge = c.get(TestServer.PROTECTED, type1());
    RawConnection.Response accepted = c.get(TestServer.PROTECTED, type3(challenge));
    RawConnection.Response again = c.get(TestServer.PROTECTED);

    assertThat(offer.status()).isEqualTo(401);
    assertThat(offer.headers("WWW-Authenticate")).containsExactly("NTLM", "Negotiate");
    assertThat(challenge.status()).isEqualTo(401);
    assertThat(challenge.header("WWW-Authenticate")).startsWith("NTLM TlRMTVNTUAACAAAA");
    assertThat(accepted.status()).isEqualTo(200);
    assertThat(accepted.text()).isEqualTo("authenticated EXAMPLE\\alice\n");
    assertThat(again.status()).as("the connection is authenticated").isEqualTo(200);
    assertThat(again.text()).isEqualTo("hello EXAMPLE\\alice\n");

    NtlmAffinity affinity = node.affinity();
    Handshake h = awaitEnded(affinity);
    assertThat(h.outcome()).isEqualTo(Handshake.Outcome.SUCCEEDED);
    assertThat(h.user()).isEqualTo("alice");
    assertThat(h.domain()).isEqualTo("EXAMPLE");
    assertThat(h.legs())
        .extracting(Handshake.Leg::type)
        .containsExactly(MessageType.NEGOTIATE, MessageType.CHALLENGE, MessageType.AUTHENTICATE);
    assertThat(h.legs()).extracting(Handshake.Leg::status).containsExactly(401, 401, 200);
    assertThat(h.legs())
        .extracting(l -> l.connection().key())
        .containsOnly(h.legs().get(0).connection().key());
    ConnectionInfo on = h.legs().get(0).connection();
    assertThat(on.remotePort()).isEqualTo(c.localPort());
    assertThat(on.remoteAddress()).isEqualTo("127.0.0.1");
    assertThat(on.localPort()).isEqualTo(node.port());
    assertThat(on.protocol()).isEqualTo("HTTP/1.1");
    assertThat(on.id()).isNotBlank();

    assertThat(affinity.snapshot().findings()).isEmpty();
    Counters counters = affinity.counters();
    assertThat(counters.messages(MessageType.NEGOTIATE)).isEqualTo(1);
    assertThat(counters.messages(MessageType.CHALLENGE)).isEqualTo(1);
    assertThat(counters.messages(MessageType.AUTHENTICATE)).isEqualTo(1);
    assertThat(counters.handshakesSucceeded()).isEqualTo(1);
    assertThat(counters.internalErrors()).isZero();
    assertThat(affinity.snapshot().ntlmNames()).containsExactly("NODE-A", "node-a.example.test");
  }

  @Test
  void authenticateOnANewConnectionIsSplitAcrossConnections() throws Exception {
    TestServer node = start(TestServer.Setup.node("node-a", ServerIdentity.NODE_A));
    RawConnection first = connect(node);
    RawConnection second = connect(node);

    RawConnection.Response challenge = first.get(TestServer.PROTECTED, type1());
    RawConnection.Response refused = second.get(TestServer.PROTECTED, type3(challenge));

    assertThat(refused.status()).as("the acceptor has no context there").isEqualTo(401);
    NtlmAffinity affinity = node.affinity();
    Finding split = awaitFindings(affinity, HANDSHAKE_SPLIT_ACROSS_CONNECTIONS, 1).get(0);
    assertThat(split.node()).isEqualTo("node-a");
    assertThat(split.connection().remotePort()).isEqualTo(second.localPort());
    assertThat(split.otherConnection().remotePort()).isEqualTo(first.localPort());
    assertThat(split.connection().key()).isNotEqualTo(split.otherConnection().key());
    assertThat(split.user()).isEqualTo("alice");
    assertThat(split.explanation())
        .contains("arrived on connection " + split.connection().key())
        .contains("sent on connection " + split.otherConnection().key());
    Finding abandoned = findings(affinity.snapshot(), CHALLENGE_ABANDONED).get(0);
    assertThat(abandoned.connection().remotePort()).isEqualTo(first.localPort());
    assertThat(findingTypes(affinity))
        .containsExactlyInAnyOrder(HANDSHAKE_SPLIT_ACROSS_CONNECTIONS, CHALLENGE_ABANDONED);
    // The AUTHENTICATE was answered 401 on the wrong connection: the login failed.
    assertThat(awaitEnded(affinity).outcome()).isEqualTo(Handshake.Outcome.FAILED);
    assertThat(affinity.counters().handshakesFailed()).isEqualTo(1);
    assertThat(affinity.counters().handshakesAbandoned()).isEqualTo(1);
  }

  @Test
  void authenticateOnAnotherNodeIsSplitAcrossNodesAndTheIssuerSeesItAbandoned() throws Exception {
    TestServer nodeA =
        start(
            TestServer.Setup.node("node-a", ServerIdentity.NODE_A)
                .configure(b -> b.challengeTimeout(Duration.ofSeconds(5))));
    TestServer nodeB =
        start(
            TestServer.Setup.node("node-b", ServerIdentity.NODE_B)
                .configure(b -> b.ntlmNames("NODE-B", "node-b.example.test")));
    RawConnection toA = connect(nodeA);
    RawConnection toB = connect(nodeB);

    RawConnection.Response challenge = toA.get(TestServer.PROTECTED, type1());
    RawConnection.Response refused = toB.get(TestServer.PROTECTED, type3(challenge));

    assertThat(refused.status()).isEqualTo(401);
    Finding split = awaitFindings(nodeB.affinity(), HANDSHAKE_SPLIT_ACROSS_NODES, 1).get(0);
    assertThat(split.node()).isEqualTo("node-b");
    assertThat(split.otherNode()).isEqualTo("NODE-A");
    assertThat(split.connection().remotePort()).isEqualTo(toB.localPort());
    assertThat(split.user()).isEqualTo("alice");
    assertThat(findingTypes(nodeB.affinity())).containsExactly(HANDSHAKE_SPLIT_ACROSS_NODES);

    assertThat(findingTypes(nodeA.affinity())).as("before the timeout").isEmpty();
    clock.advance(Duration.ofSeconds(6));
    nodeA.affinity().expire();
    Finding abandoned = findings(nodeA.affinity().snapshot(), CHALLENGE_ABANDONED).get(0);
    assertThat(abandoned.node()).isEqualTo("node-a");
    assertThat(abandoned.connection().remotePort()).isEqualTo(toA.localPort());
    assertThat(abandoned.explanation()).contains("5 s challenge timeout");
    assertThat(nodeA.affinity().counters().handshakesAbandoned()).isEqualTo(1);
  }

  @Test
  void aNodeThatIssuedAChallengeKnowsItsNamesWithoutConfiguration() throws Exception {
    TestServer nodeA = start(TestServer.Setup.node("node-a", ServerIdentity.NODE_A));
    TestServer nodeB = start(TestServer.Setup.node("node-b", ServerIdentity.NODE_B));
    RawConnection toA = connect(nodeA);
    RawConnection toB = connect(nodeB);
    toB.get(TestServer.PROTECTED, type1());

    RawConnection.Response challenge = toA.get(TestServer.PROTECTED, type1());
    toB.get(TestServer.PROTECTED, type3(challenge));

    Finding split = awaitFindings(nodeB.affinity(), HANDSHAKE_SPLIT_ACROSS_NODES, 1).get(0);
    assertThat(split.otherNode()).isEqualTo("NODE-A");
    assertThat(nodeB.affinity().snapshot().ntlmNames())
        .containsExactly("NODE-B", "node-b.example.test");
  }

  @Test
  void challengeThatClosesItsConnectionIsReported() throws Exception {
    TestServer node =
        start(TestServer.Setup.node("node-a", ServerIdentity.NODE_A).closeOnChallenge());
    RawConnection first = connect(node);

    RawConnection.Response challenge = first.get(TestServer.PROTECTED, type1());

    assertThat(challenge.status()).isEqualTo(401);
    assertThat(challenge.header("Connection")).isEqualTo("close");
    assertThat(first.closedByServer()).as("the container closed the connection").isTrue();
    Finding closing = awaitFindings(node.affinity(), CHALLENGE_ON_CLOSING_CONNECTION, 1).get(0);
    assertThat(closing.connection().remotePort()).isEqualTo(first.localPort());
    assertThat(findingTypes(node.affinity())).containsExactly(CHALLENGE_ON_CLOSING_CONNECTION);

    // The client has no choice but a new connection: the split follows.
    RawConnection second = connect(node);
    assertThat(second.get(TestServer.PROTECTED, type3(challenge)).status()).isEqualTo(401);
    Finding split = awaitFindings(node.affinity(), HANDSHAKE_SPLIT_ACROSS_CONNECTIONS, 1).get(0);
    assertThat(split.connection().remotePort()).isEqualTo(second.localPort());
    assertThat(split.otherConnection().remotePort()).isEqualTo(first.localPort());
  }

  @Test
  void aCloseInAnyConnectionLineOfTheRequestClosesTheChallenge() throws Exception {
    // Perl LWP sends "Connection: TE"; HAProxy's option http-server-close adds its own line.
    TestServer node = start(TestServer.Setup.node("node-a", ServerIdentity.NODE_A));
    RawConnection c = connect(node);

    RawConnection.Response challenge =
        c.get(TestServer.PROTECTED, type1(), "Connection: TE", "TE: deflate", "connection: close");

    assertThat(challenge.status()).isEqualTo(401);
    assertThat(c.closedByServer()).as("the container closed the connection").isTrue();
    awaitFindings(node.affinity(), CHALLENGE_ON_CLOSING_CONNECTION, 1);
    assertThat(findingTypes(node.affinity())).containsExactly(CHALLENGE_ON_CLOSING_CONNECTION);
  }

  @Test
  void anHttp10ChallengeWithoutKeepAliveClosesAndOneWithItDoesNot() throws Exception {
    TestServer node = start(TestServer.Setup.node("node-a", ServerIdentity.NODE_A));

    RawConnection plain = connect(node);
    plain.getAs("HTTP/1.0", TestServer.PROTECTED, type1());
    awaitFindings(node.affinity(), CHALLENGE_ON_CLOSING_CONNECTION, 1);
    RawConnection kept = connect(node);
    kept.getAs("HTTP/1.0", TestServer.PROTECTED, type1(), "Connection: keep-alive");

    assertThat(findingTypes(node.affinity())).containsExactly(CHALLENGE_ON_CLOSING_CONNECTION);
  }

  @Test
  void anotherLoginBetweenChallengeAndAuthenticateIsReportedOnTheFailedAuthenticate()
      throws Exception {
    // A pooled backend connection: alice's NEGOTIATE, then bob's, then alice's AUTHENTICATE.
    TestServer node =
        start(
            TestServer.Setup.node("node-a", ServerIdentity.NODE_A)
                .configure(b -> b.trustedProxies("127.0.0.1")));
    RawConnection pooled = connect(node);
    String alice = "X-Forwarded-For: 203.0.113.7";
    String bob = "X-Forwarded-For: 198.51.100.9";
    RawConnection.Response aliceChallenge = pooled.get(TestServer.PROTECTED, type1(), alice);
    pooled.get(TestServer.PROTECTED, type1(), bob);

    pooled.get(TestServer.PROTECTED, type3(aliceChallenge), alice);

    Finding shared = awaitFindings(node.affinity(), CONNECTION_SHARED_BY_CLIENTS, 1).get(0);
    assertThat(shared.connection().remotePort()).isEqualTo(pooled.localPort());
    assertThat(shared.explanation())
        .contains("203.0.113.7")
        .contains("198.51.100.9")
        .contains("in the middle of a handshake");
  }

  @Test
  void anNtlmv1AuthenticateOnAnotherLoginsPooledConnectionIsASplitNotThatLogin() throws Exception {
    // Perl LWP behind nginx with upstream keepalive: alice's NTLMv1 AUTHENTICATE lands on the
    // pooled connection where bob's CHALLENGE waits.
    TestServer node =
        start(
            TestServer.Setup.node("node-a", ServerIdentity.NODE_A)
                .configure(b -> b.trustedProxies("127.0.0.1")));
    RawConnection first = connect(node);
    RawConnection pooled = connect(node);
    String alice = "X-Forwarded-For: 203.0.113.7";
    RawConnection.Response aliceChallenge = first.get(TestServer.PROTECTED, type1(), alice);
    pooled.get(TestServer.PROTECTED, type1(), "X-Forwarded-For: 198.51.100.9");
    byte[] type2 =
        java.util.Base64.getDecoder()
            .decode(aliceChallenge.header("WWW-Authenticate").substring("NTLM ".length()));
    String ntlmv1 =
        io.github.ntlmaffinity.testing.NtlmTestMessages.ntlmHeader(
            io.github.ntlmaffinity.testing.NtlmTestMessages.lmCompatibility(2)
                .authenticate(type2, "EXAMPLE", "alice", "Passw0rd!", "WS-A"));

    pooled.get(TestServer.PROTECTED, "Authorization: " + ntlmv1, alice);

    Finding split = awaitFindings(node.affinity(), HANDSHAKE_SPLIT_ACROSS_CONNECTIONS, 1).get(0);
    assertThat(split.connection().remotePort()).isEqualTo(pooled.localPort());
    assertThat(split.otherConnection().remotePort()).isEqualTo(first.localPort());
    List<Finding> abandoned = awaitFindings(node.affinity(), CHALLENGE_ABANDONED, 2);
    assertThat(abandoned)
        .extracting(f -> f.connection().remotePort())
        .containsExactlyInAnyOrder(first.localPort(), pooled.localPort());
  }

  @Test
  void anotherUserLoggingInOnAnAuthenticatedConnectionIsSharing() throws Exception {
    // No forwarded address: only the users tell the logins apart.
    TestServer node = start(TestServer.Setup.node("node-a", ServerIdentity.NODE_A));
    RawConnection pooled = connect(node);
    RawConnection.Response first = pooled.get(TestServer.PROTECTED, type1());
    assertThat(pooled.get(TestServer.PROTECTED, type3(first)).status()).isEqualTo(200);
    RawConnection.Response second = pooled.get(TestServer.PROTECTED, type1());
    byte[] type2 =
        java.util.Base64.getDecoder()
            .decode(second.header("WWW-Authenticate").substring("NTLM ".length()));
    String bob =
        io.github.ntlmaffinity.testing.NtlmTestMessages.ntlmHeader(
            JCIFS.authenticate(
                type2,
                "EXAMPLE",
                "bob",
                io.github.ntlmaffinity.testing.NtlmTestMessages.PASSWORD,
                "WS-B"));

    pooled.get(TestServer.PROTECTED, "Authorization: " + bob);

    awaitEnded(node.affinity());
    Finding shared = awaitFindings(node.affinity(), CONNECTION_SHARED_BY_CLIENTS, 1).get(0);
    assertThat(shared.explanation()).contains("authenticated as alice").contains("login as bob");
  }

  @Test
  void authenticatedConnectionCarryingAnotherClientIsShared() throws Exception {
    TestServer node =
        start(
            TestServer.Setup.node("node-a", ServerIdentity.NODE_A)
                .configure(b -> b.trustedProxies("127.0.0.1")));
    RawConnection c = connect(node);
    String alice = "X-Forwarded-For: 203.0.113.7";
    RawConnection.Response challenge = c.get(TestServer.PROTECTED, type1(), alice);
    assertThat(c.get(TestServer.PROTECTED, type3(challenge), alice).status()).isEqualTo(200);
    assertThat(c.get(TestServer.PROTECTED, alice).status()).isEqualTo(200);
    assertThat(awaitEnded(node.affinity()).outcome()).isEqualTo(Handshake.Outcome.SUCCEEDED);
    assertThat(findingTypes(node.affinity())).as("the same client reusing it").isEmpty();

    RawConnection.Response bleed = c.get(TestServer.PROTECTED, "X-Forwarded-For: 198.51.100.9");

    assertThat(bleed.text()).as("runs as alice").isEqualTo("hello EXAMPLE\\alice\n");
    Finding shared = awaitFindings(node.affinity(), CONNECTION_SHARED_BY_CLIENTS, 1).get(0);
    assertThat(shared.client()).isEqualTo("198.51.100.9");
    assertThat(shared.user()).isEqualTo("alice");
    assertThat(shared.connection().remotePort()).isEqualTo(c.localPort());
    assertThat(shared.explanation()).contains("203.0.113.7").contains("198.51.100.9");
  }

  @Test
  void ntlmOverHttp2IsReported() throws Exception {
    TestServer node = start(TestServer.Setup.node("node-a", ServerIdentity.NODE_A).h2c());
    try (H2cConnection h2 = new H2cConnection(node.h2cPort())) {
      H2cConnection.Response challenge = h2.get(TestServer.PROTECTED, type1());
      assertThat(challenge.status()).isEqualTo(401);
      String header = challenge.headers().get("WWW-Authenticate");
      H2cConnection.Response answered =
          h2.get(TestServer.PROTECTED, "Authorization: " + answer(header));
      assertThat(answered.status())
          .as("one TCP connection: the acceptor's context holds across streams")
          .isEqualTo(200);
      Finding h2finding = awaitFindings(node.affinity(), NTLM_OVER_HTTP2, 1).get(0);
      assertThat(h2finding.connection().protocol()).isEqualTo("HTTP/2.0");
      assertThat(h2finding.connection().remotePort()).isEqualTo(h2.localPort());
      assertThat(h2finding.explanation()).contains("NEGOTIATE arrived over HTTP/2.0");
      Handshake h = awaitEnded(node.affinity());
      assertThat(h.outcome()).isEqualTo(Handshake.Outcome.SUCCEEDED);
      assertThat(h.legs())
          .as("the container's id names the connection, not the stream")
          .extracting(l -> l.connection().id())
          .containsOnly(h2finding.connection().id());
      assertThat(findingTypes(node.affinity()))
          .as("once per connection")
          .containsExactly(NTLM_OVER_HTTP2);
    }
  }

  @Test
  void challengeToAnHttp10RequestWithoutKeepAliveIsOnAClosingConnection() throws Exception {
    TestServer node = start(TestServer.Setup.node("node-a", ServerIdentity.NODE_A));
    RawConnection c = connect(node);

    RawConnection.Response challenge = c.getAs("HTTP/1.0", TestServer.PROTECTED, type1());

    assertThat(challenge.status()).isEqualTo(401);
    assertThat(c.closedByServer()).isTrue();
    Finding closing = awaitFindings(node.affinity(), CHALLENGE_ON_CLOSING_CONNECTION, 1).get(0);
    assertThat(closing.connection().protocol()).isEqualTo("HTTP/1.0");
    assertThat(closing.connection().remotePort()).isEqualTo(c.localPort());
  }

  @Test
  void challengeToAnHttp10KeepAliveRequestIsNotOnAClosingConnection() throws Exception {
    TestServer node = start(TestServer.Setup.node("node-a", ServerIdentity.NODE_A));
    RawConnection c = connect(node);

    RawConnection.Response challenge =
        c.getAs("HTTP/1.0", TestServer.PROTECTED, type1(), "Connection: keep-alive");
    RawConnection.Response accepted =
        c.getAs("HTTP/1.0", TestServer.PROTECTED, type3(challenge), "Connection: keep-alive");

    assertThat(accepted.status()).isEqualTo(200);
    assertThat(awaitEnded(node.affinity()).outcome()).isEqualTo(Handshake.Outcome.SUCCEEDED);
    assertThat(findingTypes(node.affinity())).isEmpty();
  }

  @Test
  void filterMappedForEveryDispatcherTypeCountsAForwardedRequestOnce() throws Exception {
    TestServer node =
        start(
            TestServer.Setup.node("node-a", ServerIdentity.NODE_A)
                .allDispatcherTypes()
                .configure(b -> b.challengeTimeout(Duration.ofSeconds(5))));
    RawConnection c = connect(node);

    RawConnection.Response challenge = c.get(TestServer.FORWARDING, type1());
    RawConnection.Response accepted = c.get(TestServer.FORWARDING, type3(challenge));

    assertThat(accepted.status()).isEqualTo(200);
    NtlmAffinity affinity = node.affinity();
    assertThat(awaitEnded(affinity).outcome()).isEqualTo(Handshake.Outcome.SUCCEEDED);
    clock.advance(Duration.ofSeconds(6));
    affinity.expire();
    assertThat(findingTypes(affinity)).isEmpty();
    Counters counters = affinity.counters();
    assertThat(counters.messages(MessageType.NEGOTIATE)).isEqualTo(1);
    assertThat(counters.messages(MessageType.CHALLENGE)).isEqualTo(1);
    assertThat(counters.messages(MessageType.AUTHENTICATE)).isEqualTo(1);
    assertThat(counters.handshakesStarted()).isEqualTo(1);
    assertThat(affinity.snapshot().handshakes()).hasSize(1);
  }

  @Test
  void jdkNtlmClientAuthenticatesThroughTheFilterWithNoFinding() throws Exception {
    TestServer node = start(TestServer.Setup.node("node-a", ServerIdentity.NODE_A));
    JdkNtlmLogin login =
        JdkNtlmLogin.get(URI.create("http://127.0.0.1:" + node.port() + TestServer.PROTECTED));

    assertThat(login.status()).isEqualTo(200);
    assertThat(login.body()).isEqualTo("authenticated EXAMPLE\\alice\n");
    NtlmAffinity affinity = node.affinity();
    Handshake h = awaitEnded(affinity);
    assertThat(h.outcome()).isEqualTo(Handshake.Outcome.SUCCEEDED);
    assertThat(h.user()).isEqualTo("alice");
    assertThat(h.legs())
        .extracting(Handshake.Leg::type)
        .containsExactly(MessageType.NEGOTIATE, MessageType.CHALLENGE, MessageType.AUTHENTICATE);
    assertThat(h.legs())
        .extracting(l -> l.connection().key())
        .containsOnly(h.legs().get(0).connection().key());
    assertThat(affinity.snapshot().findings()).isEmpty();
    assertThat(affinity.counters().handshakesStarted()).isEqualTo(1);
  }
}
