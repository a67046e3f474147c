package io.github.ntlmaffinity.wire;

import static io.github.ntlmaffinity.testing.LittleEndian.u16;
import static io.github.ntlmaffinity.testing.LittleEndian.u32;
import static org.assertj.core.api.Assertions.assertThat;

import io.github.ntlmaffinity.testing.Hex;
import io.github.ntlmaffinity.testing.NtlmTestMessages;
import io.github.ntlmaffinity.testing.SpnegoTokens;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The CHALLENGE and AUTHENTICATE messages of MS-NLMP section 4.2 ("Cryptographic Values for
 * Validation"), decoded field by field. The byte dumps live in {@code
 * src/test/resources/vectors/ms-nlmp-4.2.*.hex}; the values asserted here are those the
 * specification states for them (4.2.1 common values, 4.2.2 NTLMv1, 4.2.3 NTLMv1 with client
 * challenge, 4.2.4 NTLMv2). Before decoding, each dump is checked against the spec's own numbers
 * (responses at their offsets, fields that tile the payload) so that a typing error in a vector
 * cannot pass as a decoder bug or hide one.
 */
class MsNlmpVectorsTest {

  // MS-NLMP 4.2.1 common values.
  private static final long SERVER_CHALLENGE = 0x0123456789abcdefL;
  private static final long CLIENT_CHALLENGE = 0xaaaaaaaaaaaaaaaaL;
  private static final OsVersion SERVER_VERSION = new OsVersion(6, 0, 6000, 15);
  private static final OsVersion CLIENT_VERSION = new OsVersion(5, 1, 2600, 15);

  private static final byte[] V1_CHALLENGE = Hex.resource("/vectors/ms-nlmp-4.2.2.3-challenge.hex");
  private static final byte[] V1_AUTHENTICATE =
      Hex.resource("/vectors/ms-nlmp-4.2.2.3-authenticate.hex");
  private static final byte[] V1CC_CHALLENGE =
      Hex.resource("/vectors/ms-nlmp-4.2.3.3-challenge.hex");
  private static final byte[] V1CC_AUTHENTICATE =
      Hex.resource("/vectors/ms-nlmp-4.2.3.3-authenticate.hex");
  private static final byte[] V2_CHALLENGE = Hex.resource("/vectors/ms-nlmp-4.2.4.3-challenge.hex");
  private static final byte[] V2_AUTHENTICATE =
      Hex.resource("/vectors/ms-nlmp-4.2.4.3-authenticate.hex");

  static Stream<Arguments> vectors() {
    return Stream.of(
        Arguments.of("4.2.2.3 CHALLENGE", V1_CHALLENGE),
        Arguments.of("4.2.2.3 AUTHENTICATE", V1_AUTHENTICATE),
        Arguments.of("4.2.3.3 CHALLENGE", V1CC_CHALLENGE),
        Arguments.of("4.2.3.3 AUTHENTICATE", V1CC_AUTHENTICATE),
        Arguments.of("4.2.4.3 CHALLENGE", V2_CHALLENGE),
        Arguments.of("4.2.4.3 AUTHENTICATE", V2_AUTHENTICATE));
  }

  /** The vectors as typed: checked against numbers the specification gives apart from the dumps. */
  @Nested
  class TheDumpsAreTheSpecifications {

    @Test
    void sizesFollowFromTheLastPayloadField() {
      // CHALLENGE: 56-byte header (with Version) + "Server" in UTF-16 (+ 36 bytes TargetInfo).
      assertThat(V1_CHALLENGE).hasSize(56 + 12);
      assertThat(V1CC_CHALLENGE).hasSize(56 + 12);
      assertThat(V2_CHALLENGE).hasSize(56 + 12 + 36);
      // AUTHENTICATE: each ends with its last payload field.
      assertThat(V1_AUTHENTICATE).hasSize(0x9c + 16);
      assertThat(V1CC_AUTHENTICATE).hasSize(0x84 + 24);
      assertThat(V2_AUTHENTICATE).hasSize(0xd8 + 16);
    }

    @Test
    void ntlmv1ResponsesAreThoseOfSection4222() {
      // 4.2.2.2.2 LMv1 response, 4.2.2.2.1 NTLMv1 response, 4.2.2.2.3 encrypted session key.
      assertThat(payload(V1_AUTHENTICATE, 12))
          .isEqualTo(hex("98def7b87f88aa5dafe2df779688a172def11c7d5ccdef13"));
      assertThat(payload(V1_AUTHENTICATE, 20))
          .isEqualTo(hex("67c43011f30298a2ad35ece64f16331c44bdbed927841f94"));
      assertThat(payload(V1_AUTHENTICATE, 52)).isEqualTo(hex("518822b1b3f350c8958682ecbb3e3cb7"));
    }

    @Test
    void ntlm2SessionResponsesAreThoseOfSection4232() {
      // 4.2.3.2.1 LMv1 response = client challenge + zeros, 4.2.3.2.2 NTLMv1 response.
      assertThat(payload(V1CC_AUTHENTICATE, 12))
          .isEqualTo(hex("aaaaaaaaaaaaaaaa00000000000000000000000000000000"));
      assertThat(payload(V1CC_AUTHENTICATE, 20))
          .isEqualTo(hex("7537f803ae367128ca458204bde7caf81e97ed2683267232"));
      assertThat(payload(V1CC_AUTHENTICATE, 52)).isEmpty();
    }

    @Test
    void ntlmv2ResponsesAreThoseOfSection4242() {
      // 4.2.4.2.1 LMv2 response, 4.2.4.2.2 NTProofStr, then the temp of 4.2.4.1.3 and Z(4).
      assertThat(payload(V2_AUTHENTICATE, 12))
          .isEqualTo(hex("86c35097ac9cec102554764a57cccc19aaaaaaaaaaaaaaaa"));
      byte[] nt = payload(V2_AUTHENTICATE, 20);
      assertThat(Arrays.copyOf(nt, 16)).isEqualTo(hex("68cd0ab851e51c96aabc927bebef6a1c"));
      byte[] temp =
          hex(
              "0101000000000000"
                  + "0000000000000000"
                  + "aaaaaaaaaaaaaaaa"
                  + "00000000"
                  + "02000c0044006f006d00610069006e00" // MsvAvNbDomainName "Domain"
                  + "01000c00530065007200760065007200" // MsvAvNbComputerName "Server"
                  + "00000000" // MsvAvEOL
                  + "00000000");
      assertThat(Arrays.copyOfRange(nt, 16, nt.length)).isEqualTo(temp);
      // 4.2.4.2.3 encrypted session key.
      assertThat(payload(V2_AUTHENTICATE, 52)).isEqualTo(hex("c5dad2544fc9799094ce1ce90bc9d03e"));
      // The blob echoes the CHALLENGE's TargetInfo byte for byte.
      assertThat(Arrays.copyOfRange(nt, 16 + 28, nt.length - 4))
          .isEqualTo(payload(V2_CHALLENGE, 40));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("io.github.ntlmaffinity.wire.MsNlmpVectorsTest#vectors")
    void everyFieldHasMaxLenEqualToLenAndLiesInsideTheMessage(String name, byte[] message) {
      int[] fields = u32(message, 8) == 2 ? new int[] {12, 40} : new int[] {12, 20, 28, 36, 44, 52};
      for (int at : fields) {
        int length = u16(message, at);
        assertThat(u16(message, at + 2)).as("%s MaxLen at %d", name, at).isEqualTo(length);
        assertThat(u32(message, at + 4) + length)
            .as("%s end of field at %d", name, at)
            .isLessThanOrEqualTo(message.length);
      }
    }
  }

  @Nested
  class Ntlmv1Section422 {

    @Test
    void challenge() {
      ChallengeMessage m = decodeChallenge(V1_CHALLENGE);
      assertThat(m.type()).isEqualTo(MessageType.CHALLENGE);
      assertThat(m.flags()).isEqualTo(0xe2028233);
      assertThat(m.flagNames())
          .containsExactly(
              "NEGOTIATE_UNICODE",
              "NEGOTIATE_OEM",
              "NEGOTIATE_SIGN",
              "NEGOTIATE_SEAL",
              "NEGOTIATE_NTLM",
              "NEGOTIATE_ALWAYS_SIGN",
              "TARGET_TYPE_SERVER",
              "NEGOTIATE_VERSION",
              "NEGOTIATE_128",
              "NEGOTIATE_KEY_EXCH",
              "NEGOTIATE_56");
      assertThat(m.targetName()).isEqualTo("Server");
      assertThat(m.serverChallenge()).isEqualTo(SERVER_CHALLENGE);
      assertThat(m.serverChallengeHex()).isEqualTo("0123456789abcdef");
      assertThat(m.targetInfo()).isEqualTo(TargetInfo.EMPTY);
      assertThat(m.version()).isEqualTo(SERVER_VERSION);
      assertThat(m.summary())
          .isEqualTo("CHALLENGE for target Server, challenge 0123456789abcdef, no timestamp");
    }

    @Test
    void authenticate() {
      AuthenticateMessage m = decodeAuthenticate(V1_AUTHENTICATE);
      assertThat(m.type()).isEqualTo(MessageType.AUTHENTICATE);
      assertThat(m.flags()).isEqualTo(0xe2808235);
      assertThat(m.has(NegotiateFlag.NEGOTIATE_EXTENDED_SESSIONSECURITY)).isFalse();
      assertCommonAuthenticateFields(m);
      assertThat(m.lmResponseLength()).isEqualTo(24);
      assertThat(m.ntResponseLength()).isEqualTo(24);
      assertThat(m.sessionKeyLength()).isEqualTo(16);
      assertThat(m.responseKind()).isEqualTo(ResponseKind.NTLMV1);
      assertThat(m.responseKind().isWeak()).isTrue();
      assertThat(m.ntlmv2()).isNull();
      assertThat(m.echoedTargetInfo()).isEqualTo(TargetInfo.EMPTY);
      assertThat(m.challengeIssuer()).isNull();
      assertThat(m.challengeTimestamp()).isNull();
      assertThat(m.micFlagged()).isFalse();
      assertThat(m.summary())
          .isEqualTo("AUTHENTICATE Domain\\User from COMPUTER, NTLMv1, names no challenge issuer");
    }
  }

  @Nested
  class Ntlmv1WithClientChallengeSection423 {

    @Test
    void challenge() {
      ChallengeMessage m = decodeChallenge(V1CC_CHALLENGE);
      assertThat(m.flags()).isEqualTo(0x820a8233);
      assertThat(m.has(NegotiateFlag.NEGOTIATE_EXTENDED_SESSIONSECURITY)).isTrue();
      assertThat(m.has(NegotiateFlag.NEGOTIATE_KEY_EXCH)).isFalse();
      assertThat(m.has(NegotiateFlag.NEGOTIATE_128)).isFalse();
      assertThat(m.has(NegotiateFlag.NEGOTIATE_56)).isTrue();
      assertThat(m.targetName()).isEqualTo("Server");
      assertThat(m.serverChallenge()).isEqualTo(SERVER_CHALLENGE);
      assertThat(m.targetInfo()).isEqualTo(TargetInfo.EMPTY);
      assertThat(m.version()).isEqualTo(SERVER_VERSION);
    }

    @Test
    void authenticate() {
      AuthenticateMessage m = decodeAuthenticate(V1CC_AUTHENTICATE);
      assertThat(m.flags()).isEqualTo(0x82088235);
      assertCommonAuthenticateFields(m);
      assertThat(m.lmResponseLength()).isEqualTo(24);
      assertThat(m.ntResponseLength()).isEqualTo(24);
      assertThat(m.sessionKeyLength()).as("no KEY_EXCH: no encrypted session key").isZero();
      assertThat(m.responseKind()).isEqualTo(ResponseKind.NTLM2_SESSION);
      assertThat(m.responseKind().label()).isEqualTo("NTLM2 session response");
      assertThat(m.ntlmv2()).isNull();
      assertThat(m.challengeIssuer()).isNull();
    }
  }

  @Nested
  class Ntlmv2Section424 {

    @Test
    void challenge() {
      ChallengeMessage m = decodeChallenge(V2_CHALLENGE);
      assertThat(m.flags()).isEqualTo(0xe28a8233);
      assertThat(m.has(NegotiateFlag.NEGOTIATE_TARGET_INFO)).isTrue();
      assertThat(m.targetName()).isEqualTo("Server");
      assertThat(m.serverChallenge()).isEqualTo(SERVER_CHALLENGE);
      assertThat(m.version()).isEqualTo(SERVER_VERSION);
      assertThat(m.targetInfo().pairs())
          .containsExactly(
              new AvPair.Text(AvPair.NB_DOMAIN_NAME, 12, "Domain"),
              new AvPair.Text(AvPair.NB_COMPUTER_NAME, 12, "Server"));
      assertThat(m.targetInfo().pairs())
          .extracting(AvPair::name)
          .containsExactly("MsvAvNbDomainName", "MsvAvNbComputerName");
      assertThat(m.targetInfo().nbComputerName()).isEqualTo("Server");
      assertThat(m.targetInfo().nbDomainName()).isEqualTo("Domain");
      assertThat(m.targetInfo().dnsComputerName()).isNull();
      assertThat(m.targetInfo().timestamp()).isNull();
      assertThat(m.summary())
          .isEqualTo("CHALLENGE from Server, challenge 0123456789abcdef, no timestamp");
    }

    @Test
    void authenticate() {
      AuthenticateMessage m = decodeAuthenticate(V2_AUTHENTICATE);
      assertThat(m.flags()).isEqualTo(0xe2888235);
      assertCommonAuthenticateFields(m);
      assertThat(m.lmResponseLength()).isEqualTo(24);
      assertThat(m.ntResponseLength()).isEqualTo(84);
      assertThat(m.sessionKeyLength()).isEqualTo(16);
      assertThat(m.responseKind()).isEqualTo(ResponseKind.NTLMV2);
      assertThat(m.responseKind().isWeak()).isFalse();
      Ntlmv2Response blob = m.ntlmv2();
      assertThat(blob.respType()).isEqualTo(1);
      assertThat(blob.hiRespType()).isEqualTo(1);
      assertThat(blob.clientTimestamp()).as("4.2.4.1.3 uses Time = 0").isZero();
      assertThat(blob.clientChallenge()).isEqualTo(CLIENT_CHALLENGE);
      assertThat(blob.clientChallengeHex()).isEqualTo("aaaaaaaaaaaaaaaa");
      assertThat(blob.avPairs().pairs())
          .containsExactly(
              new AvPair.Text(AvPair.NB_DOMAIN_NAME, 12, "Domain"),
              new AvPair.Text(AvPair.NB_COMPUTER_NAME, 12, "Server"));
      assertThat(m.echoedTargetInfo()).isEqualTo(decodeChallenge(V2_CHALLENGE).targetInfo());
      assertThat(m.challengeIssuer()).isEqualTo("Server");
      assertThat(m.challengeTimestamp()).as("the spec's TargetInfo has no MsvAvTimestamp").isNull();
      assertThat(m.micFlagged()).isFalse();
      assertThat(m.summary())
          .isEqualTo(
              "AUTHENTICATE Domain\\User from COMPUTER, NTLMv2, answers a challenge issued by Server");
    }
  }

  /** The same message whichever header and wrapping carries it. */
  @ParameterizedTest(name = "{0}")
  @MethodSource("vectors")
  void decodesTheSameInEveryHeaderAndWrapping(String name, byte[] message) {
    NtlmMessage raw =
        ((DecodeResult.Ntlm) NtlmDecoder.decodeToken(AuthScheme.NTLM, message)).message();
    boolean challenge = raw.type() == MessageType.CHALLENGE;
    List<DecodeResult> viaHeaders =
        challenge
            ? List.of(
                NtlmDecoder.decodeWwwAuthenticate(NtlmTestMessages.ntlmHeader(message)).get(0),
                NtlmDecoder.decodeWwwAuthenticate(NtlmTestMessages.negotiateHeader(message)).get(0),
                NtlmDecoder.decodeWwwAuthenticate(
                        NtlmTestMessages.negotiateHeader(
                            SpnegoTokens.negTokenResp(
                                SpnegoTokens.ACCEPT_INCOMPLETE,
                                SpnegoTokens.NTLMSSP_OID,
                                message,
                                null)))
                    .get(0))
            : List.of(
                NtlmDecoder.decodeAuthorization(NtlmTestMessages.ntlmHeader(message)),
                NtlmDecoder.decodeAuthorization(NtlmTestMessages.negotiateHeader(message)),
                NtlmDecoder.decodeAuthorization(
                    NtlmTestMessages.negotiateHeader(
                        SpnegoTokens.negTokenInit(message, SpnegoTokens.NTLMSSP_OID))),
                NtlmDecoder.decodeAuthorization(
                    NtlmTestMessages.negotiateHeader(
                        SpnegoTokens.negTokenResp(null, null, message, null))));
    assertThat(viaHeaders)
        .allSatisfy(
            r -> {
              assertThat(r).isInstanceOf(DecodeResult.Ntlm.class);
              assertThat(((DecodeResult.Ntlm) r).message()).isEqualTo(raw);
            });
    assertThat(viaHeaders)
        .extracting(r -> ((DecodeResult.Ntlm) r).wrapping())
        .containsExactlyElementsOf(
            challenge
                ? List.of(Wrapping.RAW, Wrapping.RAW, Wrapping.SPNEGO_RESPONSE)
                : List.of(
                    Wrapping.RAW, Wrapping.RAW, Wrapping.SPNEGO_INIT, Wrapping.SPNEGO_RESPONSE));
  }

  private static void assertCommonAuthenticateFields(AuthenticateMessage m) {
    assertThat(m.domain()).isEqualTo("Domain");
    assertThat(m.user()).isEqualTo("User");
    assertThat(m.workstation()).isEqualTo("COMPUTER");
    assertThat(m.qualifiedUser()).isEqualTo("Domain\\User");
    assertThat(m.unicode()).isTrue();
    assertThat(m.headerLength()).as("Version, no MIC: payload starts at 0x48").isEqualTo(72);
    assertThat(m.micPresent()).isFalse();
    assertThat(m.version()).isEqualTo(CLIENT_VERSION);
    assertThat(m.isAnonymous()).isFalse();
  }

  private static ChallengeMessage decodeChallenge(byte[] message) {
    DecodeResult r = NtlmDecoder.decodeToken(AuthScheme.NTLM, message);
    assertThat(r).isInstanceOf(DecodeResult.Ntlm.class);
    return (ChallengeMessage) ((DecodeResult.Ntlm) r).message();
  }

  private static AuthenticateMessage decodeAuthenticate(byte[] message) {
    DecodeResult r = NtlmDecoder.decodeToken(AuthScheme.NTLM, message);
    assertThat(r).isInstanceOf(DecodeResult.Ntlm.class);
    return (AuthenticateMessage) ((DecodeResult.Ntlm) r).message();
  }

  /** The payload of the field descriptor at {@code at}, read without the decoder. */
  private static byte[] payload(byte[] message, int at) {
    int length = u16(message, at);
    int offset = u32(message, at + 4);
    return Arrays.copyOfRange(message, offset, offset + length);
  }

  private static byte[] hex(String hex) {
    return Hex.parse(hex);
  }
}
