package io.github.ntlmaffinity.testing;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import java.util.Base64;
import org.junit.jupiter.api.Test;

/** The acceptor's reading of an Authorization header, against Samba's captured SPNEGO tokens. */
class NtlmTokenTest {
  private static final Corpus CORPUS = Corpus.load();

  @Test
  void rawNtlmsspKeepsItsScheme() {
    byte[] type1 = NtlmTestMessages.create().negotiate();

    NtlmToken token = NtlmToken.parse("negotiate " + Base64.getEncoder().encodeToString(type1));

    assertThat(token.scheme()).isEqualTo("Negotiate");
    assertThat(token.type()).isEqualTo(1);
    assertThat(token.spnego()).isFalse();
    assertThat(token.bytes()).isEqualTo(type1);
  }

  @Test
  void sambasSpnegoTokensUnwrapToTheirNtlmMessages() {
    for (Corpus.Message m : CORPUS.messages("samba-spnego")) {
      if (m.type() == Corpus.CHALLENGE) {
        continue;
      }
      NtlmToken token = NtlmToken.parse(m.headerValue());
      byte[] wrapped = m.token();

      assertThat(token.spnego()).as(m.handshake()).isTrue();
      assertThat(token.type()).isEqualTo(m.type());
      assertThat(token.bytes())
          .isEqualTo(
              Arrays.copyOfRange(wrapped, wrapped.length - token.bytes().length, wrapped.length));
    }
  }

  @Test
  void aWrappedNegotiateGetsAWrappedChallenge() {
    byte[] type1 = NtlmTestMessages.create().negotiate();
    String header =
        NtlmTestMessages.negotiateHeader(
            SpnegoTokens.negTokenInit(type1, SpnegoTokens.NTLMSSP_OID));
    byte[] type2 = CORPUS.messages("hc5", Corpus.CHALLENGE).get(0).token();

    String answer = NtlmToken.parse(header).challengeHeader(type2);

    assertThat(answer)
        .isEqualTo(
            NtlmTestMessages.negotiateHeader(
                SpnegoTokens.negTokenResp(
                    SpnegoTokens.ACCEPT_INCOMPLETE, SpnegoTokens.NTLMSSP_OID, type2, null)));
    assertThat(NtlmToken.parse(answer).bytes()).isEqualTo(type2);
  }

  @Test
  void whatIsNotNtlmSaysSo() {
    assertThat(NtlmToken.parse(null)).isNull();
    assertThat(NtlmToken.parse("Basic YWxpY2U6cHc=")).isNull();
    assertThat(NtlmToken.parse("NTLM")).isNull();
    assertThat(NtlmToken.parse("NTLM %%%").type()).isZero();
    String kerberos = NtlmTestMessages.negotiateHeader(SpnegoTokens.kerberosApReq());
    assertThat(NtlmToken.parse(kerberos).type()).isZero();
    assertThat(NtlmToken.parse(kerberos).spnego()).isFalse();
  }
}
