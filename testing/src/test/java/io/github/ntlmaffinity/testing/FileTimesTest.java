package io.github.ntlmaffinity.testing;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import org.junit.jupiter.api.Test;

class FileTimesTest {

  @Test
  void countsHundredNanosecondsSince1601() {
    assertThat(FileTimes.of(Instant.parse("1601-01-01T00:00:00Z"))).isZero();
    // MS-DTYP: the Unix epoch is 116444736000000000 in FILETIME.
    assertThat(FileTimes.of(Instant.EPOCH)).isEqualTo(116_444_736_000_000_000L);
    assertThat(FileTimes.of(Instant.parse("1970-01-01T00:00:00.0000001Z")))
        .isEqualTo(116_444_736_000_000_001L);
  }

  @Test
  void convertsBackToTheInstant() {
    Instant t = Instant.parse("2024-05-06T07:08:09.1234567Z");
    assertThat(FileTimes.toInstant(FileTimes.of(t))).isEqualTo(t);
  }

  @Test
  void uniqueNeverRepeatsOnAClockThatStandsStill() {
    TestClock clock = TestClock.create();
    long first = FileTimes.unique(clock);
    long second = FileTimes.unique(clock);
    assertThat(second).isGreaterThan(first);
    assertThat(first).isGreaterThan(FileTimes.of(clock.instant()));
    assertThat(FileTimes.toInstant(second)).isBefore(clock.instant().plusSeconds(1));
  }
}
