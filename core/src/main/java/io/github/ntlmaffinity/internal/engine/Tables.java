package io.github.ntlmaffinity.internal.engine;

import io.github.ntlmaffinity.ConnectionInfo;
import io.github.ntlmaffinity.internal.config.Settings;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The tracker's tables: connections, challenges, per-client history and node names, each with its
 * cap, and together within the byte budget ({@code maxRetainedBytes}); and their expiry. Guarded by
 * the tracker's lock, except {@link #lookup} and {@link #isEmpty}, which read the connection map
 * without it (so that requests without NTLM take no lock).
 */
public final class Tables implements Correlator.Tables {
  private static final int MAX_OWN_NAMES = 16;
  private static final int MAX_PEER_NAMES = 256;

  private final Settings settings;
  private final CounterSet counters;
  private final ConcurrentHashMap<String, ConnectionState> connections = new ConcurrentHashMap<>();
  private final ArrayDeque<ConnectionState> connectionOrder = new ArrayDeque<>();
  private long connectionBytes;
  private final ChallengeTable challenges;
  private final LinkedHashMap<String, ClientWindow> clientWindows;
  private final Set<String> fallbackClients;
  private final Set<String> ownNames = new LinkedHashSet<>();
  private final Set<String> peerNames = new LinkedHashSet<>();
  private volatile List<String> ownNamesView;
  private boolean issuedTimestamps;
  private long nextSweepMillis;

  Tables(Settings settings, CounterSet counters) {
    this.settings = settings;
    this.counters = counters;
    this.challenges = new ChallengeTable(settings.maxChallenges());
    this.clientWindows = boundedMap(settings.maxConnections());
    this.fallbackClients = Collections.newSetFromMap(boundedMap(settings.maxConnections()));
    for (String name : settings.ntlmNames()) {
      ownNames.add(name.toUpperCase(Locale.ROOT));
    }
    ownNamesView = List.copyOf(settings.ntlmNames());
  }

  // ---- connections --------------------------------------------------------------------------

  /** The tracked connection with {@code key}, or {@code null}; safe without the lock. */
  ConnectionState lookup(String key) {
    return connections.get(key);
  }

  /** Whether no connection is tracked; safe without the lock. */
  boolean isEmpty() {
    return connections.isEmpty();
  }

  /** The connection's state, added (within the caps) when new. */
  ConnectionState connection(ConnectionInfo info, long nowMillis) {
    String key = info.key();
    ConnectionState conn = connections.get(key);
    if (conn != null) {
      return conn;
    }
    conn = new ConnectionState(info, nowMillis);
    connections.put(key, conn);
    connectionBytes += conn.bytes;
    connectionOrder.addLast(conn);
    if (connectionOrder.size() > 2 * settings.maxConnections()) {
      // Closed connections linger in the order until a sweep, and sweeps follow the clock, not
      // the traffic: drop them all at once (amortized O(1)) so the order stays within its cap.
      connectionOrder.removeIf(c -> connections.get(c.key) != c);
    }
    while (connections.size() > settings.maxConnections() && !connectionOrder.isEmpty()) {
      ConnectionState eldest = connectionOrder.pollFirst();
      if (eldest != conn && connections.get(eldest.key) == eldest) {
        // Its challenge stays matchable by timestamp until it expires.
        forget(eldest);
        counters.connectionEvictions.increment();
      } else if (eldest == conn) {
        connectionOrder.addLast(conn);
        break;
      }
    }
    keepWithinBytes(conn);
    return conn;
  }

  /**
   * Drops a connection from the table, and its links to handshakes: a challenge record of another
   * connection may still point at it, and must not keep that connection's handshakes (and theirs)
   * reachable in a chain as long as the traffic.
   */
  void forget(ConnectionState conn) {
    if (connections.remove(conn.key, conn)) {
      connectionBytes -= conn.bytes;
    }
    conn.pending = null;
    conn.current = null;
  }

  // ---- challenges ---------------------------------------------------------------------------

  /** Adds a CHALLENGE this node issued; evicts past the caps. */
  void issued(ChallengeRecord record) {
    if (record.timestamp != null) {
      issuedTimestamps = true;
    }
    for (ChallengeRecord evicted : challenges.add(record)) {
      evicted(evicted);
    }
    keepWithinBytes(record.connection);
  }

  /** Its AUTHENTICATE came: the challenge is answered. */
  void answered(ChallengeRecord record) {
    challenges.close(record);
  }

  /** A challenge evicted from the table: counted; its connection no longer waits for it. */
  private void evicted(ChallengeRecord evicted) {
    counters.challengeEvictions.increment();
    if (evicted.connection.pending == evicted.handshake) {
      evicted.connection.pending = null;
    }
  }

  /**
   * Evicts, past {@code maxRetainedBytes}, the oldest open challenges (all but the newest), then
   * the oldest connections other than {@code keep}, each counted.
   */
  private void keepWithinBytes(ConnectionState keep) {
    long max = settings.maxRetainedBytes();
    ConnectionState kept = null;
    while (challenges.bytes() + connectionBytes > max) {
      if (challenges.size() > 1) {
        evicted(challenges.evictOldest());
        continue;
      }
      ConnectionState eldest = connectionOrder.pollFirst();
      if (eldest == null) {
        break;
      }
      if (eldest == keep) {
        kept = eldest;
      } else if (connections.get(eldest.key) == eldest) {
        forget(eldest);
        counters.connectionEvictions.increment();
      }
    }
    if (kept != null) {
      connectionOrder.addLast(kept);
    }
  }

  // ---- expiry -------------------------------------------------------------------------------

  /** Makes the next {@link #sweep} run whatever the interval. */
  void sweepNow() {
    nextSweepMillis = Long.MIN_VALUE;
  }

  /**
   * At most once per sweep interval: forgets idle connections that wait for nothing, and returns
   * the open challenges older than the challenge timeout (their connections no longer wait), for
   * the tracker to report.
   */
  List<ChallengeRecord> sweep(long nowMillis) {
    if (nowMillis < nextSweepMillis) {
      return List.of();
    }
    nextSweepMillis = nowMillis + settings.sweepInterval().toMillis();
    List<ChallengeRecord> expired =
        challenges.expire(nowMillis - settings.challengeTimeout().toMillis());
    for (ChallengeRecord r : expired) {
      if (r.connection.pending == r.handshake) {
        r.connection.pending = null;
      }
    }
    long idle = settings.connectionIdleTimeout().toMillis();
    Iterator<ConnectionState> it = connectionOrder.iterator();
    while (it.hasNext()) {
      ConnectionState conn = it.next();
      if (connections.get(conn.key) != conn) {
        it.remove();
      } else if (nowMillis - conn.lastSeenMillis > idle && conn.pending == null) {
        forget(conn);
        it.remove();
      }
    }
    return expired;
  }

  // ---- clients ------------------------------------------------------------------------------

  /**
   * Counts one unsuccessful handshake of {@code client} in its current window; returns the count
   * within the window.
   */
  int failed(String client, long nowMillis) {
    ClientWindow w = clientWindows.get(client);
    if (w == null || nowMillis - w.start > settings.repeatedHandshakeWindow().toMillis()) {
      w = new ClientWindow(nowMillis);
      clientWindows.put(client, w);
    }
    return ++w.count;
  }

  /** Whether this is the first Kerberos fallback seen from {@code client} (within the cap). */
  boolean firstFallback(String client) {
    return fallbackClients.add(client);
  }

  // ---- node names ---------------------------------------------------------------------------

  /** Learns this node's names from a CHALLENGE it issued; either may be {@code null}. */
  void learnNames(String nbName, String dnsName) {
    learnName(nbName);
    learnName(dnsName);
  }

  private void learnName(String name) {
    // Known by this spelling (every CHALLENGE after the first): nothing to fold or hash.
    if (name == null || name.isEmpty() || ownNamesView.contains(name)) {
      return;
    }
    if (ownNames.size() < MAX_OWN_NAMES && ownNames.add(name.toUpperCase(Locale.ROOT))) {
      List<String> v = new ArrayList<>(ownNamesView);
      v.add(name);
      ownNamesView = List.copyOf(v);
    }
  }

  /** Learns another node's NTLM name. */
  void learnPeerName(String name) {
    if (name != null && !name.isEmpty() && peerNames.size() < MAX_PEER_NAMES) {
      peerNames.add(name.toUpperCase(Locale.ROOT));
    }
  }

  /** This node's names as first seen; safe without the lock. */
  List<String> ownNames() {
    return ownNamesView;
  }

  // ---- what the correlator reads ------------------------------------------------------------

  @Override
  public ChallengeRecord open(long timestamp, ConnectionState on) {
    return challenges.find(timestamp, on);
  }

  @Override
  public ChallengeTable.Retired retired(long timestamp) {
    return challenges.retired(timestamp);
  }

  @Override
  public Iterable<ChallengeRecord> newestOpen() {
    return challenges.newestOpen();
  }

  @Override
  public boolean isOwnName(String name) {
    return ownNames.contains(name.toUpperCase(Locale.ROOT));
  }

  @Override
  public boolean knowsOwnNames() {
    return !ownNames.isEmpty();
  }

  @Override
  public boolean isPeerName(String name) {
    return peerNames.contains(name.toUpperCase(Locale.ROOT));
  }

  @Override
  public boolean issuedTimestamps() {
    return issuedTimestamps;
  }

  // ---- sizes --------------------------------------------------------------------------------

  /** The estimated bytes the connection and challenge tables retain now. */
  long retainedBytes() {
    return challenges.bytes() + connectionBytes;
  }

  int connections() {
    return connections.size();
  }

  int challenges() {
    return challenges.size();
  }

  private static <K, V> LinkedHashMap<K, V> boundedMap(int max) {
    return new LinkedHashMap<>(16, 0.75f, false) {
      private static final long serialVersionUID = 1L;

      @Override
      protected boolean removeEldestEntry(Map.Entry<K, V> eldest) {
        return size() > max;
      }
    };
  }

  private static final class ClientWindow {
    final long start;
    int count;

    ClientWindow(long start) {
      this.start = start;
    }
  }
}
