package io.github.ntlmaffinity.internal;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class MaskingTest {

  @ParameterizedTest(name = "{0} -> {1}")
  @CsvSource({
    "alice, a***",
    "Al, A***",
    "a, *",
    "Ädmin, Ä***",
    "'\ud83d\ude00bob', '\ud83d\ude00***'",
    "'\ud83d\ude00', *",
    "'\ud83d', *",
    "'EXAMPLE\\alice', E***",
  })
  void userKeepsOnlyItsFirstCharacter(String user, String masked) {
    assertThat(Masking.user(user)).isEqualTo(masked);
  }

  @Test
  void nullAndEmptyStayAsTheyAre() {
    assertThat(Masking.user(null)).isNull();
    assertThat(Masking.user("")).isEmpty();
  }

  @Test
  void everyOccurrenceInATextIsMasked() {
    String text = "AUTHENTICATE for EXAMPLE\\alice on c-1; alice retried";

    assertThat(Masking.in(text, "alice"))
        .isEqualTo("AUTHENTICATE for EXAMPLE\\a*** on c-1; a*** retried");
  }

  @Test
  void theUserIsTakenLiterallyNotAsAPattern() {
    assertThat(Masking.in("user a.b and axb", "a.b")).isEqualTo("user a*** and axb");
    assertThat(Masking.in("user $1\\x", "$1\\x")).isEqualTo("user $***");
  }

  @Test
  void aOneLetterUserIsMaskedAsAWordNotInsideOtherWords() {
    String masked = Masking.in("AUTHENTICATE for EXAMPLE\\a from a workstation", "a");

    assertThat(masked).isEqualTo("AUTHENTICATE for EXAMPLE\\* from * workstation");
  }

  @Test
  void aUserInsideALongerNameIsLeftAlone() {
    assertThat(Masking.in("EXAMPLE\\alice and EXAMPLE\\alice2 and malice", "alice"))
        .isEqualTo("EXAMPLE\\a*** and EXAMPLE\\alice2 and malice");
  }

  @Test
  void nothingToMaskLeavesTheTextAlone() {
    String text = "CHALLENGE from NODE-A";

    assertThat(Masking.in(text, "alice")).isSameAs(text);
    assertThat(Masking.in(text, null)).isSameAs(text);
    assertThat(Masking.in(text, "")).isSameAs(text);
    assertThat(Masking.in(null, "alice")).isNull();
  }
}
