package io.github.ntlmaffinity.examples;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.ntlmaffinity.wire.AuthenticateMessage;
import io.github.ntlmaffinity.wire.ChallengeMessage;
import io.github.ntlmaffinity.wire.DecodeResult;
import io.github.ntlmaffinity.wire.NegotiateMessage;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

class DecodeDemoTest {

  @Test
  void decodesTheCapturedHandshakeAndTiesTheAuthenticateToItsChallenge() {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    List<DecodeResult> legs = DecodeDemo.run(new PrintStream(bytes, true, StandardCharsets.UTF_8));

    assertThat(legs).hasSize(3).allMatch(r -> r instanceof DecodeResult.Ntlm);
    assertThat(((DecodeResult.Ntlm) legs.get(0)).message()).isInstanceOf(NegotiateMessage.class);
    ChallengeMessage challenge = (ChallengeMessage) ((DecodeResult.Ntlm) legs.get(1)).message();
    AuthenticateMessage authenticate =
        (AuthenticateMessage) ((DecodeResult.Ntlm) legs.get(2)).message();
    assertThat(authenticate.challengeTimestamp()).isEqualTo(challenge.targetInfo().timestamp());

    String out = bytes.toString(StandardCharsets.UTF_8);
    assertThat(out)
        .contains("AUTHENTICATE EXAMPLE\\alice from WORKSTATION, NTLMv2")
        .contains("answers a challenge issued by NODE-A")
        .contains("echoes the CHALLENGE's computer name and timestamp");
  }
}
