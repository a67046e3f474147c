package io.github.ntlmaffinity;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.concurrent.atomic.AtomicLong;

/** A clock that stands still until a test moves it. Thread-safe; millisecond resolution. */
final class FakeClock extends Clock {
  private final AtomicLong millis;

  FakeClock(Instant start) {
    this.millis = new AtomicLong(start.toEpochMilli());
  }

  /** A clock at 2024-05-06T07:08:09Z. */
  static FakeClock create() {
    return new FakeClock(Instant.parse("2024-05-06T07:08:09Z"));
  }

  void advance(Duration d) {
    millis.addAndGet(d.toMillis());
  }

  void advanceMillis(long ms) {
    millis.addAndGet(ms);
  }

  @Override
  public long millis() {
    return millis.get();
  }

  @Override
  public Instant instant() {
    return Instant.ofEpochMilli(millis.get());
  }

  @Override
  public ZoneId getZone() {
    return ZoneOffset.UTC;
  }

  @Override
  public Clock withZone(ZoneId zone) {
    throw new UnsupportedOperationException("a fake clock has no zones");
  }
}
