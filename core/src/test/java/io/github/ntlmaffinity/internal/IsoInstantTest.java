package io.github.ntlmaffinity.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** {@link IsoInstant} writes exactly what {@link Instant#toString()} writes. */
class IsoInstantTest {

  @Test
  void sameTextAsInstantToString() {
    long[] seconds = {
      0,
      1,
      59,
      86_399,
      86_400,
      951_782_400L,
      951_868_800L,
      1_764_931_845L,
      4_107_542_400L,
      253_402_300_799L,
      253_402_300_800L,
      -1,
      -62_135_596_800L,
      -62_167_219_200L,
      -62_167_219_201L
    };
    int[] nanos = {0, 1, 100, 1000, 69_000_000, 997_474_000, 999_999_999};
    for (long s : seconds) {
      for (int n : nanos) {
        Instant t = Instant.ofEpochSecond(s, n);
        assertThat(IsoInstant.of(t)).isEqualTo(t.toString());
      }
    }
    SplittableRandom random = new SplittableRandom(15);
    for (int k = 0; k < 200_000; k++) {
      int n =
          switch (k % 4) {
            case 0 -> 0;
            case 1 -> random.nextInt(1000) * 1_000_000;
            case 2 -> random.nextInt(1_000_000) * 1000;
            default -> random.nextInt(1_000_000_000);
          };
      Instant t = Instant.ofEpochSecond(random.nextLong(-62_167_219_200L, 253_402_300_800L), n);
      assertThat(IsoInstant.of(t)).isEqualTo(t.toString());
    }
  }
}
