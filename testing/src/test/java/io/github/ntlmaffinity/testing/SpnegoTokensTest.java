package io.github.ntlmaffinity.testing;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import org.junit.jupiter.api.Test;

/**
 * The fixtures write what real implementations write: {@link SpnegoTokens} reproduces Samba's
 * SPNEGO tokens from the corpus byte for byte, and {@link TargetInfoBuilder} the harness's
 * TargetInfo.
 */
class SpnegoTokensTest {

  private static final Corpus CORPUS = Corpus.load();

  @Test
  void negTokenInitIsSambasByteForByte() {
    byte[] samba = CORPUS.messages("samba-spnego", Corpus.NEGOTIATE).get(0).token();
    // GSS [APPLICATION 0] { SPNEGO OID, [0] NegTokenInit { [0] { NTLMSSP OID }, [2] Type-1 } }
    byte[] type1 = Arrays.copyOfRange(samba, samba.length - 40, samba.length);
    assertThat(SpnegoTokens.negTokenInit(type1, SpnegoTokens.NTLMSSP_OID)).isEqualTo(samba);
  }

  @Test
  void negTokenRespIsSambasByteForByte() {
    byte[] challenge = CORPUS.messages("samba-spnego", Corpus.CHALLENGE).get(0).token();
    byte[] type2 = Arrays.copyOfRange(challenge, challenge.length - 218, challenge.length);
    assertThat(
            SpnegoTokens.negTokenResp(
                SpnegoTokens.ACCEPT_INCOMPLETE, SpnegoTokens.NTLMSSP_OID, type2, null))
        .as("long-form lengths (0x81, 0x82) included")
        .isEqualTo(challenge);

    byte[] authenticate = CORPUS.messages("samba-spnego", Corpus.AUTHENTICATE).get(0).token();
    // a1 82 len { 30 82 len { a2 82 len { 04 82 len Type-3 } } }: 16 bytes of DER headers.
    byte[] type3 = Arrays.copyOfRange(authenticate, 16, authenticate.length);
    assertThat(new String(type3, 0, 7, java.nio.charset.StandardCharsets.US_ASCII))
        .isEqualTo("NTLMSSP");
    assertThat(SpnegoTokens.negTokenResp(null, null, type3, null)).isEqualTo(authenticate);
  }

  @Test
  void oidsEncodeAsInTheirRfcs() {
    assertThat(Hex.of(SpnegoTokens.oid("1.3.6.1.5.5.2"))).isEqualTo("06062b0601050502");
    assertThat(Hex.of(SpnegoTokens.oid("1.2.840.113554.1.2.2")))
        .isEqualTo("06092a864886f712010202");
    assertThat(Hex.of(SpnegoTokens.oid("1.2.840.48018.1.2.2"))).isEqualTo("06092a864882f712010202");
    assertThat(Hex.of(SpnegoTokens.oid("1.3.6.1.4.1.311.2.2.10")))
        .isEqualTo("060a2b06010401823702020a");
  }

  @Test
  void targetInfoIsTheHarnesssByteForByte() {
    byte[] type2 = CORPUS.messages("hc5", Corpus.CHALLENGE).get(0).token();
    int length = (type2[40] & 0xff) | (type2[41] & 0xff) << 8;
    int offset = (type2[44] & 0xff) | (type2[45] & 0xff) << 8;
    byte[] targetInfo = Arrays.copyOfRange(type2, offset, offset + length);
    long timestamp = 0;
    for (int i = 7; i >= 0; i--) {
      timestamp = timestamp << 8 | (targetInfo[length - 12 + i] & 0xff);
    }
    assertThat(ServerIdentity.NODE_A.targetInfo(timestamp)).isEqualTo(targetInfo);
  }
}
