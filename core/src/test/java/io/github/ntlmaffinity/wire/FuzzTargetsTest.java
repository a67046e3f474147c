package io.github.ntlmaffinity.wire;

import static java.nio.charset.StandardCharsets.UTF_8;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.util.EnumSet;
import java.util.Set;

/**
 * Coverage-guided fuzz targets (Jazzer), one per entry point of the decoder. Each asserts {@link
 * FuzzInvariants}: any other exception, or a result that breaks them, is a finding.
 *
 * <p>A plain {@code mvn verify} replays the seeds under {@code
 * src/test/resources/io/github/ntlmaffinity/wire/FuzzTargetsTestInputs/<target>/} (real captures
 * and the inputs of {@link RegressionTest}) and any crash files Jazzer saved there. To fuzz one
 * target, see {@code FUZZING.md}: {@code JAZZER_FUZZ=1 mvn -pl core test
 * -Dtest=FuzzTargetsTest#type3 -Djazzer.max_executions=500000}.
 */
class FuzzTargetsTest {
  private static final byte[] SIGNATURE = {'N', 'T', 'L', 'M', 'S', 'S', 'P', 0};

  /** What {@link NtlmParser#avPairs} may throw: AV pair faults and odd-length names. */
  private static final Set<MalformedReason> AV_REASONS =
      EnumSet.of(
          MalformedReason.AV_PAIR_TRUNCATED,
          MalformedReason.AV_LIST_UNTERMINATED,
          MalformedReason.AV_PAIR_BAD_LENGTH,
          MalformedReason.AV_PAIR_LIMIT,
          MalformedReason.NTLM_ODD_UNICODE_LENGTH);

  /** An {@code Authorization} header value, as UTF-8. */
  @FuzzTest(maxDuration = "10m")
  void authorization(byte[] data) {
    String header = new String(data, UTF_8);
    FuzzInvariants.checkAuthorization(header, NtlmDecoder.decodeAuthorization(header));
  }

  /** A {@code WWW-Authenticate} header value, as UTF-8: any number of challenges. */
  @FuzzTest(maxDuration = "10m")
  void wwwAuthenticate(byte[] data) {
    String header = new String(data, UTF_8);
    FuzzInvariants.checkChallenges(header, NtlmDecoder.decodeWwwAuthenticate(header));
  }

  /** A NEGOTIATE message: the signature and MessageType 1 are forced in. */
  @FuzzTest(maxDuration = "10m")
  void type1(byte[] data) {
    ntlm(withType(data, 1));
  }

  /** A CHALLENGE message: the signature and MessageType 2 are forced in. */
  @FuzzTest(maxDuration = "10m")
  void type2(byte[] data) {
    ntlm(withType(data, 2));
  }

  /** An AUTHENTICATE message: the signature and MessageType 3 are forced in. */
  @FuzzTest(maxDuration = "10m")
  void type3(byte[] data) {
    ntlm(withType(data, 3));
  }

  /**
   * An AV pair list alone. {@link NtlmParser#avPairs} reports faults by throwing {@link
   * MalformedException} (the decoder turns it into a result): that one exception is expected, with
   * an AV reason and an offset inside the list.
   */
  @FuzzTest(maxDuration = "10m")
  void avPairs(byte[] data) {
    TargetInfo info;
    try {
      info = NtlmParser.avPairs(data, 0, data.length);
    } catch (MalformedException e) {
      if (!AV_REASONS.contains(e.reason()) || e.offset() < 0 || e.offset() > data.length) {
        throw new AssertionError(e.reason() + " at " + e.offset() + " of " + data.length, e);
      }
      return;
    }
    if (info.pairs().size() > NtlmDecoder.MAX_AV_PAIRS || info.pairs().size() * 4 > data.length) {
      throw new AssertionError(info.pairs().size() + " pairs in " + data.length + " bytes");
    }
    info.timestampInstant();
  }

  /** A Negotiate token: SPNEGO, GSS-API, raw NTLMSSP or anything else. */
  @FuzzTest(maxDuration = "10m")
  void spnego(byte[] data) {
    FuzzInvariants.checkToken(
        AuthScheme.NEGOTIATE, data.length, NtlmDecoder.decodeToken(AuthScheme.NEGOTIATE, data));
  }

  private static void ntlm(byte[] token) {
    FuzzInvariants.checkToken(
        AuthScheme.NTLM, token.length, NtlmDecoder.decodeToken(AuthScheme.NTLM, token));
  }

  /**
   * The input with {@code NTLMSSP\0} and the MessageType written over its first 12 bytes, so the
   * fuzzer spends its time past them; shorter inputs are kept as they are (truncations matter).
   */
  private static byte[] withType(byte[] data, int type) {
    if (data.length < 12) {
      return data;
    }
    byte[] token = data.clone();
    System.arraycopy(SIGNATURE, 0, token, 0, 8);
    token[8] = (byte) type;
    token[9] = 0;
    token[10] = 0;
    token[11] = 0;
    return token;
  }
}
