package io.github.ntlmaffinity.servlet;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.ntlmaffinity.NtlmAffinity;
import io.github.ntlmaffinity.testing.NtlmTestMessages;
import io.github.ntlmaffinity.testing.ServerIdentity;
import io.github.ntlmaffinity.wire.ChallengeMessage;
import io.github.ntlmaffinity.wire.DecodeResult;
import io.github.ntlmaffinity.wire.MessageType;
import io.github.ntlmaffinity.wire.NtlmDecoder;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The probe endpoint (level 3 of {@code ntlm-affinity probe}) in a real container, over raw
 * connections. It is put on the acceptor's own path, so that a request reaching the application
 * would get the acceptor's answer (a CHALLENGE naming NODE-A) instead of the endpoint's (naming the
 * filter's node, {@value #NODE}).
 */
abstract class ProbeScenarios extends ContainerTestSupport {
  private static final String NODE = "probe-node";
  private static final String PATH = TestServer.PROTECTED;

  @Test
  void theLegsOfOneConnectionLogIn() throws Exception {
    TestServer node = start(withProbe(Map.of()));
    RawConnection c = connect(node);

    RawConnection.Response offer = c.get(PATH);
    RawConnection.Response challenge = c.get(PATH, type1());
    RawConnection.Response login = c.get(PATH, probeAnswer(challenge, ProbeNtlm.PASSWORD));
    RawConnection.Response again = c.get(PATH);

    assertThat(offer.status()).isEqualTo(401);
    assertThat(offer.headers("WWW-Authenticate")).containsExactly("NTLM");
    assertThat(probe(offer)).contains("result=offer");
    assertThat(challenge.status()).isEqualTo(401);
    ChallengeMessage m = challengeOf(challenge);
    assertThat(m.targetInfo().nbComputerName()).isEqualTo(NODE);
    assertThat(m.targetInfo().dnsComputerName()).isEqualTo(NODE);
    assertThat(m.targetInfo().timestampInstant())
        .isBetween(java.time.Instant.now().minusSeconds(60), java.time.Instant.now());
    assertThat(probe(challenge)).startsWith("node=" + NODE + "; connection=").contains("challenge");
    assertThat(login.status()).as(login.text()).isEqualTo(200);
    assertThat(probe(login)).endsWith("result=authenticated");
    assertThat(again.status()).isEqualTo(200);
    assertThat(probe(again)).endsWith("result=still-authenticated");
    assertThat(token(offer))
        .matches("[0-9a-f]{16}")
        .isEqualTo(token(challenge))
        .isEqualTo(token(login))
        .isEqualTo(token(again));
    assertThat(login.text()).contains(token(login)).contains("grants nothing");
    assertThat(List.of(offer, challenge, login, again))
        .extracting(r -> probe(r).replaceAll(".*logins=(\\d+).*", "$1"))
        .containsExactly("0", "0", "1", "1");
    assertNothingTracked(node.affinity());
  }

  @Test
  void anAuthenticateOnAnotherConnectionIsRefusedSayingWhere() throws Exception {
    TestServer node = start(withProbe(Map.of()));
    RawConnection first = connect(node);
    RawConnection second = connect(node);

    RawConnection.Response challenge = first.get(PATH, type1());
    RawConnection.Response split = second.get(PATH, probeAnswer(challenge, ProbeNtlm.PASSWORD));

    assertThat(split.status()).isEqualTo(401);
    assertThat(probe(split)).endsWith("result=refused; reason=other-connection");
    assertThat(token(split)).isNotEqualTo(token(challenge));
    assertThat(split.text()).contains("backend connection " + token(challenge));
    first.close();
    second.close();
    node.affinity().expire();
    assertNothingTracked(node.affinity());
  }

  @Test
  void anAuthenticateOnAnotherNodeIsRefusedNamingTheIssuer() throws Exception {
    TestServer a = start(withProbe(Map.of()));
    Map<String, String> other = new LinkedHashMap<>(withProbe(Map.of()).filterInitParams);
    other.put(NtlmAffinityFilter.NODE_NAME_INIT_PARAM, "other-node");
    TestServer b =
        start(TestServer.Setup.node("node-b", ServerIdentity.NODE_B).filterInitParams(other));

    RawConnection.Response challenge = connect(a).get(PATH, type1());
    RawConnection.Response split = connect(b).get(PATH, probeAnswer(challenge, ProbeNtlm.PASSWORD));

    assertThat(split.status()).isEqualTo(401);
    assertThat(probe(split)).startsWith("node=other-node;").endsWith("reason=other-node");
    assertThat(split.text()).contains("another node, " + NODE);
    assertNothingTracked(b.affinity());
  }

  @Test
  void disabledTheFilterLeavesThePathToTheApplication() throws Exception {
    TestServer node = start(withProbe(Map.of(NtlmAffinityFilter.ENABLED_INIT_PARAM, "false")));

    RawConnection.Response challenge = connect(node).get(PATH, type1());

    assertThat(challenge.header(ProbeResponder.HEADER)).isNull();
    assertThat(challengeOf(challenge).targetInfo().nbComputerName()).isEqualTo("NODE-A");
  }

  @Test
  void onlyTheProbeAccountWithItsPasswordLogsIn() throws Exception {
    TestServer node = start(withProbe(Map.of()));
    RawConnection c = connect(node);

    RawConnection.Response wrong = c.get(PATH, probeAnswer(c.get(PATH, type1()), "guess"));
    RawConnection.Response alice = c.get(PATH, type3(c.get(PATH, type1())));

    assertThat(wrong.status()).isEqualTo(401);
    assertThat(probe(wrong)).endsWith("reason=does-not-verify");
    assertThat(alice.status()).isEqualTo(401);
    assertThat(probe(alice)).endsWith("reason=not-probe-account");
    assertNothingTracked(node.affinity());
  }

  @Test
  void offByDefaultThePathReachesTheApplication() throws Exception {
    TestServer node =
        start(
            TestServer.Setup.node("node-a", ServerIdentity.NODE_A)
                .filterInitParams(Map.of(NtlmAffinityFilter.NODE_NAME_INIT_PARAM, NODE)));
    RawConnection c = connect(node);

    RawConnection.Response challenge = c.get(PATH, type1());

    assertThat(challenge.header(ProbeResponder.HEADER)).isNull();
    assertThat(challengeOf(challenge).targetInfo().nbComputerName()).isEqualTo("NODE-A");
    assertThat(node.affinity().counters().messages(MessageType.NEGOTIATE)).isEqualTo(1);
  }

  @Test
  void beyondItsRateTheEndpointAnswers429() throws Exception {
    TestServer node =
        start(withProbe(Map.of(NtlmAffinityFilter.PROBE_REQUESTS_PER_MINUTE_INIT_PARAM, "3")));
    RawConnection c = connect(node);

    for (int i = 0; i < 3; i++) {
      assertThat(c.get(PATH).status()).isEqualTo(401);
    }
    RawConnection.Response limited = c.get(PATH, type1());

    assertThat(limited.status()).isEqualTo(429);
    assertThat(probe(limited)).endsWith("result=rate-limited");
    assertThat(limited.header("WWW-Authenticate")).isNull();
    assertNothingTracked(node.affinity());
  }

  @Test
  void aBadProbePathStopsTheApplicationWhenStrict() {
    TestServer.Setup setup =
        TestServer.Setup.node("node-a", ServerIdentity.NODE_A)
            .filterInitParams(
                Map.of(
                    NtlmAffinityFilter.PROBE_PATH_INIT_PARAM,
                    "no-slash",
                    NtlmAffinityFilter.STRICT_INIT_PARAM,
                    "true"));

    assertThatThrownBy(() -> start(setup)).hasStackTraceContaining("'probePath'");
  }

  private static TestServer.Setup withProbe(Map<String, String> more) {
    Map<String, String> params = new LinkedHashMap<>(more);
    params.put(NtlmAffinityFilter.NODE_NAME_INIT_PARAM, NODE);
    params.put(NtlmAffinityFilter.PROBE_PATH_INIT_PARAM, PATH);
    params.put(NtlmAffinityFilter.STRICT_INIT_PARAM, "true");
    return TestServer.Setup.node("node-a", ServerIdentity.NODE_A).filterInitParams(params);
  }

  /** The probe's AUTHENTICATE, by jcifs-ng, as the probe account with {@code password}. */
  private static String probeAnswer(RawConnection.Response challenge, String password) {
    String value = challenge.header("WWW-Authenticate");
    byte[] type2 = Base64.getDecoder().decode(value.substring(value.indexOf(' ') + 1));
    return "Authorization: "
        + NtlmTestMessages.ntlmHeader(
            JCIFS.authenticate(type2, "", ProbeNtlm.ACCOUNT, password, "NTLM-PROBE"));
  }

  private static ChallengeMessage challengeOf(RawConnection.Response r) {
    DecodeResult d = NtlmDecoder.decodeWwwAuthenticate(r.header("WWW-Authenticate")).get(0);
    return (ChallengeMessage) ((DecodeResult.Ntlm) d).message();
  }

  private static String probe(RawConnection.Response r) {
    return String.valueOf(r.header(ProbeResponder.HEADER));
  }

  private static String token(RawConnection.Response r) {
    String p = probe(r);
    int at = p.indexOf("connection=") + "connection=".length();
    return p.substring(at, p.indexOf(';', at));
  }

  /** The probe's handshakes never reach the tracker: nothing counted, nothing found. */
  private static void assertNothingTracked(NtlmAffinity affinity) {
    assertThat(affinity.counters().messages(MessageType.NEGOTIATE)).isZero();
    assertThat(affinity.counters().messages(MessageType.AUTHENTICATE)).isZero();
    assertThat(affinity.snapshot().findings()).isEmpty();
    assertThat(affinity.snapshot().handshakes()).isEmpty();
  }
}
