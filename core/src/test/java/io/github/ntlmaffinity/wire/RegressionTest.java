package io.github.ntlmaffinity.wire;

import static io.github.ntlmaffinity.testing.LittleEndian.put16;
import static io.github.ntlmaffinity.testing.LittleEndian.put32;
import static io.github.ntlmaffinity.testing.LittleEndian.u32;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;

import java.lang.management.ManagementFactory;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * One test per class of bug that broke real NTLM and SPNEGO parsers (curl, FreeRDP, Samba, ...),
 * each built from a real captured message rewritten the way the bug needs, each asserting the exact
 * typed result: the reason and offset, or the decode where the decision is to accept.
 *
 * <p>Fixtures, from {@code /work/shared/corpus} (also in {@code robustness-seeds.txt}): a CHALLENGE
 * of the harness acceptor NODE-A (218 bytes: TargetName 14 bytes at 56, TargetInfo 148 bytes at
 * 70), curl's NTLMv2 AUTHENTICATE (330 bytes, 64-byte header: LM 24 at 64, NT 196 at 88, domain 14
 * at 284, user 10 at 298, workstation 22 at 308), Samba's AUTHENTICATE with a MIC (88-byte header),
 * and Samba's SPNEGO NegTokenInit and NegTokenResp.
 */
class RegressionTest {
  private static final String CHALLENGE =
      "NTLM TlRMTVNTUAACAAAADgAOADgAAAAFgomiCzbNi9tJ6S8AAAAAAAAAAJQAlABGAAAACgB8TwAAAA9FAFgAQQBNAFAATABFAAIADgBFAFgAQQBNAFAATABFAAEADABOAE8ARABFAC0AQQAEABgAZQB4AGEAbQBwAGwAZQAuAHQAZQBzAHQAAwAmAG4AbwBkAGUALQBhAC4AZQB4AGEAbQBwAGwAZQAuAHQAZQBzAHQABQAYAGUAeABhAG0AcABsAGUALgB0AGUAcwB0AAcACAAwviPQYHzdAQAAAAA=";
  private static final String CURL_TYPE3 =
      "NTLM TlRMTVNTUAADAAAAGAAYAEAAAADEAMQAWAAAAA4ADgAcAQAACgAKACoBAAAWABYANAEAAAAAAAAAAAAABYKJohlHa1dirTJYoELxPlrVo/AG6uhVtcGnKyUtqKGMUquYpoAU18R3mRYBAQAAAAAAAADxCdBgfN0BBuroVbXBpysAAAAAAgAOAEUAWABBAE0AUABMAEUAAQAMAE4ATwBEAEUALQBBAAQAGABlAHgAYQBtAHAAbABlAC4AdABlAHMAdAADACYAbgBvAGQAZQAtAGEALgBlAHgAYQBtAHAAbABlAC4AdABlAHMAdAAFABgAZQB4AGEAbQBwAGwAZQAuAHQAZQBzAHQABwAIADC+I9BgfN0BAAAAAAAAAABFAFgAQQBNAFAATABFAGEAbABpAGMAZQBXAE8AUgBLAFMAVABBAFQASQBPAE4A";
  private static final String SAMBA_TYPE3 =
      "NTLM TlRMTVNTUAADAAAAGAAYAFgAAAAIAQgBcAAAAA4ADgB4AQAACgAKAIYBAAAAAAAAkAEAABAAEACQAQAABYIIYgYBAAAAAAAPLjugCFsbZx8t9jXnB5U7jwAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAH2rDLfXibK0gErogGfV47cBAQAAAAAAABB4xBJsfN0BkCtiEqR3pDkAAAAAAgAOAEUAWABBAE0AUABMAEUAAQAMAE4ATwBEAEUALQBBAAQAGABlAHgAYQBtAHAAbABlAC4AdABlAHMAdAADACYAbgBvAGQAZQAtAGEALgBlAHgAYQBtAHAAbABlAC4AdABlAHMAdAAFABgAZQB4AGEAbQBwAGwAZQAuAHQAZQBzAHQABwAIABB4xBJsfN0BCAAwADAAAAAAAAAAAAAAAAAAAAAsmnyvsisAS/u8HT+FflOOfsVZXSK2fUC97SG4BBQoNAoAEAAAAAAAAAAAAAAAAAAAAAAAAAAAAEUAWABBAE0AUABMAEUAYQBsAGkAYwBlABHyeCRwkmFZNMrUM+E5ln0=";
  private static final String SPNEGO_TYPE1 =
      "Negotiate YEgGBisGAQUFAqA+MDygDjAMBgorBgEEAYI3AgIKoioEKE5UTE1TU1AAAQAAAAWCCGIAAAAAKAAAAAAAAAAoAAAABgEAAAAAAA8=";
  private static final String SPNEGO_TYPE2 =
      "Negotiate oYH2MIHzoAMKAQGhDAYKKwYBBAGCNwICCqKB3QSB2k5UTE1TU1AAAgAAAA4ADgA4AAAABYKJYoO2mf9erb9hAAAAAAAAAACUAJQARgAAAAoAfE8AAAAPRQBYAEEATQBQAEwARQACAA4ARQBYAEEATQBQAEwARQABAAwATgBPAEQARQAtAEEABAAYAGUAeABhAG0AcABsAGUALgB0AGUAcwB0AAMAJgBuAG8AZABlAC0AYQAuAGUAeABhAG0AcABsAGUALgB0AGUAcwB0AAUAGABlAHgAYQBtAHAAbABlAC4AdABlAHMAdAAHAAgAwCfgEmx83QEAAAAA";

  private static final byte[] OID_SPNEGO = {0x2b, 0x06, 0x01, 0x05, 0x05, 0x02};
  private static final byte[] OID_NTLMSSP = {
    0x2b, 0x06, 0x01, 0x04, 0x01, (byte) 0x82, 0x37, 0x02, 0x02, 0x0a
  };

  // Type-2 TargetInfo pairs (offsets in CHALLENGE): NbDomainName at 70, NbComputerName "NODE-A" at
  // 88, DnsDomainName at 104, DnsComputerName at 132, DnsTreeName at 174, Timestamp at 202, EOL at
  // 214; the list ends at 218.
  private static final int NB_COMPUTER_NAME_PAIR = 88;
  private static final int DNS_DOMAIN_NAME_PAIR = 104;
  private static final int TIMESTAMP_PAIR = 202;
  private static final int EOL_PAIR = 214;

  // ---- NTLM field descriptors -------------------------------------------------------------

  /**
   * curl CVE-2018-16890: TargetInfo offset + length wrapped 32 bits and passed the bounds check.
   * The offset here is 2^32 - 148 + 70: in 32-bit arithmetic offset + length = 70, inside the
   * message.
   */
  @Test
  void offsetPlusLengthWrapping32BitsIsOutOfBounds() {
    byte[] challenge = token(CHALLENGE);
    put32(challenge, 44, (int) (0x1_0000_0000L - 148 + 70));
    assertMalformed(ntlm(challenge), MalformedReason.NTLM_FIELD_OUT_OF_BOUNDS, 40);

    byte[] type3 = token(CURL_TYPE3);
    put32(type3, 24, (int) (0x1_0000_0000L - 196 + 88));
    assertMalformed(ntlm(type3), MalformedReason.NTLM_FIELD_OUT_OF_BOUNDS, 20);

    // The same through the header: one challenge, typed, with the descriptor's offset.
    List<DecodeResult> results = NtlmDecoder.decodeWwwAuthenticate(header("NTLM", challenge));
    assertThat(results).hasSize(1);
    assertMalformed(results.get(0), MalformedReason.NTLM_FIELD_OUT_OF_BOUNDS, 40);
    assertThat(((DecodeResult.Malformed) results.get(0)).scheme()).isEqualTo(AuthScheme.NTLM);
  }

  /**
   * curl CVE-2019-3822: a TargetInfo, and so an NTLMv2 blob, larger than the buffer meant for it.
   * Here the NtChallengeResponse and the TargetInfo declare 65535 bytes in much shorter messages.
   */
  @Test
  void ntlmv2ResponseLargerThanTheMessageIsOutOfBounds() {
    byte[] type3 = token(CURL_TYPE3);
    put16(type3, 20, 0xffff);
    put16(type3, 22, 0xffff);
    assertMalformed(ntlm(type3), MalformedReason.NTLM_FIELD_OUT_OF_BOUNDS, 20);

    byte[] challenge = token(CHALLENGE);
    put16(challenge, 40, 0xffff);
    assertMalformed(ntlm(challenge), MalformedReason.NTLM_FIELD_OUT_OF_BOUNDS, 40);

    // One byte past the end is enough; exactly to the end is fine.
    byte[] oneMore = token(CURL_TYPE3);
    put16(oneMore, 44, 330 - 308 + 1);
    assertMalformed(ntlm(oneMore), MalformedReason.NTLM_FIELD_OUT_OF_BOUNDS, 44);
    assertThat(authenticate(ntlm(token(CURL_TYPE3))).workstation()).isEqualTo("WORKSTATION");
  }

  /** MS-NLMP 2.2.2.10: MaxLen "SHOULD be set to Len" and is ignored on receipt. */
  @Test
  void lengthAboveMaxLengthDecodes() {
    byte[] type3 = token(CURL_TYPE3);
    put16(type3, 38, 0); // user: Len 10, MaxLen 0
    put16(type3, 30, 0xffff); // domain: Len 14, MaxLen 65535
    AuthenticateMessage message = authenticate(ntlm(type3));
    assertThat(message.user()).isEqualTo("alice");
    assertThat(message.domain()).isEqualTo("EXAMPLE");
    assertThat(message).isEqualTo(authenticate(ntlm(token(CURL_TYPE3))));
  }

  /** An empty field's offset means nothing: senders put anything there, even past the end. */
  @Test
  void zeroLengthWithAWildOffsetIsAnEmptyField() {
    byte[] type3 = token(CURL_TYPE3);
    put16(type3, 28, 0);
    put16(type3, 30, 0);
    put32(type3, 32, 0xffffffff);
    AuthenticateMessage message = authenticate(ntlm(type3));
    assertThat(message.domain()).isEmpty();
    assertThat(message.qualifiedUser()).isEqualTo("alice");
    assertThat(message.headerLength()).isEqualTo(64);
  }

  @Test
  void offsetPointingBackIntoTheHeaderIsRefused() {
    byte[] type3 = token(CURL_TYPE3);
    put32(type3, 40, 8); // user at offset 8: the MessageType and the first descriptor
    assertMalformed(ntlm(type3), MalformedReason.NTLM_FIELD_OVERLAPS_HEADER, 8);

    byte[] challenge = token(CHALLENGE);
    put32(challenge, 16, 12); // TargetName over its own descriptor
    assertMalformed(ntlm(challenge), MalformedReason.NTLM_FIELD_OVERLAPS_HEADER, 12);

    byte[] atZero = token(CURL_TYPE3);
    put32(atZero, 24, 0); // NtChallengeResponse over the signature
    assertMalformed(ntlm(atZero), MalformedReason.NTLM_FIELD_OVERLAPS_HEADER, 0);
  }

  /**
   * FreeRDP's MIC bugs: two parts of a message read from the same bytes (it read the MIC from a
   * fixed offset whatever the payload said). Overlapping payloads are refused; a payload placed
   * where the MIC would be means, by layout, that there is no MIC.
   */
  @Test
  void twoFieldsOverTheSameBytesAreRefused() {
    byte[] same = token(CURL_TYPE3);
    put32(same, 40, 284); // user at the domain's offset
    assertMalformed(ntlm(same), MalformedReason.NTLM_FIELDS_OVERLAP, 284);

    byte[] inside = token(CURL_TYPE3);
    put32(inside, 40, 290); // user starting inside the domain (284..298)
    assertMalformed(ntlm(inside), MalformedReason.NTLM_FIELDS_OVERLAP, 290);

    byte[] ntOverLm = token(CURL_TYPE3);
    put32(ntOverLm, 24, 80); // NT response starting inside the LM response (64..88)
    assertMalformed(ntlm(ntOverLm), MalformedReason.NTLM_FIELDS_OVERLAP, 80);

    assertThat(authenticate(ntlm(token(SAMBA_TYPE3))).micPresent()).isTrue();
    byte[] lmOverMic = token(SAMBA_TYPE3);
    put32(lmOverMic, 16, 72); // LM response (24 bytes) moved from 88 to 72, where the MIC is
    AuthenticateMessage message = authenticate(ntlm(lmOverMic));
    assertThat(message.micPresent()).isFalse();
    assertThat(message.headerLength()).isEqualTo(72);
    assertThat(message.user()).isEqualTo("alice");
  }

  // ---- CHALLENGE layouts and flags --------------------------------------------------------

  /** The oldest servers send a 32-byte CHALLENGE: no context, no TargetInfo, no Version. */
  @Test
  void legacy32ByteChallengeDecodesWithEmptyTargetInfo() {
    byte[] challenge = Arrays.copyOf(token(CHALLENGE), 32);
    put16(challenge, 12, 0);
    put16(challenge, 14, 0);
    put32(challenge, 16, 32);
    ChallengeMessage message = challenge(ntlm(challenge));
    assertThat(message.targetInfo()).isSameAs(TargetInfo.EMPTY);
    assertThat(message.serverChallengeHex()).isEqualTo("0b36cd8bdb49e92f");
    assertThat(message.targetName()).isEmpty();
    assertThat(message.version()).isNull();
    // The flags still say NEGOTIATE_TARGET_INFO: contradicting flags are reported, not trusted.
    assertThat(NegotiateFlag.NEGOTIATE_TARGET_INFO.isSet(message.flags())).isTrue();

    byte[] cut = Arrays.copyOf(token(CHALLENGE), 31);
    assertMalformed(ntlm(cut), MalformedReason.NTLM_TRUNCATED, 31);
  }

  @Test
  void targetInfoFlagWithoutTargetInfoDecodes() {
    byte[] challenge = token(CHALLENGE);
    put16(challenge, 40, 0);
    put16(challenge, 42, 0);
    ChallengeMessage message = challenge(ntlm(challenge));
    assertThat(NegotiateFlag.NEGOTIATE_TARGET_INFO.isSet(message.flags())).isTrue();
    assertThat(message.targetInfo().isEmpty()).isTrue();
    assertThat(message.targetName()).isEqualTo("EXAMPLE");
    assertThat(message.version()).isEqualTo(new OsVersion(10, 0, 20348, 15));
  }

  /** Strings follow NEGOTIATE_UNICODE, not their content: OEM reads bytes, Unicode needs pairs. */
  @Test
  void unicodeAndOemStringsFollowTheFlags() {
    byte[] oem = token(CURL_TYPE3);
    int flags = u32(oem, 60);
    put32(oem, 60, flags & ~0x1 | 0x2); // NEGOTIATE_OEM instead of NEGOTIATE_UNICODE
    AuthenticateMessage message = authenticate(ntlm(oem));
    assertThat(message.unicode()).isFalse();
    assertThat(message.user()).isEqualTo("a\0l\0i\0c\0e\0");

    byte[] odd = token(CURL_TYPE3);
    put16(odd, 36, 9);
    assertMalformed(ntlm(odd), MalformedReason.NTLM_ODD_UNICODE_LENGTH, 298);
  }

  /**
   * A lone UTF-16 surrogate becomes U+FFFD, and only it: the JDK's UTF-16LE decoder also swallowed
   * the character after a lone high surrogate ({@code NODE-A} with a surrogate for its N read
   * {@code \uFFFDDE-A}).
   */
  @Test
  void loneSurrogatesInNamesBecomeReplacementCharacters() {
    byte[] challenge = token(CHALLENGE);
    put16(challenge, NB_COMPUTER_NAME_PAIR + 4, 0xd800); // 'N' of NODE-A: a lone high surrogate
    assertThat(challenge(ntlm(challenge)).targetInfo().nbComputerName()).isEqualTo("\uFFFDODE-A");

    byte[] type3 = token(CURL_TYPE3);
    put16(type3, 300, 0xdc00); // 'l' of alice: a lone low surrogate
    assertThat(authenticate(ntlm(type3)).user()).isEqualTo("a\uFFFDice");

    byte[] highAtEnd = token(CURL_TYPE3);
    put16(highAtEnd, 306, 0xdbff); // the last 'e': a high surrogate with nothing after it
    assertThat(authenticate(ntlm(highAtEnd)).user()).isEqualTo("alic\uFFFD");

    byte[] pair = token(CURL_TYPE3);
    put16(pair, 300, 0xd83d); // "li" becomes U+1F600, a valid pair
    put16(pair, 302, 0xde00);
    assertThat(authenticate(ntlm(pair)).user()).isEqualTo("a\uD83D\uDE00ce");
  }

  // ---- AV pairs ---------------------------------------------------------------------------

  @Test
  void avPairHeaderCutShortIsTruncated() {
    byte[] challenge = token(CHALLENGE);
    put16(challenge, 40, 146); // the list ends 2 bytes into the MsvAvEOL header
    assertMalformed(ntlm(challenge), MalformedReason.AV_PAIR_TRUNCATED, EOL_PAIR);

    byte[] longValue = token(CHALLENGE);
    put16(longValue, TIMESTAMP_PAIR + 2, 13); // the Timestamp's value runs past the list
    assertMalformed(ntlm(longValue), MalformedReason.AV_PAIR_TRUNCATED, TIMESTAMP_PAIR + 2);
  }

  @Test
  void avListWithoutEolIsUnterminated() {
    byte[] challenge = token(CHALLENGE);
    put16(challenge, 40, 144); // the list ends right before MsvAvEOL
    assertMalformed(ntlm(challenge), MalformedReason.AV_LIST_UNTERMINATED, EOL_PAIR);
  }

  @Test
  void earlyEolEndsTheList() {
    byte[] challenge = token(CHALLENGE);
    put16(challenge, NB_COMPUTER_NAME_PAIR, AvPair.EOL);
    put16(challenge, NB_COMPUTER_NAME_PAIR + 2, 0);
    TargetInfo info = challenge(ntlm(challenge)).targetInfo();
    assertThat(info.pairs()).hasSize(1);
    assertThat(info.nbDomainName()).isEqualTo("EXAMPLE");
    assertThat(info.nbComputerName()).isNull();
    assertThat(info.timestamp()).isNull();

    byte[] withLength = token(CHALLENGE);
    put16(withLength, NB_COMPUTER_NAME_PAIR, AvPair.EOL);
    assertMalformed(
        ntlm(withLength), MalformedReason.AV_PAIR_BAD_LENGTH, NB_COMPUTER_NAME_PAIR + 2);
  }

  @Test
  void duplicatePairsAreKeptAndTheFirstWins() {
    byte[] challenge = token(CHALLENGE);
    put16(challenge, DNS_DOMAIN_NAME_PAIR, AvPair.NB_COMPUTER_NAME);
    TargetInfo info = challenge(ntlm(challenge)).targetInfo();
    assertThat(info.pairs()).hasSize(6);
    assertThat(info.nbComputerName()).isEqualTo("NODE-A");
    assertThat(info.pairs().stream().filter(p -> p.id() == AvPair.NB_COMPUTER_NAME))
        .extracting(p -> ((AvPair.Text) p).value())
        .containsExactly("NODE-A", "example.test");
  }

  @Test
  void thousandsOfTinyPairsHitTheLimit() {
    byte[] limit = tinyPairs(NtlmDecoder.MAX_AV_PAIRS);
    assertThat(NtlmParser.avPairs(limit, 0, limit.length).pairs())
        .hasSize(NtlmDecoder.MAX_AV_PAIRS)
        .allMatch(p -> p.equals(new AvPair.Opaque(AvPair.SINGLE_HOST, 0)));

    byte[] over = tinyPairs(NtlmDecoder.MAX_AV_PAIRS + 1);
    try {
      NtlmParser.avPairs(over, 0, over.length);
      throw new AssertionError("1025 pairs accepted");
    } catch (MalformedException e) {
      assertThat(e.reason()).isEqualTo(MalformedReason.AV_PAIR_LIMIT);
      assertThat(e.offset()).isEqualTo(4 * NtlmDecoder.MAX_AV_PAIRS);
    }

    // 3000 pairs at the head of a real TargetInfo: refused at the 1025th, at 70 + 4 * 1024.
    byte[] challenge = token(CHALLENGE);
    byte[] flood = tinyPairs(3000);
    byte[] big = new byte[challenge.length + 3000 * 4];
    System.arraycopy(challenge, 0, big, 0, 70);
    System.arraycopy(flood, 0, big, 70, 3000 * 4);
    System.arraycopy(challenge, 70, big, 70 + 3000 * 4, challenge.length - 70);
    put16(big, 40, 148 + 3000 * 4);
    assertMalformed(ntlm(big), MalformedReason.AV_PAIR_LIMIT, 70 + 4 * NtlmDecoder.MAX_AV_PAIRS);
  }

  @Test
  void timestampOrFlagsOfTheWrongSizeAreRefused() {
    byte[] shortTimestamp = token(CHALLENGE);
    put16(shortTimestamp, TIMESTAMP_PAIR + 2, 7);
    assertMalformed(ntlm(shortTimestamp), MalformedReason.AV_PAIR_BAD_LENGTH, TIMESTAMP_PAIR + 2);

    byte[] longFlags = token(CHALLENGE);
    put16(longFlags, TIMESTAMP_PAIR, AvPair.FLAGS); // MsvAvFlags of 8 bytes
    assertMalformed(ntlm(longFlags), MalformedReason.AV_PAIR_BAD_LENGTH, TIMESTAMP_PAIR + 2);

    byte[] rightFlags = token(CHALLENGE);
    put16(rightFlags, TIMESTAMP_PAIR, AvPair.FLAGS);
    put16(rightFlags, TIMESTAMP_PAIR + 2, 4);
    put16(rightFlags, TIMESTAMP_PAIR + 8, AvPair.EOL);
    put16(rightFlags, TIMESTAMP_PAIR + 10, 0);
    assertThat(challenge(ntlm(rightFlags)).targetInfo().flags()).isEqualTo(0xd023be30);
  }

  /** NTProofStr (16) + blob header (28) is the least an NTLMv2 response can be. */
  @Test
  void ntlmv2ResponseShorterThanItsFixedPartIsRefused() {
    assertMalformed(ntResponseOf(43), MalformedReason.NTLMV2_RESPONSE_TOO_SHORT, 20);
    assertMalformed(ntResponseOf(23), MalformedReason.NTLM_BAD_RESPONSE_LENGTH, 20);
    // 44 bytes: a blob header and no AV pairs at all, not even MsvAvEOL.
    assertMalformed(ntResponseOf(44), MalformedReason.AV_LIST_UNTERMINATED, 88 + 44);
    assertThat(authenticate(ntResponseOf(24)).responseKind()).isEqualTo(ResponseKind.NTLM2_SESSION);
    assertThat(authenticate(ntResponseOf(0)).responseKind()).isEqualTo(ResponseKind.LM_ONLY);
  }

  // ---- SPNEGO / DER -----------------------------------------------------------------------

  /** The DER builder below rebuilds Samba's NegTokenInit byte for byte. */
  @Test
  void derBuilderReproducesTheRealNegTokenInit() {
    assertThat(negTokenInit(mechTypes(OID_NTLMSSP), mechToken(samba1())))
        .isEqualTo(token(SPNEGO_TYPE1));
  }

  @Test
  void derLongFormLengthOfMoreThanFourBytesIsRefused() {
    byte[] token = relength(token(SPNEGO_TYPE1), 1, 1, 0x85, 0, 0, 0, 0, 0x48);
    assertMalformed(negotiate(token), MalformedReason.DER_LENGTH_TOO_LONG, 1);
  }

  @Test
  void derNonMinimalLengthIsAcceptedWithTheSameResult() {
    DecodeResult original = negotiate(token(SPNEGO_TYPE1));
    byte[] token = relength(token(SPNEGO_TYPE1), 1, 1, 0x84, 0, 0, 0, 0x48);
    assertThat(negotiate(token)).isEqualTo(original);
    assertThat(original).isInstanceOf(DecodeResult.Ntlm.class);
  }

  @Test
  void derIndefiniteLengthIsRefused() {
    assertMalformed(
        negotiate(relength(token(SPNEGO_TYPE1), 1, 1, 0x80)),
        MalformedReason.DER_INDEFINITE_LENGTH,
        1);
    // Inside: the NegTokenInit's [0] at offset 10.
    byte[] inner = token(SPNEGO_TYPE1);
    inner[11] = (byte) 0x80;
    assertMalformed(negotiate(inner), MalformedReason.DER_INDEFINITE_LENGTH, 11);
  }

  @Test
  void derTrailingBytesAreRefused() {
    byte[] token = Arrays.copyOf(token(SPNEGO_TYPE1), 75);
    assertMalformed(negotiate(token), MalformedReason.DER_TRAILING_BYTES, 74);
  }

  @Test
  void emptyMechTypesAreRefused() {
    byte[] token = negTokenInit(mechTypes(), mechToken(samba1()));
    // The NegTokenInit SEQUENCE starts at 12: 60 L, OID (8 bytes), a0 L.
    assertMalformed(negotiate(token), MalformedReason.SPNEGO_EMPTY_MECH_TYPES, 12);
    // No mechTypes element at all: the same.
    byte[] none = der(0x60, der(0x06, OID_SPNEGO), der(0xa0, der(0x30, mechToken(samba1()))));
    assertMalformed(negotiate(none), MalformedReason.SPNEGO_EMPTY_MECH_TYPES, 12);
  }

  @Test
  void emptyMechTokenIsRefused() {
    byte[] token = negTokenInit(mechTypes(OID_NTLMSSP), mechToken(new byte[0]));
    assertMalformed(negotiate(token), MalformedReason.SPNEGO_EMPTY_TOKEN, token.length);
    // No mechToken at all is an offer without a token, not an error.
    DecodeResult offer =
        negotiate(der(0x60, der(0x06, OID_SPNEGO), der(0xa0, der(0x30, mechTypes(OID_NTLMSSP)))));
    assertThat(offer).isInstanceOf(DecodeResult.NoToken.class);
  }

  /** An arc above 2^63 - 1 (ten 7-bit groups of ones) is refused; 2^63 - 1 itself is read. */
  @Test
  void oidArcOverflowIsRefused() {
    byte[] tooBig = {0x2b, 0x06, 0x01, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, 0x7f};
    byte[] token = negTokenInit(mechTypes(tooBig), mechToken(samba1()));
    // OID content starts at 20: 60 L, OID (8), a0 L, 30 L, a0 L, 30 L, 06 L. The 10th 0xff is
    // where the arc would pass 2^63 - 1.
    assertMalformed(negotiate(token), MalformedReason.DER_BAD_OID, 20 + 3 + 9);

    byte[] largest = {0x2b, 0x06, 0x01, -1, -1, -1, -1, -1, -1, -1, -1, 0x7f};
    DecodeResult.Ntlm ok =
        (DecodeResult.Ntlm) negotiate(negTokenInit(mechTypes(largest), mechToken(samba1())));
    assertThat(ok.spnego().mechTypes()).containsExactly("1.3.6.1." + Long.MAX_VALUE);
  }

  /**
   * 100,000 nested elements: skipped without descending, or refused at the first wrong tag. A
   * recursive parser dies here with StackOverflowError, which {@code catch (Exception)} misses.
   */
  @Test
  void deepNestingDoesNotOverflowTheStack() {
    byte[] deep = nest(100_000, 0x30, new byte[0]);
    byte[] skipped =
        der(
            0x60,
            der(0x06, OID_SPNEGO),
            der(0xa0, der(0x30, mechTypes(OID_NTLMSSP), der(0xa5, deep), mechToken(samba1()))));
    DecodeResult.Ntlm ntlm = (DecodeResult.Ntlm) negotiate(skipped);
    assertThat(ntlm.message()).isInstanceOf(NegotiateMessage.class);

    byte[] inMechTypes = negTokenInit(der(0xa0, der(0x30, deep)), mechToken(samba1()));
    // Every header here is 6 bytes (tag, 0x84, 4 length bytes): 60, the SPNEGO OID (8 bytes), a0,
    // the NegTokenInit 30, mechTypes a0, its 30; the first nested 30 where an OID belongs is at 38.
    assertMalformed(negotiate(inMechTypes), MalformedReason.DER_UNEXPECTED_TAG, 38);

    byte[] responses = nest(100_000, 0xa1, new byte[0]);
    // A NegTokenResp holds a SEQUENCE, not another NegTokenResp: refused after the first header.
    assertMalformed(negotiate(responses), MalformedReason.DER_UNEXPECTED_TAG, 6);
  }

  @Test
  void hugeDeclaredDerLengthsAreRefused() {
    byte[] max = relength(token(SPNEGO_TYPE2), 1, 2, 0x84, 0x7f, 0xff, 0xff, 0xff);
    assertMalformed(negotiate(max), MalformedReason.DER_TRUNCATED, 0);
    byte[] over = relength(token(SPNEGO_TYPE2), 1, 2, 0x84, 0xff, 0xff, 0xff, 0xff);
    assertMalformed(negotiate(over), MalformedReason.DER_LENGTH_TOO_LONG, 1);

    // A responseToken OCTET STRING claiming 2^31 - 1 bytes inside a well-formed NegTokenResp.
    byte[] inner =
        der(
            0xa1,
            der(
                0x30,
                der(0xa0, der(0x0a, new byte[] {1})),
                der(0xa2, cat(bytes(0x04, 0x84, 0x7f, 0xff, 0xff, 0xff), samba1()))));
    assertMalformed(negotiate(inner), MalformedReason.DER_TRUNCATED, 11);
  }

  /** A GSS-API token naming NTLMSSP is an NTLM message: a broken one is malformed NTLM. */
  @Test
  void gssFramedNtlmWithABrokenBodyIsMalformed() {
    byte[] type1 = samba1();
    DecodeResult ok = negotiate(der(0x60, der(0x06, OID_NTLMSSP), type1));
    assertThat(ok).isInstanceOf(DecodeResult.Ntlm.class);
    assertThat(((DecodeResult.Ntlm) ok).wrapping()).isEqualTo(Wrapping.RAW);

    type1[3] = 'X';
    byte[] token = der(0x60, der(0x06, OID_NTLMSSP), type1);
    assertMalformed(negotiate(token), MalformedReason.NTLM_BAD_SIGNATURE, 14 + 3);
    byte[] empty = der(0x60, der(0x06, OID_NTLMSSP));
    assertMalformed(negotiate(empty), MalformedReason.NTLM_TRUNCATED, 14);
  }

  // ---- header and base64 ------------------------------------------------------------------

  @Test
  void urlSafeAlphabetIsNamed() {
    int slash = CURL_TYPE3.indexOf('/');
    int plus = CURL_TYPE3.indexOf('+');
    assertThat(slash).isPositive();
    assertThat(plus).isPositive();
    assertHeaderMalformed(
        replace(CURL_TYPE3, slash, '_'), MalformedReason.BASE64_URL_SAFE_ALPHABET, slash);
    assertHeaderMalformed(
        replace(CURL_TYPE3, plus, '-'), MalformedReason.BASE64_URL_SAFE_ALPHABET, plus);
  }

  @Test
  void badPaddingIsRefused() {
    String noPad = CHALLENGE.substring(0, CHALLENGE.length() - 1);
    assertHeaderMalformed(noPad, MalformedReason.BASE64_BAD_PADDING, noPad.length());
    assertHeaderMalformed(replace(CHALLENGE, 20, '='), MalformedReason.BASE64_BAD_PADDING, 20);
    // Padding then more padding: the first '=' is now inside the data.
    String extra = CHALLENGE + "====";
    assertHeaderMalformed(extra, MalformedReason.BASE64_BAD_PADDING, CHALLENGE.length() - 1);
  }

  @Test
  void schemeWithoutTokenIsNamed() {
    assertHeaderMalformed("NTLM", MalformedReason.MISSING_TOKEN, 4);
    assertHeaderMalformed("Negotiate \t  ", MalformedReason.MISSING_TOKEN, 9);
    assertHeaderMalformed("   ", MalformedReason.HEADER_EMPTY, 0);
    assertThat(NtlmDecoder.decodeWwwAuthenticate("Negotiate, NTLM"))
        .containsExactly(
            new DecodeResult.NoToken(AuthScheme.NEGOTIATE, null),
            new DecodeResult.NoToken(AuthScheme.NTLM, null));
  }

  @Test
  void repeatedSpacesAndTabsAroundTheTokenAreAccepted() {
    DecodeResult original = NtlmDecoder.decodeAuthorization(CURL_TYPE3);
    assertThat(original).isInstanceOf(DecodeResult.Ntlm.class);
    String spaced = "  ntlm \t   " + CURL_TYPE3.substring(5) + " \t ";
    assertThat(NtlmDecoder.decodeAuthorization(spaced)).isEqualTo(original);
    assertThat(
            NtlmDecoder.decodeWwwAuthenticate(
                "Basic realm=\"x\",   " + CHALLENGE.replace(" ", "    ")))
        .containsExactly(
            new DecodeResult.NotNtlm("Basic"), NtlmDecoder.decodeAuthorization(CHALLENGE));
  }

  @Test
  void nonAsciiCharactersAreNamed() {
    DecodeResult.Malformed e =
        assertHeaderMalformed(
            replace(CURL_TYPE3, 10, '\u00e9'), MalformedReason.BASE64_INVALID_CHARACTER, 10);
    assertThat(e.detail()).contains("U+00E9");
    assertHeaderMalformed(
        replace(CURL_TYPE3, 11, '\uff21'), MalformedReason.BASE64_INVALID_CHARACTER, 11);
    assertHeaderMalformed(
        replace(CURL_TYPE3, 12, '\ud800'), MalformedReason.BASE64_INVALID_CHARACTER, 12);
    assertHeaderMalformed(
        replace(CURL_TYPE3, 13, '\0'), MalformedReason.BASE64_INVALID_CHARACTER, 13);
  }

  /**
   * Found by Jazzer: a surrogate pair is one '?' in a Latin-1 copy of the header, so the copy was
   * shorter than the string and the fast path read past its end (an ArrayIndexOutOfBoundsException
   * for a short token, an IndexOutOfBoundsException from the JDK decoder's buffer for a long one).
   */
  @Test
  void surrogatePairsInTheTokenAreNamedNotReadPast() {
    String shortToken = "NTLM TlRMTVNTUAABAAAAB4IIogAAAAAAAAAAAAAAAAAAAAAGAbEdAAAADw==";
    for (String header : new String[] {shortToken, CURL_TYPE3, SPNEGO_TYPE1}) {
      int at = header.indexOf(' ') + 6;
      String broken = header.substring(0, at) + "\ud83d\ude00" + header.substring(at + 2);
      DecodeResult.Malformed e =
          assertHeaderMalformed(broken, MalformedReason.BASE64_INVALID_CHARACTER, at);
      assertThat(e.detail()).contains("U+D83D");
      List<DecodeResult> challenges = NtlmDecoder.decodeWwwAuthenticate(broken);
      assertThat(challenges).hasSize(1);
      assertMalformed(challenges.get(0), MalformedReason.BASE64_INVALID_CHARACTER, at);
    }
  }

  @Test
  void tokenLongerThanTheLimitIsRefusedBeforeDecoding() {
    String tooLong = "NTLM " + "A".repeat(NtlmDecoder.MAX_TOKEN_CHARS + 4);
    assertHeaderMalformed(tooLong, MalformedReason.TOKEN_TOO_LARGE, 5);
    assertThat(NtlmDecoder.decodeWwwAuthenticate(tooLong))
        .containsExactly(
            malformed(
                MalformedReason.TOKEN_TOO_LARGE,
                5,
                AuthScheme.NTLM,
                "token of 65540 characters, at most 65536"));
    // At the limit the token is decoded: 49152 zero bytes are not NTLMSSP.
    String atLimit = "NTLM " + "A".repeat(NtlmDecoder.MAX_TOKEN_CHARS);
    assertHeaderMalformed(atLimit, MalformedReason.NTLM_BAD_SIGNATURE, 0);
  }

  // ---- allocation -------------------------------------------------------------------------

  /**
   * Declared lengths never size an allocation: a 100-byte AUTHENTICATE declaring a 65535-byte field
   * and a NegTokenResp declaring 2^31 - 1 bytes are refused having allocated a few hundred bytes.
   */
  @Test
  void declaredLengthsDoNotDriveAllocation() {
    com.sun.management.ThreadMXBean threads =
        (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
    assumeThat(threads.isThreadAllocatedMemorySupported()).isTrue();
    threads.setThreadAllocatedMemoryEnabled(true);

    byte[] type3 = Arrays.copyOf(token(CURL_TYPE3), 100);
    Arrays.fill(type3, 64, 100, (byte) 0);
    put16(type3, 12, 0); // LM: empty
    put16(type3, 20, 0xffff); // NT: 65535 bytes at 88, in a 100-byte message
    put32(type3, 24, 88);
    for (int at = 28; at <= 52; at += 8) {
      put16(type3, at, 0);
    }
    byte[] der = relength(token(SPNEGO_TYPE2), 1, 2, 0x84, 0x7f, 0xff, 0xff, 0xff);

    long thread = Thread.currentThread().getId();
    long allocated = Long.MAX_VALUE;
    DecodeResult fromType3 = null;
    DecodeResult fromDer = null;
    for (int round = 0; round < 5; round++) {
      // The least of a few rounds counts: the first ones load classes and warm up.
      long before = threads.getThreadAllocatedBytes(thread);
      fromType3 = NtlmDecoder.decodeToken(AuthScheme.NTLM, type3);
      fromDer = NtlmDecoder.decodeToken(AuthScheme.NEGOTIATE, der);
      allocated = Math.min(allocated, threads.getThreadAllocatedBytes(thread) - before);
    }
    assertMalformed(fromType3, MalformedReason.NTLM_FIELD_OUT_OF_BOUNDS, 20);
    assertMalformed(fromDer, MalformedReason.DER_TRUNCATED, 0);
    assertThat(allocated).isLessThan(4 * 1024);
  }

  // ---- helpers ----------------------------------------------------------------------------

  private static DecodeResult ntResponseOf(int length) {
    byte[] type3 = token(CURL_TYPE3);
    put16(type3, 20, length);
    put16(type3, 22, length);
    return ntlm(type3);
  }

  private static byte[] tinyPairs(int count) {
    byte[] list = new byte[4 * count + 4];
    for (int i = 0; i < count; i++) {
      put16(list, 4 * i, AvPair.SINGLE_HOST);
    }
    return list;
  }

  private static byte[] samba1() {
    byte[] token = token(SPNEGO_TYPE1);
    return Arrays.copyOfRange(token, 34, token.length);
  }

  private static byte[] negTokenInit(byte[] mechTypes, byte[] mechToken) {
    return der(0x60, der(0x06, OID_SPNEGO), der(0xa0, der(0x30, mechTypes, mechToken)));
  }

  private static byte[] mechTypes(byte[]... oids) {
    byte[][] elements = new byte[oids.length][];
    for (int i = 0; i < oids.length; i++) {
      elements[i] = der(0x06, oids[i]);
    }
    return der(0xa0, der(0x30, elements));
  }

  private static byte[] mechToken(byte[] ntlm) {
    return der(0xa2, der(0x04, ntlm));
  }

  /** A DER element with a minimal length. */
  static byte[] der(int tag, byte[]... parts) {
    byte[] content = cat(parts);
    int n = content.length;
    byte[] length =
        n < 0x80
            ? bytes(n)
            : n < 0x100 ? bytes(0x81, n) : n < 0x10000 ? bytes(0x82, n >> 8, n) : null;
    if (length == null) {
      length = bytes(0x84, n >>> 24, n >>> 16, n >>> 8, n);
    }
    return cat(bytes(tag), length, content);
  }

  /**
   * {@code depth} elements of {@code tag}, each the only content of the one around it, with 4-byte
   * lengths throughout; built back to front in one array.
   */
  private static byte[] nest(int depth, int tag, byte[] core) {
    byte[] out = new byte[depth * 6 + core.length];
    int end = out.length;
    int p = end - core.length;
    System.arraycopy(core, 0, out, p, core.length);
    for (int i = 0; i < depth; i++) {
      int n = end - p;
      out[--p] = (byte) n;
      out[--p] = (byte) (n >>> 8);
      out[--p] = (byte) (n >>> 16);
      out[--p] = (byte) (n >>> 24);
      out[--p] = (byte) 0x84;
      out[--p] = (byte) tag;
    }
    return Arrays.copyOfRange(out, p, end);
  }

  /** Replaces {@code count} length bytes at {@code at} by {@code encoding}. */
  private static byte[] relength(byte[] token, int at, int count, int... encoding) {
    byte[] enc = bytes(encoding);
    return cat(Arrays.copyOf(token, at), enc, Arrays.copyOfRange(token, at + count, token.length));
  }

  static byte[] cat(byte[]... parts) {
    int n = 0;
    for (byte[] part : parts) {
      n += part.length;
    }
    byte[] out = new byte[n];
    int p = 0;
    for (byte[] part : parts) {
      System.arraycopy(part, 0, out, p, part.length);
      p += part.length;
    }
    return out;
  }

  static byte[] bytes(int... values) {
    byte[] out = new byte[values.length];
    for (int i = 0; i < values.length; i++) {
      out[i] = (byte) values[i];
    }
    return out;
  }

  private static String replace(String s, int at, char c) {
    return s.substring(0, at) + c + s.substring(at + 1);
  }

  static byte[] token(String header) {
    return Base64.getDecoder().decode(header.substring(header.indexOf(' ') + 1));
  }

  private static String header(String scheme, byte[] token) {
    return scheme + " " + Base64.getEncoder().encodeToString(token);
  }

  private static DecodeResult ntlm(byte[] token) {
    DecodeResult r = NtlmDecoder.decodeToken(AuthScheme.NTLM, token);
    FuzzInvariants.checkToken(AuthScheme.NTLM, token.length, r);
    // The header path gives the same result.
    assertThat(NtlmDecoder.decodeAuthorization(header("NTLM", token))).isEqualTo(r);
    return r;
  }

  private static DecodeResult negotiate(byte[] token) {
    DecodeResult r = NtlmDecoder.decodeToken(AuthScheme.NEGOTIATE, token);
    FuzzInvariants.checkToken(AuthScheme.NEGOTIATE, token.length, r);
    return r;
  }

  private static DecodeResult.Malformed malformed(
      MalformedReason reason, int offset, AuthScheme scheme, String detail) {
    return new DecodeResult.Malformed(scheme, reason, offset, detail);
  }

  private static void assertMalformed(DecodeResult r, MalformedReason reason, int offset) {
    assertThat(r).isInstanceOf(DecodeResult.Malformed.class);
    DecodeResult.Malformed m = (DecodeResult.Malformed) r;
    assertThat(m.reason()).as("%s", m).isEqualTo(reason);
    assertThat(m.offset()).as("%s", m).isEqualTo(offset);
  }

  private static DecodeResult.Malformed assertHeaderMalformed(
      String header, MalformedReason reason, int offset) {
    DecodeResult r = NtlmDecoder.decodeAuthorization(header);
    FuzzInvariants.checkAuthorization(header, r);
    assertMalformed(r, reason, offset);
    return (DecodeResult.Malformed) r;
  }

  private static AuthenticateMessage authenticate(DecodeResult r) {
    assertThat(r).isInstanceOf(DecodeResult.Ntlm.class);
    return (AuthenticateMessage) ((DecodeResult.Ntlm) r).message();
  }

  private static ChallengeMessage challenge(DecodeResult r) {
    assertThat(r).isInstanceOf(DecodeResult.Ntlm.class);
    return (ChallengeMessage) ((DecodeResult.Ntlm) r).message();
  }
}
