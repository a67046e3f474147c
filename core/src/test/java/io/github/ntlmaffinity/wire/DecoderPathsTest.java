package io.github.ntlmaffinity.wire;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.ntlmaffinity.testing.Corpus;
import io.github.ntlmaffinity.testing.FileTimes;
import io.github.ntlmaffinity.testing.NtlmTestMessages;
import io.github.ntlmaffinity.testing.ServerIdentity;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * The decoder's shortcuts give exactly what its general paths give: the fast path for a header in
 * the exact form clients send, and the sorted sweep that checks payloads for overlaps.
 */
class DecoderPathsTest {
  private static final byte[] SERVER_CHALLENGE = {1, 2, 3, 4, 5, 6, 7, 8};
  private static final long FILE_TIME = FileTimes.of(Instant.parse("2026-01-01T00:00:00Z"));

  /** A header value the shortcuts never see: not a {@code String}. */
  private static CharSequence general(String value) {
    return new StringBuilder(value);
  }

  @Test
  void everyCorpusHeaderDecodesAlikeOnBothPaths() {
    int authorizations = 0;
    int challenges = 0;
    for (Corpus.Message m : Corpus.load().messages()) {
      String value = m.headerValue();
      if (m.header().equalsIgnoreCase("Authorization")) {
        authorizations++;
        DecodeResult fast = NtlmDecoder.decodeAuthorization(value);
        assertThat(fast).as("%s", m).isInstanceOf(DecodeResult.Ntlm.class);
        assertThat(NtlmDecoder.decodeAuthorization(general(value))).as("%s", m).isEqualTo(fast);
        // Other spellings of the same header take the general path and decode the same.
        String token = value.substring(value.indexOf(' ') + 1);
        String scheme = value.substring(0, value.indexOf(' '));
        for (String variant :
            new String[] {
              scheme.toLowerCase() + ' ' + token,
              scheme.toUpperCase() + "  " + token,
              ' ' + scheme + '\t' + token + ' ',
            }) {
          assertThat(NtlmDecoder.decodeAuthorization(variant)).as("%s", variant).isEqualTo(fast);
        }
      } else {
        challenges++;
        List<DecodeResult> fast = NtlmDecoder.decodeWwwAuthenticate(value);
        assertThat(fast).as("%s", m).isNotEmpty();
        assertThat(NtlmDecoder.decodeWwwAuthenticate(general(value))).as("%s", m).isEqualTo(fast);
      }
    }
    assertThat(authorizations).isGreaterThan(20);
    assertThat(challenges).isGreaterThan(10);
  }

  @Test
  void malformedTokensInTheExactFormAreReportedAsOnTheGeneralPath() {
    String good =
        NtlmTestMessages.ntlmHeader(
            NtlmTestMessages.create()
                .handshake(ServerIdentity.NODE_A, SERVER_CHALLENGE, FILE_TIME)
                .type3());
    List<String> bad = new ArrayList<>();
    bad.add(good.substring(0, good.length() - 1)); // length not a multiple of 4
    bad.add(good.substring(0, 20) + "-" + good.substring(21)); // URL-safe alphabet
    bad.add(good.substring(0, 20) + "\u0141" + good.substring(21)); // above U+00FF
    bad.add(good.substring(0, 20) + "=" + good.substring(21)); // padding inside
    bad.add("NTLM " + good.substring(5, 5 + 40)); // a truncated message
    bad.add("NTLM ");
    bad.add("Negotiate " + good.substring(5));
    for (String value : bad) {
      DecodeResult fast = NtlmDecoder.decodeAuthorization(value);
      assertThat(NtlmDecoder.decodeAuthorization(general(value))).as("%s", value).isEqualTo(fast);
    }
    assertThat(NtlmDecoder.decodeAuthorization(bad.get(1)))
        .isInstanceOfSatisfying(
            DecodeResult.Malformed.class,
            m -> {
              assertThat(m.reason()).isEqualTo(MalformedReason.BASE64_URL_SAFE_ALPHABET);
              assertThat(m.offset()).isEqualTo(20);
            });
  }

  /**
   * Random layouts of the six AUTHENTICATE payloads, all inside the message and after the header:
   * an overlap is reported exactly when two payloads share a byte, at the lowest offset at which a
   * payload starts inside (or with) an earlier one, as a comparison of every pair says.
   */
  @Test
  void overlapsAreFoundExactlyWhenTwoPayloadsShareAByte() {
    byte[] type3 =
        NtlmTestMessages.create()
            .handshake(ServerIdentity.NODE_A, SERVER_CHALLENGE, FILE_TIME)
            .type3();
    int[] descriptors = {12, 20, 28, 36, 44, 52};
    SplittableRandom random = new SplittableRandom(6);
    int overlapping = 0;
    for (int run = 0; run < 20_000; run++) {
      byte[] message = type3.clone();
      ByteBuffer b = ByteBuffer.wrap(message).order(ByteOrder.LITTLE_ENDIAN);
      int[] offsets = new int[6];
      int[] lengths = new int[6];
      for (int i = 0; i < 6; i++) {
        lengths[i] = random.nextInt(4) == 0 ? 0 : 2 * random.nextInt(1, 24);
        offsets[i] = random.nextInt(88, message.length - lengths[i] + 1);
        b.putShort(descriptors[i], (short) lengths[i]);
        b.putShort(descriptors[i] + 2, (short) lengths[i]);
        b.putInt(descriptors[i] + 4, offsets[i]);
      }
      int expected = Integer.MAX_VALUE;
      for (int i = 0; i < 6; i++) {
        for (int j = i + 1; j < 6; j++) {
          if (lengths[i] > 0
              && lengths[j] > 0
              && offsets[i] < offsets[j] + lengths[j]
              && offsets[j] < offsets[i] + lengths[i]) {
            expected = Math.min(expected, Math.max(offsets[i], offsets[j]));
          }
        }
      }
      DecodeResult r = NtlmDecoder.decodeToken(AuthScheme.NTLM, message);
      if (expected == Integer.MAX_VALUE) {
        if (r instanceof DecodeResult.Malformed m) {
          assertThat(m.reason())
              .as("run %d", run)
              .isNotEqualTo(MalformedReason.NTLM_FIELDS_OVERLAP);
        }
      } else {
        overlapping++;
        int at = expected;
        assertThat(r)
            .as("run %d", run)
            .isInstanceOfSatisfying(
                DecodeResult.Malformed.class,
                m -> {
                  assertThat(m.reason()).isEqualTo(MalformedReason.NTLM_FIELDS_OVERLAP);
                  assertThat(m.offset()).isEqualTo(at);
                });
      }
    }
    // Both kinds of layout were tried many times.
    assertThat(overlapping).isBetween(2_000, 18_000);
  }
}
