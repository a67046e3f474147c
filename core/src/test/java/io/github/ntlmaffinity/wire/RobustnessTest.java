package io.github.ntlmaffinity.wire;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.fail;

import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * No input breaks the decoder: every truncation of every real token and header, and a million
 * seeded mutations per message type, each decode to a typed {@link DecodeResult} satisfying {@link
 * FuzzInvariants}. A failure names the seed, the iteration and the input in hex; rerunning the test
 * replays the same inputs. Counts of results by class and reason go to the test's output ({@code
 * target/surefire-reports/*RobustnessTest-output.txt}).
 */
class RobustnessTest {
  static final int MUTATIONS_PER_TYPE = 1_000_000;
  static final int HEADER_MUTATIONS = 200_000;
  static final long SEED = 0x4e544c4d5353L;

  private static List<FuzzSeeds.Seed> seeds;
  private static List<byte[]> donors;

  @BeforeAll
  static void loadSeeds() {
    seeds = FuzzSeeds.all();
    donors = seeds.stream().map(FuzzSeeds.Seed::token).toList();
  }

  @Test
  void everySeedDecodes() {
    assertThat(seeds).hasSizeGreaterThanOrEqualTo(50);
    for (FuzzSeeds.Kind kind : FuzzSeeds.Kind.values()) {
      assertThat(FuzzSeeds.of(kind)).as(kind.name()).hasSizeGreaterThanOrEqualTo(4);
    }
    for (FuzzSeeds.Seed seed : seeds) {
      DecodeResult fromHeader = NtlmDecoder.decodeAuthorization(seed.header());
      assertThat(fromHeader).as(seed.header()).isInstanceOf(DecodeResult.Ntlm.class);
      assertThat(NtlmDecoder.decodeToken(seed.scheme(), seed.token())).isEqualTo(fromHeader);
    }
  }

  @Test
  void everyPrefixOfEveryTokenIsTyped() {
    FuzzStats stats = new FuzzStats();
    for (FuzzSeeds.Seed seed : seeds) {
      prefixesOfToken(seed.scheme(), seed.token(), stats);
    }
    report("token prefixes", stats);
    // Whole tokens decode; so do some prefixes (a Type-1 cut after its flags, a Type-2 cut before
    // its TargetInfo descriptor): old layouts are legal.
    assertThat(stats.countDecoded()).isGreaterThanOrEqualTo(seeds.size());
    assertThat(stats.count(MalformedReason.NTLM_TRUNCATED)).isPositive();
    assertThat(stats.count(MalformedReason.NTLM_FIELD_OUT_OF_BOUNDS)).isPositive();
    assertThat(stats.count(MalformedReason.DER_TRUNCATED)).isPositive();
  }

  @Test
  void everyPrefixOfEveryHeaderIsTyped() {
    FuzzStats stats = new FuzzStats();
    for (FuzzSeeds.Seed seed : seeds) {
      String header = seed.header();
      for (int n = 0; n <= header.length(); n++) {
        String prefix = header.substring(0, n);
        DecodeResult authorization = decodeAuthorization(prefix, n);
        stats.record(authorization);
        for (DecodeResult r : decodeWwwAuthenticate(prefix, n)) {
          stats.record(r);
        }
      }
    }
    report("header prefixes", stats);
    assertThat(stats.count(MalformedReason.BASE64_BAD_PADDING)).isPositive();
    assertThat(stats.count(MalformedReason.MISSING_TOKEN)).isPositive();
    assertThat(stats.count(MalformedReason.HEADER_EMPTY)).isPositive();
  }

  /** jcifs-ng messages made now (fresh client challenge and time), and all their prefixes. */
  @Test
  void freshJcifsMessagesAndTheirPrefixesAreTyped() {
    FuzzStats stats = new FuzzStats();
    for (String header : FuzzJcifsMessages.headers().values()) {
      FuzzSeeds.Seed seed = FuzzSeeds.seed(header);
      prefixesOfToken(seed.scheme(), seed.token(), stats);
    }
    assertThat(stats.countDecoded()).isGreaterThanOrEqualTo(FuzzJcifsMessages.headers().size());
    assertThat(stats.count(MalformedReason.NTLM_FIELD_OUT_OF_BOUNDS)).isPositive();
  }

  @ParameterizedTest
  @EnumSource(FuzzSeeds.Kind.class)
  void aMillionMutationsPerMessageType(FuzzSeeds.Kind kind) {
    List<FuzzSeeds.Seed> ofKind = FuzzSeeds.of(kind);
    long seed = SEED + kind.ordinal();
    Mutator mutator = new Mutator(seed, donors);
    FuzzStats stats = new FuzzStats();
    long started = System.nanoTime();
    for (int i = 0; i < MUTATIONS_PER_TYPE; i++) {
      FuzzSeeds.Seed s = ofKind.get(mutator.random.nextInt(ofKind.size()));
      byte[] input = mutator.mutate(s);
      // Raw NTLMSSP is legal under Negotiate too, and SPNEGO is not under NTLM: try both ways.
      AuthScheme scheme = mutator.random.nextInt(4) == 0 ? other(s.scheme()) : s.scheme();
      try {
        DecodeResult r = NtlmDecoder.decodeToken(scheme, input);
        FuzzInvariants.checkToken(scheme, input.length, r);
        stats.record(r);
      } catch (Throwable t) {
        fail(failure(kind, seed, i, scheme, input), t);
      }
    }
    long millis = (System.nanoTime() - started) / 1_000_000;
    report(kind + " mutations in " + millis + " ms, ops " + ops(mutator), stats);

    assertThat(stats.total()).isEqualTo(MUTATIONS_PER_TYPE);
    // The mutations reach deep: some still decode, and the field checks each fire.
    assertThat(stats.countDecoded()).isGreaterThan(MUTATIONS_PER_TYPE / 50);
    assertThat(stats.malformed()).isGreaterThan(MUTATIONS_PER_TYPE / 4);
    assertThat(stats.count(MalformedReason.NTLM_FIELD_OUT_OF_BOUNDS)).isPositive();
    assertThat(stats.count(MalformedReason.NTLM_FIELD_OVERLAPS_HEADER)).isPositive();
    assertThat(stats.count(MalformedReason.NTLM_UNKNOWN_MESSAGE_TYPE)).isPositive();
    if (kind != FuzzSeeds.Kind.TYPE1) {
      assertThat(stats.count(MalformedReason.NTLM_FIELDS_OVERLAP)).isPositive();
      assertThat(stats.count(MalformedReason.NTLM_ODD_UNICODE_LENGTH)).isPositive();
    }
    if (kind == FuzzSeeds.Kind.TYPE2 || kind == FuzzSeeds.Kind.TYPE3) {
      assertThat(stats.count(MalformedReason.AV_PAIR_TRUNCATED)).isPositive();
      assertThat(stats.count(MalformedReason.AV_LIST_UNTERMINATED)).isPositive();
      assertThat(stats.count(MalformedReason.AV_PAIR_BAD_LENGTH)).isPositive();
      assertThat(stats.count(MalformedReason.AV_PAIR_LIMIT)).isPositive();
    }
    if (kind == FuzzSeeds.Kind.TYPE3) {
      assertThat(stats.count(MalformedReason.NTLMV2_RESPONSE_TOO_SHORT)).isPositive();
      assertThat(stats.count(MalformedReason.NTLM_BAD_RESPONSE_LENGTH)).isPositive();
    }
    if (kind == FuzzSeeds.Kind.SPNEGO) {
      assertThat(stats.count(MalformedReason.DER_TRUNCATED)).isPositive();
      assertThat(stats.count(MalformedReason.DER_INDEFINITE_LENGTH)).isPositive();
      assertThat(stats.count(MalformedReason.DER_LENGTH_TOO_LONG)).isPositive();
      assertThat(stats.count(MalformedReason.DER_TRAILING_BYTES)).isPositive();
      assertThat(stats.count(MalformedReason.DER_UNEXPECTED_TAG)).isPositive();
      assertThat(stats.count(MalformedReason.AV_PAIR_LIMIT)).isPositive();
    }
  }

  @Test
  void headerMutationsAreTyped() {
    Mutator mutator = new Mutator(SEED - 1, donors);
    FuzzStats stats = new FuzzStats();
    StringBuilder header = new StringBuilder();
    long started = System.nanoTime();
    for (int i = 0; i < HEADER_MUTATIONS; i++) {
      mutator.mutateHeader(seeds.get(mutator.random.nextInt(seeds.size())).header(), header);
      DecodeResult r = decodeAuthorization(header, i);
      List<DecodeResult> challenges = decodeWwwAuthenticate(header, i);
      // The same value as a String also takes the decoder's String-only fast paths, which must
      // give exactly what the general path gives.
      String value = header.toString();
      assertThat(decodeAuthorization(value, i)).as("Authorization #%d", i).isEqualTo(r);
      assertThat(decodeWwwAuthenticate(value, i))
          .as("WWW-Authenticate #%d", i)
          .isEqualTo(challenges);
      stats.record(r);
      for (DecodeResult c : challenges) {
        stats.record(c);
      }
    }
    long millis = (System.nanoTime() - started) / 1_000_000;
    report("header mutations in " + millis + " ms", stats);
    for (MalformedReason reason :
        List.of(
            MalformedReason.HEADER_SYNTAX,
            MalformedReason.TOKEN_TOO_LARGE,
            MalformedReason.BASE64_INVALID_CHARACTER,
            MalformedReason.BASE64_URL_SAFE_ALPHABET,
            MalformedReason.BASE64_BAD_PADDING)) {
      assertThat(stats.count(reason)).as(reason.name()).isPositive();
    }
  }

  // ---- helpers ----------------------------------------------------------------------------

  private static void prefixesOfToken(AuthScheme scheme, byte[] token, FuzzStats stats) {
    for (int n = 0; n <= token.length; n++) {
      byte[] prefix = Arrays.copyOf(token, n);
      try {
        DecodeResult r = NtlmDecoder.decodeToken(scheme, prefix);
        FuzzInvariants.checkToken(scheme, n, r);
        stats.record(r);
      } catch (Throwable t) {
        fail("prefix of " + n + " bytes, " + scheme + ": " + HexFormat.of().formatHex(prefix), t);
      }
    }
  }

  private static DecodeResult decodeAuthorization(CharSequence header, int i) {
    try {
      DecodeResult r = NtlmDecoder.decodeAuthorization(header);
      FuzzInvariants.checkAuthorization(header, r);
      return r;
    } catch (Throwable t) {
      return fail("Authorization #" + i + ": " + escape(header), t);
    }
  }

  private static List<DecodeResult> decodeWwwAuthenticate(CharSequence header, int i) {
    try {
      List<DecodeResult> results = NtlmDecoder.decodeWwwAuthenticate(header);
      FuzzInvariants.checkChallenges(header, results);
      return results;
    } catch (Throwable t) {
      return fail("WWW-Authenticate #" + i + ": " + escape(header), t);
    }
  }

  private static AuthScheme other(AuthScheme scheme) {
    return scheme == AuthScheme.NTLM ? AuthScheme.NEGOTIATE : AuthScheme.NTLM;
  }

  private static String failure(
      FuzzSeeds.Kind kind, long seed, int iteration, AuthScheme scheme, byte[] input) {
    return String.format(
        "%s mutation, seed 0x%x, iteration %d, decodeToken(%s, hex %s)",
        kind, seed, iteration, scheme, HexFormat.of().formatHex(input));
  }

  /** The header with non-printable and non-ASCII characters as {@code \\uXXXX}, to paste back. */
  static String escape(CharSequence s) {
    StringBuilder out = new StringBuilder();
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c >= 0x20 && c < 0x7f && c != '\\') {
        out.append(c);
      } else {
        out.append(String.format("\\u%04x", (int) c));
      }
    }
    return out.toString();
  }

  private static String ops(Mutator mutator) {
    StringBuilder s = new StringBuilder("{");
    for (Mutator.Op op : Mutator.Op.values()) {
      s.append(op).append('=').append(mutator.applied[op.ordinal()]).append(' ');
    }
    return s.append('}').toString();
  }

  private static void report(String what, FuzzStats stats) {
    System.out.println("RobustnessTest " + what + ": " + stats);
  }
}
