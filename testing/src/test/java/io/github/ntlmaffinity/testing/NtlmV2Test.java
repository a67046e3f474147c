package io.github.ntlmaffinity.testing;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import org.junit.jupiter.api.Test;

/** The acceptor's checks against jcifs-ng's client messages. */
class NtlmV2Test {
  private static final byte[] SERVER_CHALLENGE = {1, 2, 3, 4, 5, 6, 7, 8};
  private static final long FILE_TIME = 133_000_000_000_000_000L;

  private final NtlmTestMessages jcifs = NtlmTestMessages.create();

  @Test
  void anAnswerWithThePasswordToThisChallengeVerifies() {
    byte[] type3 = type3(jcifs, NtlmTestMessages.PASSWORD);

    assertThat(NtlmV2.verifies(type3, SERVER_CHALLENGE, NtlmTestMessages.PASSWORD)).isTrue();
    assertThat(NtlmV2.verifies(type3, SERVER_CHALLENGE, "wrong")).isFalse();
    byte[] otherChallenge = Arrays.copyOf(SERVER_CHALLENGE, 8);
    otherChallenge[7] ^= 1;
    assertThat(NtlmV2.verifies(type3, otherChallenge, NtlmTestMessages.PASSWORD)).isFalse();
  }

  @Test
  void namesTheChallengeItAnswersByItsTimestamp() {
    byte[] type3 = type3(jcifs, NtlmTestMessages.PASSWORD);

    assertThat(NtlmV2.echoedTimestamp(type3)).isEqualTo(FILE_TIME);
    assertThat(NtlmV2.qualifiedUser(type3)).isEqualTo("EXAMPLE\\alice");
  }

  @Test
  void ntlmV1NeitherVerifiesNorNamesAChallenge() {
    byte[] type3 = type3(NtlmTestMessages.lmCompatibility(1), NtlmTestMessages.PASSWORD);

    assertThat(NtlmV2.verifies(type3, SERVER_CHALLENGE, NtlmTestMessages.PASSWORD)).isFalse();
    assertThat(NtlmV2.echoedTimestamp(type3)).isNull();
  }

  @Test
  void garbageIsNoAnswer() {
    byte[] garbage = "NTLMSSP\0\3\0\0\0".getBytes(java.nio.charset.StandardCharsets.US_ASCII);

    assertThat(NtlmV2.verifies(garbage, SERVER_CHALLENGE, NtlmTestMessages.PASSWORD)).isFalse();
    assertThat(NtlmV2.echoedTimestamp(garbage)).isNull();
  }

  private static byte[] type3(NtlmTestMessages client, String password) {
    byte[] type2 =
        NtlmTestMessages.create().challenge(ServerIdentity.NODE_A, SERVER_CHALLENGE, FILE_TIME);
    return client.authenticate(
        type2, NtlmTestMessages.DOMAIN, NtlmTestMessages.USER, password, "WS01");
  }
}
