package io.github.ntlmaffinity.wire;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.ntlmaffinity.testing.FileTimes;
import io.github.ntlmaffinity.testing.NtlmTestMessages;
import io.github.ntlmaffinity.testing.ServerIdentity;
import io.github.ntlmaffinity.testing.SpnegoTokens;
import java.lang.reflect.Field;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A decoded message keeps the bytes it was decoded from, to decode its names and AV pairs when they
 * are asked for. Those bytes must hold no secret (a heap dump must not give away an NTProofStr or a
 * MIC), must not be the caller's array, and must not reach past the NTLM message into a SPNEGO
 * mechListMIC.
 */
class RetainedBytesTest {
  private static final int NEGOTIATE_SIGN = 0x10;
  private static final int NEGOTIATE_KEY_EXCH = 0x40000000;

  private static byte[] type1;
  private static byte[] type3;

  /**
   * The secrets in {@link #type3}, each read from its field: NTProofStr, key, MIC. (Its LMv2
   * response is 24 zero bytes, as MS-NLMP has clients send when the CHALLENGE carries a timestamp.)
   */
  private static List<byte[]> secrets;

  @BeforeAll
  static void handshake() {
    NtlmTestMessages messages = NtlmTestMessages.create();
    type1 = messages.negotiate();
    byte[] type2 =
        messages.challenge(
            ServerIdentity.NODE_A,
            new byte[] {1, 2, 3, 4, 5, 6, 7, 8},
            FileTimes.of(Instant.parse("2026-01-01T00:00:00Z")));
    type3 = messages.answer(type2).addFlags(NEGOTIATE_SIGN | NEGOTIATE_KEY_EXCH).mic(type1).build();
    secrets = new ArrayList<>();
    assertThat(payload(type3, 12, Integer.MAX_VALUE)).hasSize(24).containsOnly((byte) 0);
    secrets.add(payload(type3, 20, 16));
    secrets.add(payload(type3, 52, Integer.MAX_VALUE));
    secrets.add(Arrays.copyOfRange(type3, 72, 88));
    assertThat(secrets).allSatisfy(s -> assertThat(s).hasSizeGreaterThanOrEqualTo(16));
    assertThat(secrets).noneSatisfy(s -> assertThat(s).containsOnly((byte) 0));
  }

  @Test
  void anAuthenticateKeepsNoSecret() {
    AuthenticateMessage m = decode(NtlmTestMessages.ntlmHeader(type3));
    assertThat(m.micPresent()).isTrue();
    assertThat(m.sessionKeyLength()).isEqualTo(16);

    byte[] kept = retained(m);
    for (byte[] secret : secrets) {
      assertThat(indexOf(kept, secret)).as("a secret of %d bytes", secret.length).isEqualTo(-1);
    }
    // Everything the message tells is still there, decoded from what it kept.
    assertThat(m.user()).isEqualTo(NtlmTestMessages.USER);
    assertThat(m.challengeIssuer()).isEqualTo(ServerIdentity.NODE_A.nbComputerName());
    assertThat(m.echoedTargetInfo().hasSingleHost()).isTrue();
  }

  @Test
  void anNtlmV1AuthenticateKeepsNeitherResponse() {
    NtlmTestMessages v1 = NtlmTestMessages.lmCompatibility(0);
    byte[] v1Type2 = v1.challenge(ServerIdentity.NODE_A, new byte[] {8, 7, 6, 5, 4, 3, 2, 1}, 0L);
    byte[] v1Type3 = v1.answer(v1Type2).build();
    byte[] lm = payload(v1Type3, 12, Integer.MAX_VALUE);
    byte[] nt = payload(v1Type3, 20, Integer.MAX_VALUE);
    assertThat(lm).hasSize(24).isNotEqualTo(new byte[24]);
    assertThat(nt).hasSize(24).isNotEqualTo(new byte[24]);

    AuthenticateMessage m = decode(NtlmTestMessages.ntlmHeader(v1Type3));
    assertThat(m.responseKind()).isEqualTo(ResponseKind.NTLMV1);
    assertThat(indexOf(retained(m), lm)).isEqualTo(-1);
    assertThat(indexOf(retained(m), nt)).isEqualTo(-1);
    assertThat(m.user()).isEqualTo(NtlmTestMessages.USER);
  }

  @Test
  void opaqueAvPairValuesAreNotKept() {
    AuthenticateMessage m = decode(NtlmTestMessages.ntlmHeader(type3));
    byte[] singleHost = avValue(type3, AvPair.SINGLE_HOST);
    assertThat(singleHost).hasSizeGreaterThan(8).isNotEqualTo(new byte[singleHost.length]);
    assertThat(indexOf(retained(m), singleHost)).isEqualTo(-1);
    assertThat(m.echoedTargetInfo().get(AvPair.SINGLE_HOST))
        .isEqualTo(new AvPair.Opaque(AvPair.SINGLE_HOST, singleHost.length));
  }

  @Test
  void decodeTokenLeavesTheCallersBytesAlone() {
    byte[] token = type3.clone();
    DecodeResult r = NtlmDecoder.decodeToken(AuthScheme.NTLM, token);

    assertThat(r).isInstanceOf(DecodeResult.Ntlm.class);
    assertThat(token).isEqualTo(type3);
    assertThat(retained(((DecodeResult.Ntlm) r).message())).isNotSameAs(token);
  }

  @Test
  void aSpnegoWrappedMessageDoesNotKeepTheMechListMic() {
    byte[] mechListMic = {
      (byte) 0xA5,
      0x5A,
      (byte) 0xC3,
      0x3C,
      0x11,
      0x22,
      0x33,
      0x44,
      0x55,
      0x66,
      0x77,
      (byte) 0x88,
      (byte) 0x99,
      (byte) 0xAA,
      (byte) 0xBB,
      (byte) 0xCC
    };
    byte[] spnego = SpnegoTokens.negTokenResp(1, null, type3, mechListMic);
    AuthenticateMessage m = decode(NtlmTestMessages.negotiateHeader(spnego));

    byte[] kept = retained(m);
    assertThat(indexOf(kept, mechListMic)).isEqualTo(-1);
    for (byte[] secret : secrets) {
      assertThat(indexOf(kept, secret)).isEqualTo(-1);
    }
    assertThat(m.user()).isEqualTo(NtlmTestMessages.USER);
  }

  @Test
  void echoedListsAreEqualWhateverTheOpaqueValues() {
    byte[] other = type3.clone();
    int value = indexOf(other, avValue(type3, AvPair.SINGLE_HOST));
    other[value + 3] ^= 0x55;
    TargetInfo a = decode(NtlmTestMessages.ntlmHeader(type3)).echoedTargetInfo();
    TargetInfo b = decode(NtlmTestMessages.ntlmHeader(other)).echoedTargetInfo();

    assertThat(b).isEqualTo(a).hasSameHashCodeAs(a);
    assertThat(b.pairs()).isEqualTo(a.pairs());
    // A changed name is a different list.
    byte[] renamed = type3.clone();
    int name = indexOf(renamed, avValue(type3, AvPair.NB_COMPUTER_NAME));
    renamed[name] ^= 0x01;
    assertThat(decode(NtlmTestMessages.ntlmHeader(renamed)).echoedTargetInfo()).isNotEqualTo(a);
  }

  private static AuthenticateMessage decode(String header) {
    DecodeResult r = NtlmDecoder.decodeAuthorization(header);
    assertThat(r).isInstanceOf(DecodeResult.Ntlm.class);
    return (AuthenticateMessage) ((DecodeResult.Ntlm) r).message();
  }

  /** The bytes a decoded message keeps. */
  private static byte[] retained(NtlmMessage message) {
    try {
      Field buf = AuthenticateMessage.class.getDeclaredField("buf");
      buf.setAccessible(true);
      return (byte[]) buf.get(message);
    } catch (ReflectiveOperationException e) {
      throw new AssertionError(e);
    }
  }

  /** The first {@code max} bytes of the payload described by the field at {@code at}. */
  private static byte[] payload(byte[] message, int at, int max) {
    int length = NtlmParser.u16(message, at);
    int offset = NtlmParser.u32(message, at + 4);
    return Arrays.copyOfRange(message, offset, offset + Math.min(length, max));
  }

  /** The value of the first echoed AV pair {@code id} in an NTLMv2 AUTHENTICATE. */
  private static byte[] avValue(byte[] message, int id) {
    int nt = NtlmParser.u32(message, 24);
    int p = nt + 16 + 28;
    while (NtlmParser.u16(message, p) != id) {
      p += 4 + NtlmParser.u16(message, p + 2);
    }
    return Arrays.copyOfRange(message, p + 4, p + 4 + NtlmParser.u16(message, p + 2));
  }

  private static int indexOf(byte[] haystack, byte[] needle) {
    for (int i = 0; i + needle.length <= haystack.length; i++) {
      if (Arrays.equals(haystack, i, i + needle.length, needle, 0, needle.length)) {
        return i;
      }
    }
    return -1;
  }
}
