package io.github.ntlmaffinity.wire;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The fast path (a token in a {@code String}: the JDK's decoder for long tokens, a loop over a copy
 * for short ones) decides exactly as the strict character-at-a-time decoder, which a {@code
 * StringBuilder} always takes: the same bytes, or the same reason at the same offset.
 */
class Base64CodecTest {
  private static final String SCHEME = "NTLM ";

  @Test
  void fastPathDecodesWhatTheStrictDecoderDecodes() {
    Random random = new Random(0x6e746c6dL);
    for (int length = 0; length < 700; length++) {
      byte[] token = new byte[length];
      random.nextBytes(token);
      String header = SCHEME + Base64.getEncoder().encodeToString(token);
      assertThat(Base64Codec.decode(header, SCHEME.length(), header.length()))
          .as("length %d", length)
          .isEqualTo(token);
      assertSameDecision(header);
    }
  }

  @Test
  void fastPathRefusesWhatTheStrictDecoderRefuses() {
    Random random = new Random(0x62363421L);
    String[] replacements = {
      "=", "==", "-", "_", " ", "\t", ",", "\u00e9", "\u0100", "\u4e2d", "\ud800", "?", "*", "A="
    };
    for (int length : new int[] {1, 2, 3, 40, 41, 42, 94, 95, 96, 97, 300, 396, 397, 398}) {
      byte[] token = new byte[length];
      random.nextBytes(token);
      String encoded = Base64.getEncoder().encodeToString(token);
      for (String replacement : replacements) {
        for (int trial = 0; trial < 8; trial++) {
          int at = random.nextInt(encoded.length());
          String mutated =
              encoded.substring(0, at)
                  + replacement
                  + encoded.substring(Math.min(encoded.length(), at + replacement.length()));
          assertSameDecision(SCHEME + mutated);
          assertSameDecision(SCHEME + mutated.substring(0, Math.max(0, mutated.length() - 1)));
          assertSameDecision(SCHEME + mutated + "=");
        }
      }
      // Unpadded tokens, which the JDK's decoder alone would accept.
      assertSameDecision(SCHEME + encoded.replace("=", ""));
    }
  }

  @Test
  void tokensSurroundedByMoreThanTheSchemeTakeTheStrictPath() {
    byte[] token = new byte[300];
    new Random(7).nextBytes(token);
    String encoded = Base64.getEncoder().encodeToString(token);
    String header = "Basic realm=\"" + "x".repeat(100) + "\", NTLM " + encoded;
    int start = header.length() - encoded.length();
    assertThat(Base64Codec.decode(header, start, header.length())).isEqualTo(token);
    assertSameDecision(header.substring(0, header.length() - 1) + "-");
  }

  private static void assertSameDecision(String header) {
    int start = header.indexOf(' ') + 1;
    int end = header.length();
    Object fast = outcome(header, start, end);
    Object strict = outcome(new StringBuilder(header), start, end);
    assertThat(fast).as("decode of %s", header).isEqualTo(strict);
  }

  /** The decoded bytes as a list, or the refusal's reason, offset and detail. */
  private static Object outcome(CharSequence s, int start, int end) {
    try {
      List<Byte> bytes = new ArrayList<>();
      for (byte b : Base64Codec.decode(s, start, end)) {
        bytes.add(b);
      }
      return bytes;
    } catch (MalformedException e) {
      return e.reason() + " at " + e.offset() + ": " + e.getMessage();
    }
  }
}
