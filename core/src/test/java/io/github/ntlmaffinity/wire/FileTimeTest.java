package io.github.ntlmaffinity.wire;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class FileTimeTest {
  @Test
  void appendSecondsWritesWhatInstantWritesForEveryFileTime() {
    SplittableRandom random = new SplittableRandom(42);
    long[] edges = {
      0L,
      1L,
      -1L,
      Long.MAX_VALUE,
      Long.MIN_VALUE,
      116_444_736_000_000_000L,
      134_000_000_000_000_000L
    };
    for (long f : edges) {
      check(f);
    }
    for (int i = 0; i < 100_000; i++) {
      check(random.nextLong());
      check(116_444_736_000_000_000L + random.nextLong(5_000_000_000_000_000L));
    }
  }

  private static void check(long fileTime) {
    Instant at = FileTime.toInstant(fileTime);
    String expected = at.truncatedTo(ChronoUnit.SECONDS).toString();
    assertThat(FileTime.appendSeconds(new StringBuilder(), at).toString())
        .as("FILETIME %d", fileTime)
        .isEqualTo(expected);
    // The summaries append the raw FILETIME, without an Instant.
    assertThat(FileTime.appendSeconds(new StringBuilder(), fileTime).toString())
        .as("FILETIME %d, raw", fileTime)
        .isEqualTo(expected);
  }
}
