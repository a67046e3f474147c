package io.github.ntlmaffinity.servlet;

import static io.github.ntlmaffinity.FindingType.CHALLENGE_ABANDONED;
import static io.github.ntlmaffinity.FindingType.HANDSHAKE_SPLIT_ACROSS_CONNECTIONS;
import static io.github.ntlmaffinity.FindingType.MALFORMED_TOKEN;
import static java.nio.charset.StandardCharsets.ISO_8859_1;
import static org.assertj.core.api.Assertions.assertThat;

import io.github.ntlmaffinity.Finding;
import io.github.ntlmaffinity.Handshake;
import io.github.ntlmaffinity.NtlmAffinity;
import io.github.ntlmaffinity.Sink;
import io.github.ntlmaffinity.testing.NtlmTestMessages;
import io.github.ntlmaffinity.testing.RawConnection;
import io.github.ntlmaffinity.testing.ServerIdentity;
import io.github.ntlmaffinity.wire.MessageType;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The filter never changes a response and never swallows or replaces the application's exception:
 * each request goes to a node with the filter and to the same application without it, and the two
 * responses must be the same (status line, every header in order but {@code Date}, body).
 */
abstract class TransparencyScenarios extends ContainerTestSupport {
  private static final Pattern NTLM_TOKEN = Pattern.compile("(NTLM|Negotiate) [A-Za-z0-9+/=]+");

  private TestServer filtered;
  private TestServer plain;

  private void startBoth(TestServer.Setup withFilter) throws Exception {
    filtered = start(withFilter);
    plain = start(TestServer.Setup.node("node-a", ServerIdentity.NODE_A).withoutFilter());
  }

  /** The response of each node to {@code headers} on a new connection of its own. */
  private String[] both(String path, String... headers) throws Exception {
    return new String[] {
      connect(filtered).get(path, headers).comparable(),
      connect(plain).get(path, headers).comparable()
    };
  }

  @Test
  void malformedTokensGetTheApplicationsOwnResponse() throws Exception {
    startBoth(TestServer.Setup.node("node-a", ServerIdentity.NODE_A));
    byte[] type3 =
        JCIFS.authenticate(
            JCIFS.challenge(
                ServerIdentity.NODE_A, "8bytes!!".getBytes(ISO_8859_1), 133_000_000_000_000_000L),
            "EXAMPLE",
            "alice",
            "Passw0rd!",
            "WS01");
    byte[] outOfBounds = Arrays.copyOf(type3, type3.length);
    outOfBounds[24] = (byte) 0xf0; // NtResponse offset far past the end
    List<String> malformed =
        List.of(
            "NTLM %%%not-base64%%%",
            "NTLM " + b64("NTLMSSP\0\1\0\0\0".getBytes(ISO_8859_1)),
            "NTLM " + b64("NTLMSSP\0\11\0\0\0\0\0\0\0\0\0\0\0".getBytes(ISO_8859_1)),
            "NTLM " + b64(outOfBounds),
            "Negotiate " + b64(new byte[] {0x60, (byte) 0x82, (byte) 0xff, (byte) 0xff, 0x06}),
            "NTLM");

    for (String token : malformed) {
      String[] responses = both(TestServer.PROTECTED, "Authorization: " + token);
      assertThat(responses[0]).as(token).isEqualTo(responses[1]);
      assertThat(responses[0]).startsWith("HTTP/1.1 401 ");
    }

    NtlmAffinity affinity = filtered.affinity();
    awaitFindings(affinity, MALFORMED_TOKEN, malformed.size());
    assertThat(affinity.counters().malformedTokens()).isEqualTo(malformed.size());
    assertThat(affinity.counters().internalErrors()).isZero();
  }

  @Test
  void applicationExceptionReachesTheContainerUnchanged() throws Exception {
    startBoth(TestServer.Setup.node("node-a", ServerIdentity.NODE_A));

    for (String[] headers : List.of(new String[0], new String[] {type1()})) {
      filtered.outermost.escaped.set(null);
      String[] responses = both(TestServer.THROWING, headers);
      assertThat(withoutFilterFrame(responses[0])).isEqualTo(withoutFilterFrame(responses[1]));
      assertThat(responses[0]).startsWith("HTTP/1.1 500 ");
      assertThat(filtered.outermost.escaped.get())
          .as("the very exception the servlet threw")
          .isNotNull()
          .isSameAs(filtered.throwing.thrown.get());
    }
    Handshake h = awaitEnded(filtered.affinity());
    assertThat(h.legs()).extracting(Handshake.Leg::type).containsExactly(MessageType.NEGOTIATE);
  }

  @Test
  void authenticateAnsweredByAFailingApplicationIsNotASuccess() throws Exception {
    filtered = start(TestServer.Setup.node("node-a", ServerIdentity.NODE_A));
    RawConnection c = connect(filtered);
    RawConnection.Response challenge = c.get(TestServer.PROTECTED, type1());

    RawConnection.Response failed = c.get(TestServer.THROWING, type3(challenge));

    assertThat(failed.status()).isEqualTo(500);
    Handshake h = awaitEnded(filtered.affinity());
    assertThat(h.legs().get(2).type()).isEqualTo(MessageType.AUTHENTICATE);
    assertThat(h.legs().get(2).status()).as("the status the client got").isEqualTo(500);
    assertThat(h.outcome()).isEqualTo(Handshake.Outcome.FAILED);
    assertThat(filtered.affinity().counters().handshakesSucceeded()).isZero();
  }

  @Test
  void asyncApplicationGetsTheSameResponseAndTheFilterSeesItsStatus() throws Exception {
    startBoth(TestServer.Setup.node("node-a", ServerIdentity.NODE_A));

    for (String[] headers : List.of(new String[0], new String[] {type1()})) {
      String[] responses = both(TestServer.ASYNC, headers);
      assertThat(responses[0]).isEqualTo(responses[1]);
      assertThat(responses[0])
          .startsWith("HTTP/1.1 202 ")
          .contains("X-Async: done")
          .endsWith("first part, second part\n");
    }
    Handshake h = awaitEnded(filtered.affinity());
    assertThat(h.legs()).extracting(Handshake.Leg::status).containsExactly(202);
  }

  @Test
  void asyncAcceptorAuthenticatesWithTheSameResponses() throws Exception {
    startBoth(TestServer.Setup.node("node-a", ServerIdentity.NODE_A));
    List<String> seen = new ArrayList<>();
    for (TestServer node : List.of(filtered, plain)) {
      RawConnection c = connect(node);
      RawConnection.Response offer = c.get(TestServer.ASYNC_PROTECTED);
      RawConnection.Response challenge = c.get(TestServer.ASYNC_PROTECTED, type1());
      RawConnection.Response accepted = c.get(TestServer.ASYNC_PROTECTED, type3(challenge));
      seen.add(masked(offer) + masked(challenge) + masked(accepted));
      assertThat(accepted.status()).isEqualTo(200);
    }
    assertThat(seen.get(0)).isEqualTo(seen.get(1));

    NtlmAffinity affinity = filtered.affinity();
    Handshake h = awaitEnded(affinity);
    assertThat(h.outcome()).isEqualTo(Handshake.Outcome.SUCCEEDED);
    assertThat(h.legs())
        .extracting(Handshake.Leg::type)
        .containsExactly(MessageType.NEGOTIATE, MessageType.CHALLENGE, MessageType.AUTHENTICATE);
    assertThat(affinity.snapshot().findings()).isEmpty();
  }

  @Test
  void asyncChallengeIsKnownBeforeTheClientCanAnswerItElsewhere() throws Exception {
    filtered = start(TestServer.Setup.node("node-a", ServerIdentity.NODE_A));
    CountDownLatch release = new CountDownLatch(1);
    filtered.asyncAcceptor.holdCompletionUntil(release);
    RawConnection first = connect(filtered);
    RawConnection second = connect(filtered);
    try {
      // The 401 is on the wire, its request not yet complete: the Type-3 races it elsewhere.
      RawConnection.Response challenge = first.get(TestServer.ASYNC_PROTECTED, type1());
      second.get(TestServer.PROTECTED, type3(challenge));
    } finally {
      release.countDown();
    }

    NtlmAffinity affinity = filtered.affinity();
    Finding split = awaitFindings(affinity, HANDSHAKE_SPLIT_ACROSS_CONNECTIONS, 1).get(0);
    assertThat(split.connection().remotePort()).isEqualTo(second.localPort());
    assertThat(split.otherConnection().remotePort()).isEqualTo(first.localPort());
    assertThat(findingTypes(affinity))
        .containsExactlyInAnyOrder(HANDSHAKE_SPLIT_ACROSS_CONNECTIONS, CHALLENGE_ABANDONED);
  }

  @Test
  void throwingSinkChangesNoResponse() throws Exception {
    Sink broken =
        new Sink() {
          @Override
          public void onFinding(Finding finding) {
            throw new IllegalStateException("sink down");
          }

          @Override
          public void onHandshake(Handshake handshake) {
            throw new IllegalStateException("sink down");
          }
        };
    startBoth(
        TestServer.Setup.node("node-a", ServerIdentity.NODE_A).configure(b -> b.sink(broken)));
    List<String> seen = new ArrayList<>();
    for (TestServer node : List.of(filtered, plain)) {
      RawConnection first = connect(node);
      RawConnection second = connect(node);
      RawConnection.Response challenge = first.get(TestServer.PROTECTED, type1());
      RawConnection.Response refused = second.get(TestServer.PROTECTED, type3(challenge));
      RawConnection.Response retry = first.get(TestServer.PROTECTED, type1());
      RawConnection.Response accepted = first.get(TestServer.PROTECTED, type3(retry));
      seen.add(masked(challenge) + masked(refused) + masked(retry) + masked(accepted));
      assertThat(accepted.status()).isEqualTo(200);
    }
    assertThat(seen.get(0)).isEqualTo(seen.get(1));

    NtlmAffinity affinity = filtered.affinity();
    awaitFindings(affinity, HANDSHAKE_SPLIT_ACROSS_CONNECTIONS, 1);
    assertThat(awaitEnded(affinity).outcome()).isEqualTo(Handshake.Outcome.SUCCEEDED);
  }

  /**
   * The response without the filter's own stack frame, which Tomcat's error page lists (and so
   * without Content-Length): a stack trace through the filter shows the filter, whatever it does.
   */
  private static String withoutFilterFrame(String response) {
    return response
        .lines()
        .filter(l -> !l.contains(NtlmAffinityFilter.class.getName() + ".doFilter("))
        .filter(l -> !l.startsWith("Content-Length: "))
        .collect(java.util.stream.Collectors.joining("\n"));
  }

  private static String masked(RawConnection.Response response) {
    return NTLM_TOKEN.matcher(response.comparable()).replaceAll("$1 <token>");
  }

  private static String b64(byte[] bytes) {
    return Base64.getEncoder().encodeToString(bytes);
  }

  static String ntlm(byte[] token) {
    return NtlmTestMessages.ntlmHeader(token);
  }
}
