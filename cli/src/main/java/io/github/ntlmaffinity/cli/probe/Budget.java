package io.github.ntlmaffinity.cli.probe;

import java.util.concurrent.atomic.AtomicInteger;

/** The handshakes ({@code -n}) the probe may still start: every NEGOTIATE takes one. */
final class Budget {
  private final AtomicInteger left;
  private final int total;

  Budget(int total) {
    this.total = total;
    this.left = new AtomicInteger(total);
  }

  /** Takes {@code n} at once, or none when fewer are left. */
  boolean take(int n) {
    return left.getAndUpdate(l -> l >= n ? l - n : l) >= n;
  }

  int left() {
    return left.get();
  }

  int spent() {
    return total - left.get();
  }
}
