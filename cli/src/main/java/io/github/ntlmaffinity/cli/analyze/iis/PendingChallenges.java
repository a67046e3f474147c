package io.github.ntlmaffinity.cli.analyze.iis;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Iterator;
import java.util.Map;
import java.util.Objects;

/**
 * The 401s still waiting for their AUTHENTICATE, by client key, with the pairing rules of IIS logs.
 * Bounded: at most {@value #MAX_PER_KEY} per client, {@value #MAX_LEGS} in all and {@value
 * #MAX_KEYS} clients; the least recently used client's go first. Internal, not API.
 */
final class PendingChallenges {
  static final int MAX_PER_KEY = 64;
  static final int MAX_LEGS = 200_000;
  static final int MAX_KEYS = 50_000;

  private final Duration window;
  private final Map<String, ArrayDeque<Leg>> challenges = IisAnalysis.lru(Integer.MAX_VALUE);
  private long held;

  PendingChallenges(Duration window) {
    this.window = window;
  }

  /** Remembers a 401 that may start or continue a handshake. */
  void add(String key, IisEntry e, IisCode code) {
    ArrayDeque<Leg> legs = challenges.computeIfAbsent(key, k -> new ArrayDeque<>());
    if (legs.size() == MAX_PER_KEY) {
      legs.pollFirst();
      held--;
    }
    legs.addLast(new Leg(e, code));
    held++;
    while ((held > MAX_LEGS || challenges.size() > MAX_KEYS) && !challenges.isEmpty()) {
      Iterator<ArrayDeque<Leg>> eldest = challenges.values().iterator();
      held -= eldest.next().size();
      eldest.remove();
    }
  }

  /**
   * The challenge this line answers: the oldest NTLM CHALLENGE for the same client and URI that is
   * still unanswered, within the window and not after this line, else the oldest such anonymous
   * 401. Oldest first, because one client's handshakes follow each other: when several fall into
   * one logged second, the first refusal answers the first CHALLENGE. It, and the anonymous 401s
   * before it, are used up; what fell out of the window is dropped.
   */
  Leg take(String key, IisEntry e) {
    ArrayDeque<Leg> legs = challenges.get(key);
    if (legs == null) {
      return null;
    }
    Instant from = e.time().minus(window);
    while (!legs.isEmpty() && legs.peekFirst().entry.time().isBefore(from)) {
      legs.pollFirst();
      held--;
    }
    Leg best = null;
    Leg anonymous = null;
    Leg sameConnection = null;
    for (Leg l : legs) {
      if (!Objects.equals(l.entry.uri(), e.uri()) || !before(l.entry, e)) {
        continue;
      }
      // IIS had the context on the CHALLENGE's own connection: a refusal there most likely
      // answers another CHALLENGE, so such a candidate is the last resort.
      if (e.connection() != null
          && e.connection().equals(l.entry.connection())
          && l.entry.server().equals(e.server())) {
        if (sameConnection == null) {
          sameConnection = l;
        }
        continue;
      }
      if (l.code == IisCode.NTLM_CHALLENGE) {
        best = l;
        break;
      }
      if (anonymous == null) {
        anonymous = l;
      }
    }
    if (best == null) {
      best = anonymous;
    }
    if (best == null) {
      // Not used up: a CHALLENGE on the refusing connection itself most likely belongs to an
      // AUTHENTICATE that went elsewhere, whose refusal may still come.
      return sameConnection;
    }
    for (Iterator<Leg> it = legs.iterator(); it.hasNext(); ) {
      Leg l = it.next();
      if (l == best) {
        it.remove();
        held--;
        break;
      }
      if (l.code == IisCode.ANONYMOUS_CHALLENGE && Objects.equals(l.entry.uri(), e.uri())) {
        it.remove();
        held--;
      }
    }
    return best;
  }

  /**
   * A successful request ends one handshake: the latest CHALLENGE this server sent the client
   * before it (on the same connection when logged) is answered, with the anonymous 401s before it.
   * Other CHALLENGEs stay: within one logged second they may belong to other handshakes.
   */
  void answered(String key, IisEntry e) {
    ArrayDeque<Leg> legs = challenges.get(key);
    if (legs != null) {
      Leg answered = null;
      for (Iterator<Leg> it = legs.descendingIterator(); it.hasNext(); ) {
        Leg l = it.next();
        if (l.code == IisCode.NTLM_CHALLENGE
            && l.entry.server().equals(e.server())
            && Objects.equals(l.entry.uri(), e.uri())
            && (e.connection() == null || e.connection().equals(l.entry.connection()))
            && before(l.entry, e)) {
          answered = l;
          break;
        }
      }
      for (Iterator<Leg> it = legs.iterator(); it.hasNext(); ) {
        Leg l = it.next();
        if (l == answered) {
          it.remove();
          held--;
          break;
        }
        if (l.code == IisCode.ANONYMOUS_CHALLENGE
            && l.entry.server().equals(e.server())
            && before(l.entry, e)) {
          it.remove();
          held--;
        }
      }
    }
  }

  /**
   * Whether line {@code a} can have come before line {@code b}: an earlier second, or the same
   * second on another server (their order within a second is unknown), or an earlier line of the
   * same file.
   */
  private static boolean before(IisEntry a, IisEntry b) {
    int c = a.time().compareTo(b.time());
    if (c != 0) {
      return c < 0;
    }
    if (!a.server().equals(b.server())) {
      return true;
    }
    return !a.file().equals(b.file()) || a.line() < b.line();
  }

  /** A 401 that started or continued a handshake. */
  record Leg(IisEntry entry, IisCode code) {}
}
