package io.github.ntlmaffinity.internal.publish;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class LogEscaperTest {

  @Test
  void bidiOverridesAndZeroWidthCharactersAreEscaped() {
    assertThat(LogEscaper.escape("alice\u202egnp.exe\u200b"))
        .isEqualTo("alice\\u202egnp.exe\\u200b");
  }

  @Test
  void nullStaysNull() {
    assertThat(LogEscaper.escape(null)).isNull();
  }

  @Test
  void plainTextIsReturnedAsItIs() {
    String plain = "EXAMPLE/alice@WS01 203.0.113.7:5555 (SERVERID=b) é ü 中文 \u00a0";

    assertThat(LogEscaper.escape(plain)).isSameAs(plain);
    assertThat(LogEscaper.escape("")).isEmpty();
  }

  @ParameterizedTest(name = "U+{0}")
  @CsvSource({
    "0000, \\u0000",
    "0001, \\u0001",
    "0007, \\u0007",
    "0008, \\u0008",
    "0009, \\t",
    "000a, \\n",
    "000b, \\u000b",
    "000c, \\u000c",
    "000d, \\r",
    "001b, \\u001b",
    "001f, \\u001f",
    "007f, \\u007f",
    "0080, \\u0080",
    "0085, \\u0085",
    "009b, \\u009b",
    "009f, \\u009f",
    "2028, \\u2028",
    "2029, \\u2029",
    "005c, \\\\",
  })
  void escapesEachControlCharacter(String hex, String escaped) {
    char c = (char) Integer.parseInt(hex, 16);

    assertThat(LogEscaper.escape("a" + c + "b")).isEqualTo("a" + escaped + "b");
  }

  @Test
  void aForgedLogLineStaysOnOneLine() {
    String user = "alice\r\n2024-05-06 07:08:09 INFO login ok user=admin";

    assertThat(LogEscaper.escape(user))
        .isEqualTo("alice\\r\\n2024-05-06 07:08:09 INFO login ok user=admin")
        .doesNotContain("\r", "\n");
  }

  @Test
  void anEscapeSequenceIsEscaped() {
    // ESC [ 2 J clears a terminal; the backslash of a fake "\n" is doubled so it reads back.
    assertThat(LogEscaper.escape("\u001b[2Jx\\ny")).isEqualTo("\\u001b[2Jx\\\\ny");
  }

  @Test
  void surrogatePairsAreKept() {
    String s = "a\ud83d\ude00b\ud801\udc37";

    assertThat(LogEscaper.escape(s)).isSameAs(s);
  }

  @ParameterizedTest
  @CsvSource({
    "'\ud83d', \\ud83d",
    "'\ude00', \\ude00",
    "'x\ud83dy', x\\ud83dy",
    "'x\ude00y', x\\ude00y",
    "'\ude00\ud83d', \\ude00\\ud83d",
    "'\ud83d\ud83d\ude00', \\ud83d\ud83d\ude00",
    "'\ud83d\ude00\ude00', \ud83d\ude00\\ude00",
  })
  void loneSurrogatesAreEscaped(String input, String escaped) {
    assertThat(LogEscaper.escape(input)).isEqualTo(escaped);
  }

  @Test
  void cutAt256CharactersWithAnEllipsis() {
    assertThat(LogEscaper.escape("a".repeat(256))).isEqualTo("a".repeat(256));
    assertThat(LogEscaper.escape("a".repeat(257))).isEqualTo("a".repeat(256) + "...");
    assertThat(LogEscaper.escape("a".repeat(100_000))).isEqualTo("a".repeat(256) + "...");
  }

  @Test
  void aLongerCutForTextThatEmbedsHeaderValues() {
    assertThat(LogEscaper.escape("a".repeat(1024), 1024)).isEqualTo("a".repeat(1024));
    assertThat(LogEscaper.escape("a\n".repeat(600), 1024)).isEqualTo("a\\n".repeat(512) + "...");
    assertThat(LogEscaper.escape("a".repeat(1023) + "\ud83d\ude00", 1024))
        .isEqualTo("a".repeat(1023) + "...");
  }

  @Test
  void theCutCountsInputCharactersAndEscapesWhatItKeeps() {
    String input = "\n".repeat(300);

    assertThat(LogEscaper.escape(input)).isEqualTo("\\n".repeat(256) + "...");
    assertThat(LogEscaper.escape("a".repeat(255) + "\r" + "b"))
        .isEqualTo("a".repeat(255) + "\\r...");
  }

  @Test
  void theCutNeverSplitsASurrogatePair() {
    // The pair straddles the cut at 256: keeping its high half would leave a lone surrogate.
    String input = "a".repeat(255) + "\ud83d\ude00" + "tail";

    String escaped = LogEscaper.escape(input);

    assertThat(escaped).isEqualTo("a".repeat(255) + "...");
    assertThat(hasLoneSurrogate(escaped)).isFalse();
    // A pair that ends at the cut is kept whole.
    assertThat(LogEscaper.escape("a".repeat(254) + "\ud83d\ude00" + "tail"))
        .isEqualTo("a".repeat(254) + "\ud83d\ude00...");
  }

  @Test
  void randomInputNeverYieldsAControlCharacterOrALoneSurrogate() {
    Random random = new Random(42);
    char[] alphabet = {
      'a', 'Z', '0', ' ', '\\', '\n', '\r', '\t', 0, 0x1b, 0x7f, 0x85, 0x9f, 0xa0, 0x2028, 0x2029,
      0xd83d, 0xde00, 'é', '中'
    };
    for (int round = 0; round < 20_000; round++) {
      int length = random.nextInt(300);
      StringBuilder s = new StringBuilder(length);
      for (int i = 0; i < length; i++) {
        s.append(alphabet[random.nextInt(alphabet.length)]);
      }

      String escaped = LogEscaper.escape(s.toString());

      boolean clean =
          escaped.chars().noneMatch(c -> c < 0x20 || (c >= 0x7f && c < 0xa0))
              && escaped.indexOf('\u2028') < 0
              && escaped.indexOf('\u2029') < 0
              && !hasLoneSurrogate(escaped)
              && escaped.length() <= 256 * 6 + 3;
      if (!clean || !unescape(escaped).equals(s.substring(0, kept(s)))) {
        assertThat(escaped).as("escape of %s", s).isEqualTo("a clean, faithful escape");
      }
    }
  }

  /** 256, or 255 when a surrogate pair straddles the cut, or the whole string when shorter. */
  private static int kept(CharSequence s) {
    if (s.length() <= 256) {
      return s.length();
    }
    return Character.isHighSurrogate(s.charAt(255)) && Character.isLowSurrogate(s.charAt(256))
        ? 255
        : 256;
  }

  private static boolean hasLoneSurrogate(String s) {
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (Character.isHighSurrogate(c)) {
        if (i + 1 == s.length() || !Character.isLowSurrogate(s.charAt(i + 1))) {
          return true;
        }
        i++;
      } else if (Character.isLowSurrogate(c)) {
        return true;
      }
    }
    return false;
  }

  /** Reads an escaped string back, without its ellipsis; tells the cut is where it says. */
  private static String unescape(String escaped) {
    String s = escaped.endsWith("...") ? escaped.substring(0, escaped.length() - 3) : escaped;
    StringBuilder out = new StringBuilder();
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c != '\\') {
        out.append(c);
        continue;
      }
      char next = s.charAt(++i);
      switch (next) {
        case 'n' -> out.append('\n');
        case 'r' -> out.append('\r');
        case 't' -> out.append('\t');
        case '\\' -> out.append('\\');
        case 'u' -> {
          out.append((char) Integer.parseInt(s.substring(i + 1, i + 5), 16));
          i += 4;
        }
        default -> throw new AssertionError("unknown escape \\" + next + " in " + escaped);
      }
    }
    return out.toString();
  }
}
