package io.github.ntlmaffinity.cli.probe;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Bad input, bad servers and the limits: each a clear message and exit status, never a trace. */
class ProbeCommandTest {

  @Test
  void helpPrintsUsage() {
    ProbeRun run = ProbeRun.of("--help");

    assertThat(run.status()).isZero();
    assertThat(run.stdout()).contains("usage: java -jar ntlm-affinity-cli.jar probe URL");
  }

  @Test
  void usageErrorsExit3() {
    assertThat(ProbeRun.of().status()).isEqualTo(3);
    assertThat(ProbeRun.of("http://127.0.0.1:1/", "--frobnicate").stderr())
        .contains("unknown option --frobnicate");
    assertThat(ProbeRun.of("ftp://127.0.0.1/").stderr()).contains("http:// or https://");
    assertThat(ProbeRun.of("http://127.0.0.1:1/", "-n", "0").stderr()).contains("between 1");
    assertThat(ProbeRun.of("http://127.0.0.1:1/", "--balancer", "bigiron").stderr())
        .contains("unknown --balancer");
  }

  @Test
  void theProbePathExcludesATestAccount() {
    ProbeRun run =
        ProbeRun.of(
            "http://127.0.0.1:1/", "--probe-path", "/ntlm-affinity-probe", "--user", "EXAMPLE\\a");

    assertThat(run.status()).isEqualTo(3);
    assertThat(run.stderr()).contains("--probe-path").contains("give one of them");
    assertThat(ProbeRun.of("http://127.0.0.1:1/", "--probe-path", "//evil.example/").stderr())
        .contains("a path on the URL's host");
  }

  @Test
  void refusesAPasswordOnTheCommandLineAndNeverEchoesIt() {
    ProbeRun run =
        ProbeRun.of("http://127.0.0.1:1/", "--user", "EXAMPLE\\alice", "--password", "s3cret!");

    assertThat(run.status()).isEqualTo(3);
    assertThat(run.stderr()).contains("never taken on the command line");
    assertThat(run.stdout() + run.stderr()).doesNotContain("s3cret!");
  }

  @Test
  void saysWhenThePasswordVariableIsMissing() {
    ProbeRun run =
        ProbeRun.with(
            Map.of(), "http://127.0.0.1:1/", "--user", "EXAMPLE\\alice", "--password-env", "NOPE");

    assertThat(run.status()).isEqualTo(3);
    assertThat(run.stderr()).contains("NOPE").contains("not set");
  }

  @Test
  void saysWhenThereIsNoConsoleToAsk() {
    ProbeRun run = ProbeRun.with(Map.of(), "http://127.0.0.1:1/", "--user", "EXAMPLE\\alice");

    assertThat(run.status()).isEqualTo(3);
    assertThat(run.stderr()).contains("--password-env");
  }

  @Test
  void unreachableIsAConnectionError() throws Exception {
    int port;
    try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
      port = s.getLocalPort();
    }
    ProbeRun run = ProbeRun.of("http://127.0.0.1:" + port + "/", "--json");

    assertThat(run.status()).isEqualTo(3);
    assertThat(run.stderr()).contains("cannot connect").doesNotContain("\tat ");
    assertThat(run.json().get("verdict").asText()).isEqualTo("ERROR");
  }

  @Test
  void aUrlWithoutNtlmSaysSo() throws Exception {
    try (ScriptedServer server =
        new ScriptedServer(a -> "HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nhi")) {
      ProbeRun run = ProbeRun.of(server.url());

      assertThat(run.status()).isEqualTo(3);
      assertThat(run.stderr()).contains("does not offer NTLM").contains("WWW-Authenticate");
    }
  }

  @Test
  void a5xxSaysSo() throws Exception {
    try (ScriptedServer server =
        new ScriptedServer(
            a ->
                a == null
                    ? ScriptedServer.offer()
                    : "HTTP/1.1 502 Bad Gateway\r\nContent-Length: 0\r\n\r\n")) {
      ProbeRun run = ProbeRun.of(server.url());

      assertThat(run.status()).isEqualTo(3);
      assertThat(run.stderr()).contains("502 Bad Gateway");
    }
  }

  @Test
  void aGarbageChallengeSaysSo() throws Exception {
    try (ScriptedServer server =
        new ScriptedServer(
            a ->
                a == null
                    ? ScriptedServer.offer()
                    : ScriptedServer.challenge("TlRMTVNTUAACAAAA", false))) {
      ProbeRun run = ProbeRun.of(server.url());

      assertThat(run.status()).isEqualTo(3);
      assertThat(run.stderr()).contains("CHALLENGE is malformed").doesNotContain("\tat ");
    }
  }

  @Test
  void aConnectionClosedWithoutAnswerSaysSo() throws Exception {
    try (ScriptedServer server =
        new ScriptedServer(a -> a == null ? ScriptedServer.offer() : null)) {
      ProbeRun run = ProbeRun.of(server.url());

      assertThat(run.status()).isEqualTo(3);
      assertThat(run.stderr()).contains("closed the connection without answering");
    }
  }

  @Test
  void aServerThatNeverAnswersEndsAtTheTimeout() throws Exception {
    try (ServerSocket silent = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
      ProbeRun run =
          ProbeRun.of("http://127.0.0.1:" + silent.getLocalPort() + "/", "--timeout", "1");

      assertThat(run.status()).isEqualTo(3);
      assertThat(run.stderr()).contains("no answer");
    }
  }

  @Test
  void aChallengeOnAClosingResponseIsUnsafe() throws Exception {
    String token = ScriptedServer.challengeToken("NODE-A");
    try (ScriptedServer server =
        new ScriptedServer(
            a -> a == null ? ScriptedServer.offer() : ScriptedServer.challenge(token, true))) {
      ProbeRun run = ProbeRun.of(server.url(), "--json");

      assertThat(run.status()).as(run.toString()).isEqualTo(1);
      assertThat(run.stdout()).contains("CHALLENGE_ON_CLOSING_CONNECTION");
    }
  }

  @Test
  void neverSendsMoreThanTheRequestedHandshakes() throws Exception {
    String token = ScriptedServer.challengeToken("NODE-A");
    try (ScriptedServer server =
        new ScriptedServer(
            a -> a == null ? ScriptedServer.offer() : ScriptedServer.challenge(token, false))) {
      ProbeRun run = ProbeRun.of(server.url(), "--json", "-n", "5", "-c", "3");

      assertThat(run.status()).as(run.toString()).isEqualTo(2);
      assertThat(server.negotiates()).isEqualTo(run.json().at("/handshakes/sent").asInt());
      assertThat(server.negotiates()).isBetween(1, 5);
    }
  }

  @Test
  void escapesControlAndBidiCharactersFromTheChallenge() throws Exception {
    String token = ScriptedServer.challengeToken("EVIL\u001b[31m\u202eX");
    try (ScriptedServer server =
        new ScriptedServer(
            a -> a == null ? ScriptedServer.offer() : ScriptedServer.challenge(token, false))) {
      ProbeRun run = ProbeRun.of(server.url());

      assertThat(run.stdout()).contains("EVIL\\u001b[31m\\u202eX");
      assertThat(run.stdout()).doesNotContain("\u001b").doesNotContain("\u202e");
    }
  }

  @Test
  void aServerThatStallsMidRunEndsAtTheTimeoutWithWhatWasSeen() throws Exception {
    String token = ScriptedServer.challengeToken("NODE-A");
    java.util.concurrent.atomic.AtomicInteger requests =
        new java.util.concurrent.atomic.AtomicInteger();
    try (ScriptedServer server =
        new ScriptedServer(
            a -> {
              if (a == null) {
                return ScriptedServer.offer();
              }
              if (requests.incrementAndGet() > 3) {
                try {
                  Thread.sleep(60_000);
                } catch (InterruptedException e) {
                  Thread.currentThread().interrupt();
                }
                return null;
              }
              return ScriptedServer.challenge(token, false);
            })) {
      ProbeRun run = ProbeRun.of(server.url(), "--json", "--timeout", "2");

      assertThat(run.status()).as(run.toString()).isEqualTo(2);
      assertThat(run.check("one-connection")).isEqualTo("NOT_VERIFIED");
      assertThat(run.check("pre-authenticated")).isEqualTo("SKIPPED");
      assertThat(run.stdout()).contains("the --timeout of 2 s passed");
    }
  }
}
