package io.github.ntlmaffinity.internal.engine;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.ntlmaffinity.internal.engine.ChallengeTable.Retired;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

class RetiredStampsTest {

  @Test
  void remembersTheNewestStampsWithTheirReasonsAndForgetsTheOldest() {
    RetiredStamps stamps = new RetiredStamps(3);
    stamps.put(10, Retired.ANSWERED);
    stamps.put(20, Retired.EVICTED);
    stamps.put(30, Retired.EXPIRED);

    assertThat(stamps.get(10)).isEqualTo(Retired.ANSWERED);
    assertThat(stamps.get(20)).isEqualTo(Retired.EVICTED);
    assertThat(stamps.get(30)).isEqualTo(Retired.EXPIRED);
    assertThat(stamps.get(40)).isNull();

    stamps.put(40, Retired.ANSWERED);

    assertThat(stamps.get(10)).as("the oldest is forgotten").isNull();
    assertThat(stamps.get(40)).isEqualTo(Retired.ANSWERED);
    assertThat(stamps.size()).isEqualTo(3);
  }

  @Test
  void aStampPutAgainTakesTheNewReasonAndKeepsItsPlace() {
    RetiredStamps stamps = new RetiredStamps(2);
    stamps.put(1, Retired.EVICTED);
    stamps.put(2, Retired.EVICTED);
    stamps.put(1, Retired.ANSWERED);

    assertThat(stamps.get(1)).isEqualTo(Retired.ANSWERED);

    stamps.put(3, Retired.EXPIRED);

    assertThat(stamps.get(1)).as("still the oldest, so evicted first").isNull();
    assertThat(stamps.get(2)).isEqualTo(Retired.EVICTED);
    assertThat(stamps.get(3)).isEqualTo(Retired.EXPIRED);
  }

  /**
   * Against a map in insertion order capped at the same size, over random stamps drawn from a small
   * range (many repeats and long probe runs) and from the whole range, through growth and wrap.
   */
  @Test
  void agreesWithAnInsertionOrderedMapOverRandomOperations() {
    Random random = new Random(42);
    for (int max : new int[] {1, 2, 3, 7, 64, 65, 500, 4_096}) {
      for (long range : new long[] {max / 2 + 1, 4L * max, Long.MAX_VALUE}) {
        RetiredStamps stamps = new RetiredStamps(max);
        Map<Long, Retired> model =
            new LinkedHashMap<>() {
              private static final long serialVersionUID = 1L;

              @Override
              protected boolean removeEldestEntry(Map.Entry<Long, Retired> eldest) {
                return size() > max;
              }
            };
        for (int i = 0; i < 20 * max + 200; i++) {
          long stamp = range == Long.MAX_VALUE ? random.nextLong() : random.nextLong(range);
          if (random.nextInt(3) == 0) {
            assertThat(stamps.get(stamp))
                .as("get %d, max %d", stamp, max)
                .isEqualTo(model.get(stamp));
          } else {
            Retired why = Retired.values()[random.nextInt(3)];
            stamps.put(stamp, why);
            model.put(stamp, why);
          }
          assertThat(stamps.size()).isEqualTo(model.size());
        }
        for (Map.Entry<Long, Retired> e : model.entrySet()) {
          assertThat(stamps.get(e.getKey())).isEqualTo(e.getValue());
        }
      }
    }
  }

  /**
   * Stamps that share their index slot's home: the probe runs and the deletions that shift them.
   */
  @Test
  void collidingStampsSurviveTheDeletionOfTheirNeighbours() {
    RetiredStamps stamps = new RetiredStamps(4);
    long[] sameHome = new long[8];
    int found = 0;
    for (long candidate = 1; found < sameHome.length; candidate++) {
      if (homeOf(candidate) == homeOf(1)) {
        sameHome[found++] = candidate;
      }
    }
    for (long stamp : sameHome) {
      stamps.put(stamp, Retired.ANSWERED);
    }
    for (int i = 0; i < 4; i++) {
      assertThat(stamps.get(sameHome[i])).isNull();
      assertThat(stamps.get(sameHome[i + 4])).isEqualTo(Retired.ANSWERED);
    }
  }

  private static int homeOf(long stamp) {
    // The same hash the structure uses: its index has 8 slots at capacity 4.
    long h = stamp * 0x9E3779B97F4A7C15L;
    return (int) (h >>> 40) & 7;
  }
}
