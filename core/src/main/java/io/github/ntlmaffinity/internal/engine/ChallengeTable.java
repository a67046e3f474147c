package io.github.ntlmaffinity.internal.engine;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The CHALLENGEs this node sent and has not seen answered, by MsvAvTimestamp, oldest first. Capped
 * and expired; guarded by the tracker's lock.
 */
public final class ChallengeTable {
  private final Map<Long, ChallengeRecord> byTimestamp = new HashMap<>();
  private final ArrayDeque<ChallengeRecord> order = new ArrayDeque<>();
  private final int max;
  private int open;
  private long bytes;

  /**
   * Timestamps of challenges no longer open, with why, the newest {@code max} of them: so that an
   * AUTHENTICATE answering one is reported for what it is (a repeat, or a challenge dropped to stay
   * within the cap) rather than as a challenge this node never issued. Nine bytes each and a few
   * index slots.
   */
  private final RetiredStamps retired;

  /** Why a challenge is no longer open. */
  enum Retired {
    ANSWERED,
    EVICTED,
    EXPIRED
  }

  ChallengeTable(int max) {
    this.max = max;
    this.retired = new RetiredStamps(max);
  }

  /** How many of the newest records {@link #newestOpen()} looks at. */
  static final int SCAN_LIMIT = 256;

  /** The open challenges among the newest {@value #SCAN_LIMIT} records, newest first. */
  List<ChallengeRecord> newestOpen() {
    List<ChallengeRecord> open = new ArrayList<>();
    java.util.Iterator<ChallengeRecord> it = order.descendingIterator();
    for (int i = 0; i < SCAN_LIMIT && it.hasNext(); i++) {
      ChallengeRecord r = it.next();
      if (r.open) {
        open.add(r);
      }
    }
    return open;
  }

  /** Why the challenge stamped {@code timestamp} closed, or {@code null} when not remembered. */
  Retired retired(long timestamp) {
    return retired.get(timestamp);
  }

  /** Adds an open challenge; returns the open challenges evicted to stay within the cap. */
  List<ChallengeRecord> add(ChallengeRecord record) {
    if (record.timestamp != null) {
      record.sameTimestamp = byTimestamp.put(record.timestamp, record);
    }
    // Answered records at the head are done with: drop them now. Challenges are mostly answered
    // in the order they were issued, so the queue stays near the open ones, rather than holding up
    // to twice the cap of answered records that keep their handshakes and connections reachable.
    while (!order.isEmpty() && !order.peekFirst().open) {
      order.pollFirst();
    }
    order.addLast(record);
    open++;
    bytes += record.bytes;
    if (order.size() > 2 * max) {
      // Answered records linger in the queue until they reach its head. Drop them all at once
      // (amortized O(1): the queue then holds at most max + 1) rather than evict open ones early.
      order.removeIf(r -> !r.open);
    }
    List<ChallengeRecord> evicted = List.of();
    while (open > max) {
      ChallengeRecord head = order.pollFirst();
      if (head.open) {
        close(head, Retired.EVICTED);
        if (evicted.isEmpty()) {
          evicted = new ArrayList<>(1);
        }
        evicted.add(head);
      }
    }
    return evicted;
  }

  /**
   * The open challenge stamped {@code timestamp}: the one on {@code connection} if there is one,
   * else the newest.
   */
  ChallengeRecord find(long timestamp, ConnectionState connection) {
    ChallengeRecord first = byTimestamp.get(timestamp);
    for (ChallengeRecord r = first; r != null; r = r.sameTimestamp) {
      if (r.connection == connection) {
        return r;
      }
    }
    return first;
  }

  /** Marks a challenge answered: it no longer matches anything. */
  void close(ChallengeRecord record) {
    close(record, Retired.ANSWERED);
  }

  private void close(ChallengeRecord record, Retired why) {
    if (!record.open) {
      return;
    }
    record.open = false;
    open--;
    bytes -= record.bytes;
    if (record.timestamp == null) {
      return;
    }
    retired.put(record.timestamp, why);
    ChallengeRecord first = byTimestamp.get(record.timestamp);
    if (first == record) {
      if (record.sameTimestamp == null) {
        byTimestamp.remove(record.timestamp);
      } else {
        byTimestamp.put(record.timestamp, record.sameTimestamp);
      }
    } else {
      for (ChallengeRecord r = first; r != null; r = r.sameTimestamp) {
        if (r.sameTimestamp == record) {
          r.sameTimestamp = record.sameTimestamp;
          break;
        }
      }
    }
    // A closed record lives on in its handshake: it must not keep the open ones reachable.
    record.sameTimestamp = null;
  }

  /** Closes and returns the open challenges issued before {@code cutoffMillis}. */
  List<ChallengeRecord> expire(long cutoffMillis) {
    List<ChallengeRecord> expired = List.of();
    while (!order.isEmpty() && order.peekFirst().issuedMillis < cutoffMillis) {
      ChallengeRecord head = order.pollFirst();
      if (head.open) {
        close(head, Retired.EXPIRED);
        if (expired.isEmpty()) {
          expired = new ArrayList<>();
        }
        expired.add(head);
      }
    }
    return expired;
  }

  /** The estimated bytes the open challenges' handshakes retain. */
  long bytes() {
    return bytes;
  }

  /** Evicts the oldest open challenge, or returns {@code null} when none is open. */
  ChallengeRecord evictOldest() {
    while (!order.isEmpty()) {
      ChallengeRecord head = order.pollFirst();
      if (head.open) {
        close(head, Retired.EVICTED);
        return head;
      }
    }
    return null;
  }

  /** Open challenges. */
  int size() {
    return open;
  }

  /** Records in the queue, answered ones that have not reached its head included. */
  int queued() {
    return order.size();
  }
}
