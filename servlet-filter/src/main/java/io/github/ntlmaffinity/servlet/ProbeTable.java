package io.github.ntlmaffinity.servlet;

import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What the probe endpoint remembers, per backend connection token: the CHALLENGE waiting for its
 * AUTHENTICATE, and the logins on the connection (how many, and whether it is logged in now).
 * Bounded: at most {@value #MAX_ENTRIES} entries in each map, each of a fixed size (a 16-character
 * token, an 8-byte challenge or a count, two longs), so under 1 MiB in all; the oldest go first,
 * and entries expire. Internal, not API.
 */
final class ProbeTable {
  static final int MAX_ENTRIES = 1_024;
  static final long CHALLENGE_MILLIS = 120_000;
  static final long LOGIN_MILLIS = 600_000;

  private final Map<String, Pending> pending = new LinkedHashMap<>();
  private final Map<String, Login> logins = new LinkedHashMap<>();

  /** Records the CHALLENGE issued on {@code token}; a new handshake ends the connection's login. */
  synchronized void challenged(String token, byte[] serverChallenge, long filetime, long now) {
    expire(now);
    Login login = logins.get(token);
    if (login != null) {
      logins.put(token, new Login(login.lastMillis(), login.count(), false));
    }
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
    Login before = logins.remove(token);
    logins.put(token, new Login(now, before == null ? 1 : before.count() + 1, true));
    trim(logins);
  }

  /** Whether {@code token} logged in, and no NEGOTIATE came since. */
  synchronized boolean isLoggedIn(String token, long now) {
    expire(now);
    Login login = logins.get(token);
    return login != null && login.current();
  }

  /** Logins on {@code token} so far (within the expiry). */
  synchronized int loginsOn(String token) {
    Login login = logins.get(token);
    return login == null ? 0 : login.count();
  }

  synchronized int size() {
    return pending.size() + logins.size();
  }

  private void expire(long now) {
    for (Iterator<Pending> it = pending.values().iterator(); it.hasNext(); ) {
      if (now - it.next().issuedMillis() <= CHALLENGE_MILLIS) {
        break;
      }
      it.remove();
    }
    for (Iterator<Login> it = logins.values().iterator(); it.hasNext(); ) {
      if (now - it.next().lastMillis() <= LOGIN_MILLIS) {
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

  /** The logins on one backend connection: the last one's time, how many, whether still on. */
  record Login(long lastMillis, int count, boolean current) {}

  /** A CHALLENGE waiting for its AUTHENTICATE. */
  record Pending(byte[] serverChallenge, long filetime, long issuedMillis) {}
}
