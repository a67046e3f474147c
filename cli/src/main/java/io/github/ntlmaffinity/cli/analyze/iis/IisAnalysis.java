package io.github.ntlmaffinity.cli.analyze.iis;

import io.github.ntlmaffinity.Balancer;
import io.github.ntlmaffinity.FindingType;
import io.github.ntlmaffinity.cli.analyze.iis.IisFinding.Certainty;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Supplier;

/**
 * Reconstructs NTLM handshakes from the lines of several servers' IIS logs, fed in time order, and
 * says what broke and how sure that is. The logs hold no token, so a line is tied to a handshake by
 * what it does show: the client (its {@code X-Forwarded-For} when logged, else {@code c-ip}, which
 * behind a balancer is the balancer), the user agent, the URI and a time window; with the
 * balancer's port logged ({@code REMOTE_PORT} or {@code c-port}) the backend connection of each
 * line is known exactly. Memory is bounded by the number of recent clients and connections kept.
 * Internal, not API.
 */
final class IisAnalysis {
  static final int MAX_FINDINGS_KEPT = 1_000;
  private static final int MAX_KEYS = 50_000;
  private static final int MAX_BATCH = 100_000;

  private final Duration window;
  private final Balancer balancer;
  private final int loopThreshold;
  private final Duration loopWindow;

  private final PendingChallenges pending;

  private final Map<String, Conn> connections = lru(MAX_KEYS);
  private final Map<String, Loop> loops = lru(MAX_KEYS);
  private final Map<String, ServerStats> servers = new LinkedHashMap<>();
  private final Map<FindingType, Long> counts = new EnumMap<>(FindingType.class);
  private final List<IisFinding> findings = new ArrayList<>();
  private final List<IisEntry> batch = new ArrayList<>();
  private long entries;
  private Instant first;
  private Instant last;

  IisAnalysis(Duration window, Balancer balancer, int loopThreshold, Duration loopWindow) {
    this.window = window;
    this.balancer = balancer;
    this.loopThreshold = loopThreshold;
    this.loopWindow = loopWindow;
    this.pending = new PendingChallenges(window);
  }

  /**
   * Takes the next line, in time order across all servers. IIS logs whole seconds, and the order of
   * two servers' lines within one second is unknown: the lines of a second are held (bounded) and
   * judged together, so an AUTHENTICATE refused on one server can be tied to a CHALLENGE another
   * server logged in the same second.
   */
  void accept(IisEntry e) {
    if (!batch.isEmpty() && (!batch.get(0).time().equals(e.time()) || batch.size() >= MAX_BATCH)) {
      flush();
    }
    batch.add(e);
  }

  private void flush() {
    for (IisEntry e : batch) {
      remember(e);
    }
    for (IisEntry e : batch) {
      judge(e);
    }
    batch.clear();
  }

  /** First pass: counts, connections, and the 401s that may start a handshake. */
  private void remember(IisEntry e) {
    entries++;
    if (first == null) {
      first = e.time();
    }
    if (last == null || e.time().isAfter(last)) {
      last = e.time();
    }
    IisCode code = IisCode.of(e);
    servers.computeIfAbsent(e.server(), ServerStats::new).count(code, e);
    if (e.reason() != null) {
      closed(e);
      return;
    }
    if (e.connection() != null) {
      onConnection(connection(e), e, code);
    }
    if (code == IisCode.ANONYMOUS_CHALLENGE || code == IisCode.NTLM_CHALLENGE) {
      pending.add(key(e), e, code);
    }
  }

  /** Second pass: refused AUTHENTICATEs, successes, loops. */
  private void judge(IisEntry e) {
    if (e.reason() != null) {
      return;
    }
    IisCode code = IisCode.of(e);
    String key = key(e);
    switch (code) {
      case INVALID_TOKEN, LOGON_DENIED -> refused(key, e, code);
      case AUTHENTICATED -> {
        pending.answered(key, e);
        loops.remove(key);
      }
      default -> {}
    }
    if (code.isFailure()) {
      failure(key, e);
    }
  }

  /**
   * The lines are over: a challenge still waiting on a logged connection, older than the window
   * when the logs end, was abandoned (a younger one may have been answered after the logs end).
   */
  void finish() {
    if (!batch.isEmpty()) {
      flush();
    }
    for (Conn c : connections.values()) {
      if (c.pending != null && c.pending.time().plus(window).isBefore(last)) {
        abandoned(c.pending, "no AUTHENTICATE followed on it until the logs end (" + last + ")");
        c.pending = null;
      }
    }
    findings.sort(java.util.Comparator.comparing(IisFinding::time));
  }

  long entries() {
    return entries;
  }

  Instant first() {
    return first;
  }

  Instant last() {
    return last;
  }

  Map<String, ServerStats> servers() {
    return servers;
  }

  Map<FindingType, Long> counts() {
    return counts;
  }

  /** The findings kept, in time order (the first {@value #MAX_FINDINGS_KEPT}). */
  List<IisFinding> findings() {
    return findings;
  }

  /**
   * An AUTHENTICATE refused: with SEC_E_INVALID_TOKEN (no context for it) or SEC_E_LOGON_DENIED
   * (which is also what a connection holding another handshake's context answers). A logon denied
   * on the CHALLENGE's own connection, or with no CHALLENGE to pair, is a plain failed logon.
   */
  private void refused(String key, IisEntry e, IisCode code) {
    ServerStats stats = servers.get(e.server());
    PendingChallenges.Leg ch = pending.take(key, e);
    boolean denied = code == IisCode.LOGON_DENIED;
    if (denied
        && (ch == null
            || (ch.entry().server().equals(e.server())
                && (e.connection() == null
                    || Objects.equals(e.connection(), ch.entry().connection()))))) {
      return;
    }
    String name = denied ? "SEC_E_LOGON_DENIED" : "SEC_E_INVALID_TOKEN";
    if (ch == null) {
      add(
          FindingType.UNMATCHED_AUTHENTICATE,
          e,
          null,
          null,
          Certainty.INFERRED,
          () -> IisWording.unmatched(e, name, window),
          e);
      return;
    }
    if (!ch.entry().server().equals(e.server())) {
      stats.splitsHere++;
      add(
          FindingType.HANDSHAKE_SPLIT_ACROSS_NODES,
          e,
          ch.entry().server(),
          ch.entry().connection(),
          Certainty.INFERRED,
          () -> IisWording.splitNodes(e, ch, name),
          ch.entry(),
          e);
      return;
    }
    String here = e.connection();
    String there = ch.entry().connection();
    if (here != null && there != null && here.equals(there)) {
      add(
          FindingType.UNMATCHED_AUTHENTICATE,
          e,
          null,
          there,
          Certainty.CONNECTIONS_EXACT,
          () -> IisWording.sameConnection(e, ch, name),
          ch.entry(),
          e);
      return;
    }
    stats.splitsHere++;
    boolean exact = here != null && there != null;
    add(
        FindingType.HANDSHAKE_SPLIT_ACROSS_CONNECTIONS,
        e,
        null,
        there,
        exact ? Certainty.CONNECTIONS_EXACT : Certainty.INFERRED,
        () -> IisWording.splitConnections(e, ch, name, exact),
        ch.entry(),
        e);
  }

  private void failure(String key, IisEntry e) {
    long now = e.time().toEpochMilli();
    Loop loop = loops.get(key);
    if (loop == null || now - loop.start > loopWindow.toMillis()) {
      loop = new Loop(now);
      loops.put(key, loop);
    }
    loop.count++;
    if (loop.count == loopThreshold) {
      add(
          FindingType.REPEATED_HANDSHAKES,
          e,
          null,
          null,
          Certainty.INFERRED,
          () -> IisWording.loop(e, loopThreshold, loopWindow),
          e);
    }
  }

  private void onConnection(Conn c, IisEntry e, IisCode code) {
    if (c.pending != null
        && code != IisCode.NTLM_CHALLENGE
        && !code.isFailure()
        && code != IisCode.AUTHENTICATED) {
      abandoned(c.pending, "the next request on it (" + e.where() + ") carried no AUTHENTICATE");
    }
    c.pending = code == IisCode.NTLM_CHALLENGE ? e : null;
    String client = e.forwardedFor();
    if (c.authenticatedClient != null && client != null && !client.equals(c.authenticatedClient)) {
      String previous = c.authenticatedClient;
      add(
          FindingType.CONNECTION_SHARED_BY_CLIENTS,
          e,
          null,
          null,
          Certainty.EXACT,
          () -> IisWording.shared(e, previous, client),
          c.authenticatedAt,
          e);
      c.authenticatedClient = null;
    }
    if (code == IisCode.AUTHENTICATED && client != null) {
      c.authenticatedClient = client;
      c.authenticatedAt = e;
    }
  }

  private void abandoned(IisEntry challenge, String why) {
    add(
        FindingType.CHALLENGE_ABANDONED,
        challenge,
        null,
        null,
        Certainty.EXACT,
        () -> IisWording.abandoned(challenge, why),
        challenge);
  }

  private void closed(IisEntry e) {
    Conn c = e.connection() == null ? null : connections.remove(e.server() + "|" + e.connection());
    if (c != null && c.pending != null) {
      abandoned(
          c.pending, "HTTP.sys closed the connection (" + e.reason() + ", " + e.where() + ")");
    }
  }

  private Conn connection(IisEntry e) {
    return connections.computeIfAbsent(e.server() + "|" + e.connection(), k -> new Conn());
  }

  private void add(
      FindingType type,
      IisEntry e,
      String otherServer,
      String otherConnection,
      Certainty certainty,
      Supplier<String> explanation,
      IisEntry... lines) {
    counts.merge(type, 1L, Long::sum);
    if (findings.size() < MAX_FINDINGS_KEPT) {
      findings.add(
          new IisFinding(
              type,
              e.time(),
              e.server(),
              otherServer,
              IisWording.describe(e),
              e.connection(),
              otherConnection,
              certainty,
              explanation.get(),
              type.advice(balancer),
              Arrays.stream(lines).map(IisEntry::where).toList(),
              List.of(lines)));
    }
  }

  private static String key(IisEntry e) {
    return e.client() + "|" + (e.userAgent() == null ? "" : e.userAgent());
  }

  static <V> Map<String, V> lru(int max) {
    return new LinkedHashMap<>(16, 0.75f, true) {
      private static final long serialVersionUID = 1L;

      @Override
      protected boolean removeEldestEntry(Map.Entry<String, V> eldest) {
        return size() > max;
      }
    };
  }

  /** What one logged backend connection is waiting for. */
  private static final class Conn {
    IisEntry pending;
    String authenticatedClient;
    IisEntry authenticatedAt;
  }

  /** A client's run of refused logins. */
  private static final class Loop {
    final long start;
    int count;

    Loop(long start) {
      this.start = start;
    }
  }
}
