package io.github.ntlmaffinity.benchmarks;

import java.util.Locale;

/**
 * A latency histogram with 1 µs buckets up to 100 ms (longer latencies count in the last bucket,
 * and in {@link #max()}). One per client thread, merged after a run; no allocation per sample.
 */
final class Latencies {
  private static final int BUCKETS = 100_000;

  private final long[] counts = new long[BUCKETS];
  private long count;
  private long maxNanos;
  private long sumNanos;

  /** Records one latency. */
  void record(long nanos) {
    int micros = (int) Math.min(BUCKETS - 1, nanos / 1_000);
    counts[micros]++;
    count++;
    sumNanos += nanos;
    if (nanos > maxNanos) {
      maxNanos = nanos;
    }
  }

  /** Adds {@code other}'s samples to this one. */
  void add(Latencies other) {
    for (int i = 0; i < BUCKETS; i++) {
      counts[i] += other.counts[i];
    }
    count += other.count;
    sumNanos += other.sumNanos;
    maxNanos = Math.max(maxNanos, other.maxNanos);
  }

  long count() {
    return count;
  }

  /** The latency at {@code percentile} (0 to 100), in µs: the upper edge of its bucket. */
  long percentileMicros(double percentile) {
    if (count == 0) {
      return 0;
    }
    long rank = (long) Math.ceil(count * percentile / 100.0);
    long seen = 0;
    for (int i = 0; i < BUCKETS; i++) {
      seen += counts[i];
      if (seen >= Math.max(1, rank)) {
        return i + 1L;
      }
    }
    return BUCKETS;
  }

  double meanMicros() {
    return count == 0 ? 0 : sumNanos / 1_000.0 / count;
  }

  long max() {
    return maxNanos / 1_000;
  }

  /** {@code p50 … p90 … p99 … p99.9 … max} in µs. */
  String summary() {
    return String.format(
        Locale.ROOT,
        "p50 %5d  p90 %5d  p99 %6d  p99.9 %6d  max %6d µs",
        percentileMicros(50),
        percentileMicros(90),
        percentileMicros(99),
        percentileMicros(99.9),
        max());
  }
}
