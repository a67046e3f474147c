package io.github.ntlmaffinity.internal.engine;

/**
 * The newest {@code max} timestamps of challenges no longer open, each with why it closed: what
 * {@link ChallengeTable} remembers so that a late AUTHENTICATE is reported for what it is. A map
 * that keeps insertion order would do, but it costs an entry object per challenge and, with
 * thousands of entries, several cache misses per handshake on a loaded node. This keeps the stamps
 * in a ring (oldest evicted first) and finds them through an open-addressing index of ring
 * positions (linear probing, deletion by shifting back): nothing is allocated per challenge, and
 * the arrays grow by doubling up to {@code max}. Guarded by the tracker's lock.
 */
final class RetiredStamps {
  private static final ChallengeTable.Retired[] REASONS = ChallengeTable.Retired.values();
  private static final int FIRST_CAPACITY = 64;

  private final int max;
  private long[] stamps;
  private byte[] reasons;

  /**
   * Index slots: a ring position + 1, or 0 for an empty slot; twice the ring's capacity at least.
   */
  private int[] index;

  private int mask;
  private int oldest;
  private int size;

  RetiredStamps(int max) {
    this.max = max;
    allocate(Math.min(max, FIRST_CAPACITY));
  }

  /** Why {@code stamp} closed, or {@code null} when it is not among the newest {@code max}. */
  ChallengeTable.Retired get(long stamp) {
    int slot = slotOf(stamp);
    return slot < 0 ? null : REASONS[reasons[index[slot] - 1]];
  }

  /**
   * Remembers why {@code stamp} closed. A stamp already remembered keeps its place in the order and
   * takes the new reason.
   */
  void put(long stamp, ChallengeTable.Retired why) {
    int slot = slotOf(stamp);
    if (slot >= 0) {
      reasons[index[slot] - 1] = (byte) why.ordinal();
      return;
    }
    if (size == stamps.length) {
      if (size < max) {
        allocate(Math.min(max, size * 2));
      } else {
        removeSlot(slotOf(stamps[oldest]));
        oldest = next(oldest);
        size--;
      }
    }
    int position = (oldest + size) % stamps.length;
    stamps[position] = stamp;
    reasons[position] = (byte) why.ordinal();
    size++;
    int s = home(stamp);
    while (index[s] != 0) {
      s = (s + 1) & mask;
    }
    index[s] = position + 1;
  }

  int size() {
    return size;
  }

  private int next(int position) {
    return position + 1 == stamps.length ? 0 : position + 1;
  }

  /** The index slot holding {@code stamp}, or -1. */
  private int slotOf(long stamp) {
    for (int s = home(stamp); index[s] != 0; s = (s + 1) & mask) {
      if (stamps[index[s] - 1] == stamp) {
        return s;
      }
    }
    return -1;
  }

  private int home(long stamp) {
    long h = stamp * 0x9E3779B97F4A7C15L;
    return (int) (h >>> 40) & mask;
  }

  /** Empties {@code slot}, moving back the entries of its probe run that may fill it. */
  private void removeSlot(int slot) {
    int hole = slot;
    int s = slot;
    while (true) {
      s = (s + 1) & mask;
      if (index[s] == 0) {
        index[hole] = 0;
        return;
      }
      int h = home(stamps[index[s] - 1]);
      // The entry at s may move to the hole unless its home lies cyclically in (hole, s].
      boolean stays = hole <= s ? hole < h && h <= s : hole < h || h <= s;
      if (!stays) {
        index[hole] = index[s];
        hole = s;
      }
    }
  }

  /**
   * Re-lays the ring from position 0, oldest first, at {@code capacity}, and rebuilds the index.
   */
  private void allocate(int capacity) {
    long[] oldStamps = stamps;
    byte[] oldReasons = reasons;
    stamps = new long[capacity];
    reasons = new byte[capacity];
    int slots = Integer.highestOneBit(Math.max(2, capacity) * 2 - 1) * 2;
    index = new int[slots];
    mask = slots - 1;
    int count = size;
    for (int i = 0; i < count; i++) {
      int from = (oldest + i) % oldStamps.length;
      stamps[i] = oldStamps[from];
      reasons[i] = oldReasons[from];
      int s = home(stamps[i]);
      while (index[s] != 0) {
        s = (s + 1) & mask;
      }
      index[s] = i + 1;
    }
    oldest = 0;
  }
}
