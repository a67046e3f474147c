package io.github.ntlmaffinity.examples;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.github.ntlmaffinity.Handshake;
import io.github.ntlmaffinity.testing.RawConnection;
import io.github.ntlmaffinity.wire.AuthScheme;
import io.github.ntlmaffinity.wire.MessageType;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import jcifs.spnego.NegTokenInit;
import jcifs.spnego.NegTokenTarg;
import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The demo acceptor answers Negotiate as IIS does: NTLMSSP wrapped in SPNEGO, by real SPNEGO
 * clients, logs in, and the filter counts it as Negotiate.
 */
class SpnegoLoginTest {
  private static final ASN1ObjectIdentifier NTLMSSP =
      new ASN1ObjectIdentifier("1.3.6.1.4.1.311.2.2.10");

  @RegisterExtension final RunningNode running = new RunningNode();

  @Test
  void curlWithGssNtlmsspLogsInThroughSpnego() throws Exception {
    assumeTrue(
        Files.exists(Path.of("/etc/gss/mech.d/mech.ntlmssp.conf")),
        "Debian's gss-ntlmssp is not installed (.ci/run installs it)");
    Path users = Files.createTempFile(Path.of("target"), "ntlm-users-", ".txt");
    Files.writeString(users, "EXAMPLE:alice:Passw0rd!\n", StandardCharsets.UTF_8);
    ProcessBuilder pb =
        new ProcessBuilder(
                "curl",
                "-s",
                "-o",
                "/dev/null",
                "-w",
                "%{http_code}",
                "--negotiate",
                "-u",
                ":",
                "--max-time",
                "20",
                running.node().uri().toString())
            .redirectErrorStream(true);
    pb.environment().put("NTLM_USER_FILE", users.toString());
    pb.environment().put("KRB5_CONFIG", "/dev/null");
    Process curl = pb.start();
    assertThat(curl.waitFor(30, TimeUnit.SECONDS)).isTrue();
    String out = new String(curl.getInputStream().readAllBytes(), StandardCharsets.UTF_8);

    assertThat(out).endsWith("200");
    Handshake h = running.node().affinity().snapshot().handshakes().get(0);
    assertThat(h.outcome()).isEqualTo(Handshake.Outcome.SUCCEEDED);
    assertThat(h.user()).isEqualTo("alice");
    assertThat(
            running
                .node()
                .affinity()
                .counters()
                .messages(MessageType.NEGOTIATE, AuthScheme.NEGOTIATE))
        .isEqualTo(1);
  }

  @Test
  void jcifsSpnegoTokensLogIn() throws Exception {
    UserTable.Account alice = UserTable.defaults().accounts().get(0);
    try (RawConnection wire = RawConnection.connect(running.address(), null)) {
      byte[] init =
          new NegTokenInit(
                  new ASN1ObjectIdentifier[] {NTLMSSP}, 0, JcifsNtlmClient.negotiate(), null)
              .toByteArray();
      RawConnection.Response challenge =
          wire.get("/", Map.of("Authorization", "Negotiate " + b64(init)));
      String header = challenge.header("WWW-Authenticate");
      NegTokenTarg resp = new NegTokenTarg(Base64.getDecoder().decode(header.substring(10)));
      byte[] type3 = JcifsNtlmClient.authenticate(resp.getMechanismToken(), alice, "WS-S1");
      byte[] targ =
          new NegTokenTarg(NegTokenTarg.UNSPECIFIED_RESULT, null, type3, null).toByteArray();
      RawConnection.Response done =
          wire.get("/", Map.of("Authorization", "Negotiate " + b64(targ)));

      assertThat(challenge.status()).isEqualTo(401);
      assertThat(resp.getMechanism()).isEqualTo(NTLMSSP);
      assertThat(resp.getResult()).isEqualTo(NegTokenTarg.ACCEPT_INCOMPLETE);
      assertThat(done.status()).isEqualTo(200);
      NegTokenTarg accepted =
          new NegTokenTarg(
              Base64.getDecoder().decode(done.header("WWW-Authenticate").substring(10)));
      assertThat(accepted.getResult()).isEqualTo(NegTokenTarg.ACCEPT_COMPLETED);
    }
    // Negotiate carrying NTLM is worth saying (no Kerberos ticket), and nothing else is.
    assertThat(running.node().affinity().snapshot().findings())
        .extracting(io.github.ntlmaffinity.Finding::type)
        .containsExactly(io.github.ntlmaffinity.FindingType.NEGOTIATE_FELL_BACK_TO_NTLM);
  }

  private static String b64(byte[] token) {
    return Base64.getEncoder().encodeToString(token);
  }
}
