package io.github.ntlmaffinity.testing;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;

/**
 * A clock that stands still until a test moves it, so expiry is tested without sleeping.
 * Thread-safe; keeps the full precision of {@link Instant}.
 */
public final class TestClock extends Clock {
  private volatile Instant now;

  public TestClock(Instant start) {
    this.now = start;
  }

  /** A clock at 2024-05-06T07:08:09Z. */
  public static TestClock create() {
    return new TestClock(Instant.parse("2024-05-06T07:08:09Z"));
  }

  public synchronized void advance(Duration d) {
    now = now.plus(d);
  }

  public void advanceMillis(long ms) {
    advance(Duration.ofMillis(ms));
  }

  @Override
  public Instant instant() {
    return now;
  }

  @Override
  public ZoneId getZone() {
    return ZoneOffset.UTC;
  }

  @Override
  public Clock withZone(ZoneId zone) {
    return this;
  }
}
