package io.github.ntlmaffinity.servlet;

import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What the probe endpoint remembers, per backend connection token: the CHALLENGE waiting for its
 * AUTHENTICATE, and the connections that logged in. Bounded: at most {@value #MAX_ENTRIES} entries
 * in each map, each of a fixed size (a 16-character token, an 8-byte challenge, two longs), so
 * under 1 MiB in all; the oldest go first, and entries expire. Internal, not API.
 */
final class ProbeTable {
  static final int MAX_ENTRIES = 1_024;
  static final long CHALLENGE_MILLIS = 120_000;
  static final long LOGIN_MILLIS = 600_000;

  private final Map<String, Pending> pending = new LinkedHashMap<>();
  private final Map<String, Long> loggedIn = new LinkedHashMap<>();

  /** Records the CHALLENGE issued on {@code token}; a new handshake ends the connection's login. */
  synchronized void challenged(String token, byte[] serverChallenge, long filetime, long now) {
    expire(now);
    loggedIn.remove(token);
    pending.remove(token);
    pending.put(token, new Pending(serverChallenge.clone(), filetime, now));
    trim(pending);
  }

  /** The CHALLENGE waiting on {@code token}, or {@code null}. */
  synchronized Pending pending(String token, long now) {
    expire(now);
    return pending.get(token);
  }

  /** The token of the connection whose waiting CHALLENGE has {@code filetime}, or {@code null}. */
  synchronized String issuedOn(long filetime) {
    for (Map.Entry<String, Pending> e : pending.entrySet()) {
      if (e.getValue().filetime() == filetime) {
        return e.getKey();
      }
    }
    return null;
  }

  /** {@code token} logged in: its CHALLENGE is used up. */
  synchronized void loggedIn(String token, long now) {
    pending.remove(token);
    loggedIn.remove(token);
    loggedIn.put(token, now);
    trim(loggedIn);
  }

  synchronized boolean isLoggedIn(String token, long now) {
    expire(now);
    return loggedIn.containsKey(token);
  }

  synchronized int size() {
    return pending.size() + loggedIn.size();
  }

  private void expire(long now) {
    for (Iterator<Pending> it = pending.values().iterator(); it.hasNext(); ) {
      if (now - it.next().issuedMillis() <= CHALLENGE_MILLIS) {
        break;
      }
      it.remove();
    }
    for (Iterator<Long> it = loggedIn.values().iterator(); it.hasNext(); ) {
      if (now - it.next() <= LOGIN_MILLIS) {
        break;
      }
      it.remove();
    }
  }

  private static void trim(Map<String, ?> map) {
    Iterator<String> it = map.keySet().iterator();
    while (map.size() > MAX_ENTRIES && it.hasNext()) {
      it.next();
      it.remove();
    }
  }

  /** A CHALLENGE waiting for its AUTHENTICATE. */
  record Pending(byte[] serverChallenge, long filetime, long issuedMillis) {}
}
