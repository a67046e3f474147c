package io.github.ntlmaffinity.wire;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import java.util.Base64;
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

  // ---- CHALLENGE layouts and flags --------------------------------------------------------

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

  // ---- SPNEGO / DER -----------------------------------------------------------------------

  /** The DER builder below rebuilds Samba's NegTokenInit byte for byte. */
  @Test
  void derBuilderReproducesTheRealNegTokenInit() {
    assertThat(negTokenInit(mechTypes(OID_NTLMSSP), mechToken(samba1())))
        .isEqualTo(token(SPNEGO_TYPE1));
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

  // ---- allocation -------------------------------------------------------------------------

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

  private static int u32(byte[] b, int at) {
    return NtlmParser.u32(b, at);
  }

  private static void put16(byte[] b, int at, int v) {
    b[at] = (byte) v;
    b[at + 1] = (byte) (v >>> 8);
  }

  private static void put32(byte[] b, int at, int v) {
    put16(b, at, v);
    put16(b, at + 2, v >>> 16);
  }
}
