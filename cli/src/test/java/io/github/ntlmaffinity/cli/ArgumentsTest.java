package io.github.ntlmaffinity.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class ArgumentsTest {

  @Test
  void decodeWithoutInputOrWithDashReadsStdin() {
    assertThat(Arguments.parse("decode").readsStdin()).isTrue();
    assertThat(Arguments.parse("decode", "-").readsStdin()).isTrue();
    assertThat(Arguments.parse("--pretty", "decode", "-"))
        .isEqualTo(new Arguments(false, true, null));
  }

  @Test
  void wordsAfterDecodeAreJoinedIntoOneInput() {
    Arguments arguments = Arguments.parse("decode", "Authorization:", "NTLM", "TlRM", "--pretty");

    assertThat(arguments.input()).isEqualTo("Authorization: NTLM TlRM");
    assertThat(arguments.pretty()).isTrue();
    assertThat(arguments.readsStdin()).isFalse();
  }

  @Test
  void doubleDashEndsOptions() {
    assertThat(Arguments.parse("decode", "--", "--pretty").input()).isEqualTo("--pretty");
  }

  @Test
  void helpWinsOverEverythingElse() {
    assertThat(Arguments.parse("-h").help()).isTrue();
    assertThat(Arguments.parse("help").help()).isTrue();
    assertThat(Arguments.parse("decode", "x", "--help").help()).isTrue();
    assertThat(Arguments.parse("bogus", "--help").help()).isTrue();
  }

  @Test
  void rejectsWhatTheGrammarDoesNotAllow() {
    assertThatThrownBy(Arguments::parse).hasMessage("missing command: decode");
    assertThatThrownBy(() -> Arguments.parse("encode"))
        .hasMessage("unknown command encode, expected decode");
    assertThatThrownBy(() -> Arguments.parse("decode", "--verbose"))
        .hasMessage("unknown option --verbose");
    assertThatThrownBy(() -> Arguments.parse("decode", "-", "NTLM"))
        .hasMessage("- (standard input) takes no other input");
  }
}
