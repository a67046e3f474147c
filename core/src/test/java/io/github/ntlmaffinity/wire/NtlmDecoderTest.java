package io.github.ntlmaffinity.wire;

import static io.github.ntlmaffinity.testing.SpnegoTokens.KERBEROS_MICROSOFT_OID;
import static io.github.ntlmaffinity.testing.SpnegoTokens.KERBEROS_OID;
import static io.github.ntlmaffinity.testing.SpnegoTokens.NTLMSSP_OID;
import static org.assertj.core.api.Assertions.assertThat;

import io.github.ntlmaffinity.testing.FileTimes;
import io.github.ntlmaffinity.testing.NtlmTestMessages;
import io.github.ntlmaffinity.testing.ServerIdentity;
import io.github.ntlmaffinity.testing.SpnegoTokens;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Header-level behaviour of {@link NtlmDecoder}: schemes, white space, challenge lists, SPNEGO. */
class NtlmDecoderTest {

  private static final NtlmTestMessages JCIFS = NtlmTestMessages.create();
  private static final long TIMESTAMP = FileTimes.of(Instant.parse("2024-02-29T12:00:00Z"));
  private static final byte[] TYPE1 = JCIFS.negotiate();
  private static final byte[] TYPE2 =
      JCIFS.challenge(ServerIdentity.NODE_A, new byte[] {1, 2, 3, 4, 5, 6, 7, 8}, TIMESTAMP);
  private static final byte[] TYPE3 =
      JCIFS.authenticate(TYPE2, "EXAMPLE", "alice", NtlmTestMessages.PASSWORD, "WS01");
  private static final String TYPE1_B64 = Base64.getEncoder().encodeToString(TYPE1);
  private static final String TYPE2_B64 = Base64.getEncoder().encodeToString(TYPE2);
  private static final String TYPE3_B64 = Base64.getEncoder().encodeToString(TYPE3);

  @Nested
  class Authorization {

    @Test
    void schemeIsComparedWithAsciiCaseFoldingOnly() {
      DecodeResult dotted =
          NtlmDecoder.decodeAuthorization(
              "NEGOT\u0130ATE TlRMTVNTUAABAAAAB4IIAAAAAAAAAAAAAAAAAAAAAAA=");
      assertThat(dotted).isInstanceOf(DecodeResult.Malformed.class);
      assertThat(((DecodeResult.Malformed) dotted).offset()).isEqualTo(5);
      assertThat(
              NtlmDecoder.decodeAuthorization("nTlM TlRMTVNTUAABAAAAB4IIAAAAAAAAAAAAAAAAAAAAAAA="))
          .isInstanceOf(DecodeResult.Ntlm.class);
    }

    @Test
    void aSchemeGluedToItsTokenIsMalformedAndNeverEchoesTheToken() {
      String header = "NTLM\u00a0TlRMTVNTUAABAAAAB4IIAAAAAAAAAAAAAAAAAAAAAAA=";
      DecodeResult r = NtlmDecoder.decodeAuthorization(header);

      assertThat(r).isInstanceOf(DecodeResult.Malformed.class);
      DecodeResult.Malformed bad = (DecodeResult.Malformed) r;
      assertThat(bad.reason()).isEqualTo(MalformedReason.HEADER_SYNTAX);
      assertThat(bad.offset()).isEqualTo(4);
      assertThat(bad.detail()).contains("U+00A0").doesNotContain("TlRM");
    }

    @Test
    void otherSchemesLongerThanAnyRegisteredOneAreNeverRepeated() {
      String longScheme = "X".repeat(100);
      DecodeResult.Malformed r = malformed(NtlmDecoder.decodeAuthorization(longScheme + " abc"));
      assertThat(r.reason()).isEqualTo(MalformedReason.HEADER_SYNTAX);
      assertThat(r.detail()).doesNotContain("XX");
      assertThat(NtlmDecoder.decodeAuthorization("X".repeat(20) + " abc"))
          .isEqualTo(new DecodeResult.NotNtlm("X".repeat(20)));
    }

    @Test
    void aNullTokenIsAnEmptyToken() {
      DecodeResult r = NtlmDecoder.decodeToken(AuthScheme.NTLM, null);
      assertThat(r).isInstanceOf(DecodeResult.Malformed.class);
      assertThat(((DecodeResult.Malformed) r).reason()).isEqualTo(MalformedReason.EMPTY_TOKEN);
    }

    @ParameterizedTest
    @ValueSource(strings = {"NTLM", "ntlm", "Ntlm", "nTlM"})
    void ntlmSchemeIsCaseInsensitive(String scheme) {
      DecodeResult.Ntlm r = ntlm(NtlmDecoder.decodeAuthorization(scheme + ' ' + TYPE1_B64));
      assertThat(r.scheme()).isEqualTo(AuthScheme.NTLM);
      assertThat(r.wrapping()).isEqualTo(Wrapping.RAW);
      assertThat(r.spnego()).isNull();
      assertThat(r.isNegotiateFallback()).isFalse();
      assertThat(r.message()).isInstanceOf(NegotiateMessage.class);
      assertThat(r.message().flags()).isEqualTo(0x02000201);
    }

    @ParameterizedTest
    @ValueSource(strings = {"Negotiate", "negotiate", "NEGOTIATE", "NeGoTiAtE"})
    void negotiateSchemeIsCaseInsensitive(String scheme) {
      DecodeResult.Ntlm r = ntlm(NtlmDecoder.decodeAuthorization(scheme + ' ' + TYPE3_B64));
      assertThat(r.scheme()).isEqualTo(AuthScheme.NEGOTIATE);
      assertThat(((AuthenticateMessage) r.message()).user()).isEqualTo("alice");
    }

    @ParameterizedTest
    @ValueSource(
        strings = {
          "  NTLM %s",
          "NTLM %s   ",
          "NTLM    %s",
          "\tNTLM\t%s\t",
          " \t NTLM \t  %s \t ",
        })
    void surroundingAndRepeatedWhiteSpaceIsAllowed(String template) {
      DecodeResult r = NtlmDecoder.decodeAuthorization(template.formatted(TYPE3_B64));
      AuthenticateMessage m = (AuthenticateMessage) ntlm(r).message();
      assertThat(m.qualifiedUser()).isEqualTo("EXAMPLE\\alice");
      assertThat(m.challengeIssuer()).isEqualTo("NODE-A");
      assertThat(m.challengeTimestamp()).isEqualTo(TIMESTAMP);
    }

    @ParameterizedTest
    @ValueSource(
        strings = {
          "Basic YWxpY2U6UGFzc3cwcmQh",
          "Bearer eyJhbGciOiJIUzI1NiJ9.e30.ZRrHA1JJJW8opsbCGfG_HACGpVUMN_a9IV7pAx_Zmeo",
          "Digest username=\"alice\", realm=\"r\"",
          "Basic",
          "NTLMv2 " + "TlRMTVNTUAABAAAA",
          "Kerberos " + "YIIB",
          "NTLMv2",
        })
    void otherSchemesAreNotNtlm(String header) {
      DecodeResult r = NtlmDecoder.decodeAuthorization(header);
      assertThat(r).isEqualTo(new DecodeResult.NotNtlm(header.split(" ")[0]));
    }

    @Test
    void noHeaderIsNotNtlm() {
      assertThat(NtlmDecoder.decodeAuthorization(null)).isEqualTo(new DecodeResult.NotNtlm(""));
    }

    @ParameterizedTest
    @ValueSource(strings = {"", " ", "\t \t"})
    void blankHeaderIsMalformed(String header) {
      DecodeResult.Malformed r = malformed(NtlmDecoder.decodeAuthorization(header));
      assertThat(r.reason()).isEqualTo(MalformedReason.HEADER_EMPTY);
      assertThat(r.reason().layer()).isEqualTo(MalformedReason.Layer.HEADER);
      assertThat(r.scheme()).isNull();
    }

    @Test
    void schemeWithoutTokenIsMissingToken() {
      DecodeResult.Malformed ntlm = malformed(NtlmDecoder.decodeAuthorization("NTLM"));
      assertThat(ntlm.reason()).isEqualTo(MalformedReason.MISSING_TOKEN);
      assertThat(ntlm.scheme()).isEqualTo(AuthScheme.NTLM);
      assertThat(ntlm.offset()).isEqualTo(4);

      DecodeResult.Malformed negotiate =
          malformed(NtlmDecoder.decodeAuthorization("  Negotiate   "));
      assertThat(negotiate.reason()).isEqualTo(MalformedReason.MISSING_TOKEN);
      assertThat(negotiate.scheme()).isEqualTo(AuthScheme.NEGOTIATE);
      assertThat(negotiate.offset()).isEqualTo(11);
    }

    @Test
    void negotiateCarryingRawNtlmsspIsAFallback() {
      DecodeResult.Ntlm r = ntlm(NtlmDecoder.decodeAuthorization("Negotiate " + TYPE1_B64));
      assertThat(r.scheme()).isEqualTo(AuthScheme.NEGOTIATE);
      assertThat(r.wrapping()).isEqualTo(Wrapping.RAW);
      assertThat(r.spnego()).isNull();
      assertThat(r.isNegotiateFallback()).isTrue();
      assertThat(r.message().type()).isEqualTo(MessageType.NEGOTIATE);
    }

    @Test
    void spnegoNegTokenInitWithNtlmIsAFallback() {
      byte[] token = SpnegoTokens.negTokenInit(TYPE1, NTLMSSP_OID);
      DecodeResult.Ntlm r =
          ntlm(NtlmDecoder.decodeAuthorization(NtlmTestMessages.negotiateHeader(token)));
      assertThat(r.wrapping()).isEqualTo(Wrapping.SPNEGO_INIT);
      assertThat(r.isNegotiateFallback()).isTrue();
      assertThat(r.spnego())
          .isEqualTo(new SpnegoInfo(List.of(Mechanisms.NTLMSSP), null, null, false));
      assertThat(r.message().type()).isEqualTo(MessageType.NEGOTIATE);
    }

    @Test
    void spnegoNegTokenRespCarryingTheAuthenticate() {
      byte[] token = SpnegoTokens.negTokenResp(null, null, TYPE3, new byte[16]);
      DecodeResult.Ntlm r =
          ntlm(NtlmDecoder.decodeAuthorization(NtlmTestMessages.negotiateHeader(token)));
      assertThat(r.wrapping()).isEqualTo(Wrapping.SPNEGO_RESPONSE);
      assertThat(r.spnego()).isEqualTo(new SpnegoInfo(List.of(), null, null, true));
      assertThat(((AuthenticateMessage) r.message()).challengeIssuer()).isEqualTo("NODE-A");
    }

    @Test
    void kerberosInSpnegoIsAnotherMechanism() {
      // What a domain-joined browser sends: SPNEGO offering Kerberos first, mechToken = AP-REQ.
      byte[] token =
          SpnegoTokens.negTokenInit(
              SpnegoTokens.kerberosApReq(), KERBEROS_OID, KERBEROS_MICROSOFT_OID, NTLMSSP_OID);
      DecodeResult r = NtlmDecoder.decodeAuthorization(NtlmTestMessages.negotiateHeader(token));
      assertThat(r).isInstanceOf(DecodeResult.OtherMechanism.class);
      DecodeResult.OtherMechanism other = (DecodeResult.OtherMechanism) r;
      assertThat(other.scheme()).isEqualTo(AuthScheme.NEGOTIATE);
      assertThat(other.mechOid()).isEqualTo("1.2.840.113554.1.2.2");
      assertThat(other.isKerberos()).isTrue();
      assertThat(other.mechName()).isEqualTo("Kerberos");
      assertThat(other.spnego().mechTypes())
          .containsExactly("1.2.840.113554.1.2.2", "1.2.840.48018.1.2.2", "1.3.6.1.4.1.311.2.2.10");
      assertThat(other.spnego().negState()).isNull();
    }

    @Test
    void windowsListsTheMicrosoftKerberosOidFirstButTheTokenNamesItsOwn() {
      byte[] token =
          SpnegoTokens.negTokenInit(
              SpnegoTokens.kerberosApReq(), KERBEROS_MICROSOFT_OID, KERBEROS_OID, NTLMSSP_OID);
      DecodeResult.OtherMechanism other =
          (DecodeResult.OtherMechanism)
              NtlmDecoder.decodeAuthorization(NtlmTestMessages.negotiateHeader(token));
      assertThat(other.mechOid()).isEqualTo(Mechanisms.KERBEROS);
      assertThat(other.spnego().mechTypes().get(0)).isEqualTo(Mechanisms.KERBEROS_MICROSOFT);
      assertThat(other.isKerberos()).isTrue();
    }

    @Test
    void bareKerberosTokenIsAnotherMechanism() {
      DecodeResult r =
          NtlmDecoder.decodeAuthorization(
              NtlmTestMessages.negotiateHeader(SpnegoTokens.kerberosApReq()));
      assertThat(r)
          .isEqualTo(
              new DecodeResult.OtherMechanism(AuthScheme.NEGOTIATE, Mechanisms.KERBEROS, null));
    }

    @Test
    void ntlmSchemeWithAnotherTokenIsABadSignature() {
      DecodeResult.Malformed r =
          malformed(
              NtlmDecoder.decodeAuthorization(
                  NtlmTestMessages.ntlmHeader(SpnegoTokens.kerberosApReq())));
      assertThat(r.scheme()).isEqualTo(AuthScheme.NTLM);
      assertThat(r.reason()).isEqualTo(MalformedReason.NTLM_BAD_SIGNATURE);
      assertThat(r.offset()).isZero();
    }

    @Test
    void negotiateWithAnUnknownTokenIsMalformed() {
      DecodeResult.Malformed r = malformed(NtlmDecoder.decodeAuthorization("Negotiate AAECAw=="));
      assertThat(r.scheme()).isEqualTo(AuthScheme.NEGOTIATE);
      assertThat(r.reason()).isEqualTo(MalformedReason.UNKNOWN_TOKEN_FORMAT);
    }

    @Test
    void base64ErrorsPointAtTheCharacter() {
      DecodeResult.Malformed bad = malformed(NtlmDecoder.decodeAuthorization("NTLM TlRM*VNT"));
      assertThat(bad.reason()).isEqualTo(MalformedReason.BASE64_INVALID_CHARACTER);
      assertThat(bad.offset()).isEqualTo(9);
      DecodeResult.Malformed urlSafe = malformed(NtlmDecoder.decodeAuthorization("NTLM TlRM_VNT"));
      assertThat(urlSafe.reason()).isEqualTo(MalformedReason.BASE64_URL_SAFE_ALPHABET);
      assertThat(urlSafe.offset()).isEqualTo(9);
      DecodeResult.Malformed twoTokens =
          malformed(NtlmDecoder.decodeAuthorization("NTLM " + TYPE1_B64 + " " + TYPE1_B64));
      assertThat(twoTokens.reason().layer()).isEqualTo(MalformedReason.Layer.BASE64);
    }
  }

  @Nested
  class WwwAuthenticate {

    @Test
    void bareOffersAreNoToken() {
      assertThat(NtlmDecoder.decodeWwwAuthenticate("Negotiate, NTLM"))
          .containsExactly(
              new DecodeResult.NoToken(AuthScheme.NEGOTIATE, null),
              new DecodeResult.NoToken(AuthScheme.NTLM, null));
      assertThat(NtlmDecoder.decodeWwwAuthenticate("ntlm"))
          .containsExactly(new DecodeResult.NoToken(AuthScheme.NTLM, null));
    }

    @Test
    void challengeWithToken() {
      List<DecodeResult> results = NtlmDecoder.decodeWwwAuthenticate("NTLM " + TYPE2_B64);
      assertThat(results).hasSize(1);
      ChallengeMessage m = (ChallengeMessage) ntlm(results.get(0)).message();
      assertThat(m.serverChallengeHex()).isEqualTo("0102030405060708");
      assertThat(m.targetInfo().nbComputerName()).isEqualTo("NODE-A");
      assertThat(m.targetInfo().timestamp()).isEqualTo(TIMESTAMP);
    }

    @Test
    void quotedCommaInAnotherSchemesParameterDoesNotSplit() {
      assertThat(NtlmDecoder.decodeWwwAuthenticate("Basic realm=\"x, y\", NTLM"))
          .containsExactly(
              new DecodeResult.NotNtlm("Basic"), new DecodeResult.NoToken(AuthScheme.NTLM, null));
    }

    @Test
    void tokenFollowedByAnotherChallenge() {
      byte[] token =
          SpnegoTokens.negTokenResp(SpnegoTokens.ACCEPT_INCOMPLETE, NTLMSSP_OID, TYPE2, null);
      String header = NtlmTestMessages.negotiateHeader(token) + ", Basic realm=\"r\"";
      List<DecodeResult> results = NtlmDecoder.decodeWwwAuthenticate(header);
      assertThat(results).hasSize(2);
      DecodeResult.Ntlm first = ntlm(results.get(0));
      assertThat(first.scheme()).isEqualTo(AuthScheme.NEGOTIATE);
      assertThat(first.wrapping()).isEqualTo(Wrapping.SPNEGO_RESPONSE);
      assertThat(first.spnego())
          .isEqualTo(
              new SpnegoInfo(
                  List.of(), SpnegoInfo.NegState.ACCEPT_INCOMPLETE, Mechanisms.NTLMSSP, false));
      assertThat(((ChallengeMessage) first.message()).targetInfo().timestamp())
          .isEqualTo(TIMESTAMP);
      assertThat(results.get(1)).isEqualTo(new DecodeResult.NotNtlm("Basic"));
    }

    @Test
    void rawNtlmsspInNegotiateChallenge() {
      List<DecodeResult> results =
          NtlmDecoder.decodeWwwAuthenticate("Negotiate " + TYPE2_B64 + ", NTLM");
      assertThat(results).hasSize(2);
      assertThat(ntlm(results.get(0)).isNegotiateFallback()).isTrue();
      assertThat(ntlm(results.get(0)).wrapping()).isEqualTo(Wrapping.RAW);
      assertThat(results.get(1)).isEqualTo(new DecodeResult.NoToken(AuthScheme.NTLM, null));
    }

    @Test
    void manyChallengesInOrder() {
      List<DecodeResult> results =
          NtlmDecoder.decodeWwwAuthenticate(
              "Bearer realm=\"api\", error=\"invalid_token\", Negotiate,NTLM ,  Basic realm=r");
      assertThat(results)
          .containsExactly(
              new DecodeResult.NotNtlm("Bearer"),
              new DecodeResult.NoToken(AuthScheme.NEGOTIATE, null),
              new DecodeResult.NoToken(AuthScheme.NTLM, null),
              new DecodeResult.NotNtlm("Basic"));
    }

    @Test
    void finalNegTokenRespWithoutTokenIsNoTokenWithItsState() {
      byte[] completed = SpnegoTokens.negTokenResp(SpnegoTokens.ACCEPT_COMPLETED, null, null, null);
      assertThat(NtlmDecoder.decodeWwwAuthenticate(NtlmTestMessages.negotiateHeader(completed)))
          .containsExactly(
              new DecodeResult.NoToken(
                  AuthScheme.NEGOTIATE,
                  new SpnegoInfo(List.of(), SpnegoInfo.NegState.ACCEPT_COMPLETED, null, false)));

      byte[] withMic =
          SpnegoTokens.negTokenResp(SpnegoTokens.ACCEPT_COMPLETED, NTLMSSP_OID, null, new byte[16]);
      assertThat(NtlmDecoder.decodeWwwAuthenticate(NtlmTestMessages.negotiateHeader(withMic)))
          .containsExactly(
              new DecodeResult.NoToken(
                  AuthScheme.NEGOTIATE,
                  new SpnegoInfo(
                      List.of(), SpnegoInfo.NegState.ACCEPT_COMPLETED, Mechanisms.NTLMSSP, true)));

      byte[] rejected = SpnegoTokens.negTokenResp(SpnegoTokens.REJECT, null, null, null);
      DecodeResult.NoToken reject =
          (DecodeResult.NoToken)
              NtlmDecoder.decodeWwwAuthenticate(NtlmTestMessages.negotiateHeader(rejected)).get(0);
      assertThat(reject.spnego().negState()).isEqualTo(SpnegoInfo.NegState.REJECT);
    }

    @Test
    void serverNegTokenInit2WithHintsAndNoTokenIsNoToken() {
      // MS-SPNG 2.2.1: a server may open with NegTokenInit2, whose negHints [3] is a SEQUENCE, not
      // a mechListMIC.
      byte[] hints =
          SpnegoTokens.tlv(
              0xa3,
              SpnegoTokens.tlv(
                  0x30,
                  SpnegoTokens.tlv(
                      0xa0,
                      SpnegoTokens.tlv(0x1b, "not_defined_in_RFC4178@please_ignore".getBytes()))));
      byte[] mechTypes =
          SpnegoTokens.tlv(
              0xa0,
              SpnegoTokens.tlv(
                  0x30, concat(SpnegoTokens.oid(KERBEROS_OID), SpnegoTokens.oid(NTLMSSP_OID))));
      byte[] init2 =
          SpnegoTokens.gssToken(
              SpnegoTokens.SPNEGO_OID,
              SpnegoTokens.tlv(0xa0, SpnegoTokens.tlv(0x30, concat(mechTypes, hints))));
      assertThat(NtlmDecoder.decodeWwwAuthenticate(NtlmTestMessages.negotiateHeader(init2)))
          .containsExactly(
              new DecodeResult.NoToken(
                  AuthScheme.NEGOTIATE,
                  new SpnegoInfo(
                      List.of(Mechanisms.KERBEROS, Mechanisms.NTLMSSP), null, null, false)));
    }

    @Test
    void noHeaderIsAnEmptyList() {
      assertThat(NtlmDecoder.decodeWwwAuthenticate(null)).isEmpty();
    }

    @Test
    void syntaxErrorEndsTheList() {
      List<DecodeResult> results = NtlmDecoder.decodeWwwAuthenticate("NTLM, Basic realm=\"open");
      assertThat(results).hasSize(2);
      assertThat(results.get(0)).isEqualTo(new DecodeResult.NoToken(AuthScheme.NTLM, null));
      DecodeResult.Malformed bad = malformed(results.get(1));
      assertThat(bad.reason()).isEqualTo(MalformedReason.HEADER_SYNTAX);
      assertThat(bad.offset()).isEqualTo(18);
    }
  }

  @Nested
  class Token {

    @Test
    void decodeTokenTakesTheSchemeAsGiven() {
      DecodeResult.Ntlm viaNegotiate = ntlm(NtlmDecoder.decodeToken(AuthScheme.NEGOTIATE, TYPE3));
      DecodeResult.Ntlm viaNtlm = ntlm(NtlmDecoder.decodeToken(AuthScheme.NTLM, TYPE3));
      assertThat(viaNegotiate.isNegotiateFallback()).isTrue();
      assertThat(viaNtlm.isNegotiateFallback()).isFalse();
      assertThat(viaNegotiate.message()).isEqualTo(viaNtlm.message());
    }

    @Test
    void emptyTokenIsMalformed() {
      DecodeResult.Malformed r = malformed(NtlmDecoder.decodeToken(AuthScheme.NTLM, new byte[0]));
      assertThat(r.reason()).isEqualTo(MalformedReason.EMPTY_TOKEN);
      assertThat(r.scheme()).isEqualTo(AuthScheme.NTLM);
    }

    @Test
    void spnegoOnlyUnderNegotiate() {
      byte[] token = SpnegoTokens.negTokenInit(TYPE1, NTLMSSP_OID);
      assertThat(ntlm(NtlmDecoder.decodeToken(AuthScheme.NEGOTIATE, token)).wrapping())
          .isEqualTo(Wrapping.SPNEGO_INIT);
      assertThat(malformed(NtlmDecoder.decodeToken(AuthScheme.NTLM, token)).reason())
          .isEqualTo(MalformedReason.NTLM_BAD_SIGNATURE);
    }
  }

  private static byte[] concat(byte[] a, byte[] b) {
    byte[] c = new byte[a.length + b.length];
    System.arraycopy(a, 0, c, 0, a.length);
    System.arraycopy(b, 0, c, a.length, b.length);
    return c;
  }

  private static DecodeResult.Ntlm ntlm(DecodeResult r) {
    assertThat(r).isInstanceOf(DecodeResult.Ntlm.class);
    return (DecodeResult.Ntlm) r;
  }

  /**
   * A 52-byte AUTHENTICATE header (no session key, no flags) says nothing of its character set: an
   * odd string length means OEM, as the oldest clients sent.
   */
  @Test
  void oldAuthenticateWithoutFlagsAndOddNamesIsOem() {
    byte[] token =
        java.util.HexFormat.of()
            .parseHex(
                "4e544c4d53535000"
                    + "03000000"
                    + "1800180034000000"
                    + "180018004c000000"
                    + "0300030064000000"
                    + "0400040067000000"
                    + "020002006b000000"
                    + "aa".repeat(24)
                    + "bb".repeat(24)
                    + "444f4d"
                    + "55534552"
                    + "5753");
    DecodeResult r = NtlmDecoder.decodeToken(AuthScheme.NTLM, token);

    assertThat(r).isInstanceOf(DecodeResult.Ntlm.class);
    AuthenticateMessage a = (AuthenticateMessage) ((DecodeResult.Ntlm) r).message();
    assertThat(a.headerLength()).isEqualTo(52);
    assertThat(a.unicode()).isFalse();
    assertThat(a.domain()).isEqualTo("DOM");
    assertThat(a.user()).isEqualTo("USER");
    assertThat(a.workstation()).isEqualTo("WS");
    assertThat(a.responseKind()).isEqualTo(ResponseKind.NTLMV1);
    assertThat(a.version()).isNull();
  }

  private static DecodeResult.Malformed malformed(DecodeResult r) {
    assertThat(r).isInstanceOf(DecodeResult.Malformed.class);
    return (DecodeResult.Malformed) r;
  }
}
