package io.github.ntlmaffinity.servlet;

/**
 * The probe endpoint's token bucket: {@code perMinute} requests at once, refilled at {@code
 * perMinute} a minute.
 */
final class ProbeRateLimit {
  private final int perMinute;
  private double tokens;
  private long last;

  ProbeRateLimit(int perMinute, long now) {
    this.perMinute = perMinute;
    this.tokens = perMinute;
    this.last = now;
  }

  synchronized boolean take(long now) {
    if (now > last) {
      tokens = Math.min(perMinute, tokens + (now - last) * perMinute / 60_000.0);
      last = now;
    }
    if (tokens >= 1) {
      tokens -= 1;
      return true;
    }
    return false;
  }
}
