package io.github.ntlmaffinity;

import io.github.ntlmaffinity.internal.engine.TrackedExchange;
import io.github.ntlmaffinity.internal.engine.Tracker;
import io.github.ntlmaffinity.wire.ChallengeMessage;
import io.github.ntlmaffinity.wire.DecodeResult;
import io.github.ntlmaffinity.wire.NtlmDecoder;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;

/**
 * The engine fed from anything but a live request: {@link Observation}s of one or more nodes, in
 * the order they happened, become the findings and handshakes each node's filter would have
 * reported for the same traffic, delivered to the sinks with the observations' own times.
 *
 * <pre>{@code
 * List<Finding> findings = new ArrayList<>();
 * Replay replay = Replay.builder()
 *     .settings(Map.of("balancer", "nginx"))
 *     .sink(Sinks.of(findings::add))
 *     .build();
 * observations.forEach(replay::accept);
 * replay.finish();
 * }</pre>
 *
 * <p>Each node gets its own tracker, configured by {@link Builder#settings} (the keys of {@link
 * NtlmAffinity.Builder#configure}) with the node's name. Unlike a node on its own, a replay knows
 * every node's NTLM computer names from the CHALLENGEs they sent, so it recognises an AUTHENTICATE
 * that answers another node's CHALLENGE even on a node that has not issued one yet ({@link
 * Builder#shareNames}); {@link #nodeOfName} says which node a name belongs to. Not thread-safe: one
 * thread feeds it. Never throws for anything an observation contains.
 */
public final class Replay {
  private final Map<String, String> settings;
  private final List<Sink> sinks;
  private final boolean shareNames;
  private final java.util.function.BiFunction<String, NtlmAffinity.Builder, NtlmAffinity.Builder>
      configure;
  private final int maxOpenExchanges;
  private final Map<String, NtlmAffinity> nodes = new LinkedHashMap<>();
  private final Map<String, String> nodeByName = new LinkedHashMap<>();
  private final LinkedHashMap<ExchangeKey, TrackedExchange> open;
  private Instant last;
  private long droppedExchanges;

  private Replay(Builder b) {
    this.settings = Map.copyOf(b.settings);
    this.sinks = List.copyOf(b.sinks);
    this.shareNames = b.shareNames;
    this.configure = b.configure;
    this.maxOpenExchanges = b.maxOpenExchanges;
    this.open =
        new LinkedHashMap<>() {
          private static final long serialVersionUID = 1L;

          @Override
          protected boolean removeEldestEntry(Map.Entry<ExchangeKey, TrackedExchange> eldest) {
            if (size() > maxOpenExchanges) {
              droppedExchanges++;
              return true;
            }
            return false;
          }
        };
  }

  /** A builder with every default. */
  public static Builder builder() {
    return new Builder();
  }

  /** Takes the next observation. */
  public void accept(Observation observation) {
    Objects.requireNonNull(observation, "observation");
    Instant time = observation.time();
    if (last == null || time.isAfter(last)) {
      last = time;
    }
    NtlmAffinity node = node(observation.node());
    Tracker tracker = node.tracker();
    try {
      if (observation instanceof Observation.Request r) {
        TrackedExchange exchange = tracker.begin(new ObservedRequest(r), r.authorization(), time);
        if (exchange.isTracked()) {
          open.put(new ExchangeKey(r.node(), r.exchange()), exchange);
        }
      } else if (observation instanceof Observation.Challenge c) {
        TrackedExchange exchange = open.get(new ExchangeKey(c.node(), c.exchange()));
        challenges(c.node(), List.of(c.wwwAuthenticate()), exchange, time);
      } else if (observation instanceof Observation.Response r) {
        TrackedExchange exchange = open.remove(new ExchangeKey(r.node(), r.exchange()));
        challenges(r.node(), r.wwwAuthenticate(), exchange, time);
        if (exchange != null) {
          exchange.complete(r.status(), r.closes(), time);
        }
      } else if (observation instanceof Observation.Closed c) {
        tracker.closed(c.connectionKey(), time);
      } else if (observation instanceof Observation.Expiry) {
        tracker.expire(time);
      }
    } catch (RuntimeException | StackOverflowError e) {
      tracker.internalError("replay", e);
    }
  }

  /**
   * The observations are over: expires, at the latest observation's time, what has timed out by
   * then. Challenges younger than the challenge timeout stay open: see {@link #openChallenges()}.
   */
  public void finish() {
    if (last != null) {
      finish(last);
    }
  }

  /**
   * The observations are over, and time went on until {@code at} (e.g. the end of the recording, or
   * when the live nodes last expired their tables): expires what has timed out by then.
   */
  public void finish(Instant at) {
    Objects.requireNonNull(at, "at");
    for (NtlmAffinity node : nodes.values()) {
      node.tracker().expire(at);
    }
  }

  /** The nodes seen, in order of their first observation. */
  public List<String> nodes() {
    return List.copyOf(nodes.keySet());
  }

  /** The exact counters of one node, or {@code null} when it was never seen. */
  public Counters counters(String node) {
    NtlmAffinity a = nodes.get(node);
    return a == null ? null : a.counters();
  }

  /** Challenges still waiting for their AUTHENTICATE, over all nodes. */
  public int openChallenges() {
    int n = 0;
    for (NtlmAffinity node : nodes.values()) {
      n += node.trackedChallenges();
    }
    return n;
  }

  /**
   * Requests whose response was never observed and that were dropped to keep memory bounded (see
   * {@link Builder#maxOpenExchanges}).
   */
  public long droppedExchanges() {
    return droppedExchanges;
  }

  /**
   * The node whose CHALLENGEs carried this NTLM computer name (NetBIOS or DNS, any case), or {@code
   * null} when none did.
   */
  public String nodeOfName(String ntlmName) {
    return ntlmName == null ? null : nodeByName.get(ntlmName.toUpperCase(Locale.ROOT));
  }

  /** The NTLM computer names learned from CHALLENGEs, each with its node, in order of learning. */
  public Map<String, String> names() {
    return Collections.unmodifiableMap(nodeByName);
  }

  private NtlmAffinity node(String name) {
    NtlmAffinity node = nodes.get(name);
    if (node == null) {
      NtlmAffinity.Builder b =
          NtlmAffinity.builder()
              .configure(settings)
              .nodeName(name)
              .logRatePerMinute(0)
              .recentFindings(0)
              .recentHandshakes(0)
              .clock(Clock.fixed(last == null ? Instant.EPOCH : last, ZoneOffset.UTC));
      b = configure.apply(name, b);
      sinks.forEach(b::sink);
      node = b.nodeName(name).build();
      nodes.put(name, node);
      if (shareNames) {
        for (String known : nodeByName.keySet()) {
          node.tracker().learnPeerName(known);
        }
      }
    }
    return node;
  }

  /**
   * A response's {@code WWW-Authenticate} values, each decoded once: the names of the CHALLENGEs in
   * them are learnt (when nodes share names), then they go to the exchange they answer, if it wants
   * them.
   */
  private void challenges(
      String node, List<String> wwwAuthenticate, TrackedExchange exchange, Instant time) {
    boolean wanted = exchange != null && exchange.wantsChallenge();
    if (wwwAuthenticate.isEmpty() || !(shareNames || wanted)) {
      return;
    }
    List<List<DecodeResult>> decoded = new ArrayList<>(wwwAuthenticate.size());
    for (String value : wwwAuthenticate) {
      decoded.add(NtlmDecoder.decodeWwwAuthenticate(value));
    }
    if (shareNames) {
      for (List<DecodeResult> results : decoded) {
        for (DecodeResult d : results) {
          if (d instanceof DecodeResult.Ntlm n && n.message() instanceof ChallengeMessage c) {
            learnName(c.targetInfo().nbComputerName(), node);
            learnName(c.targetInfo().dnsComputerName(), node);
          }
        }
      }
    }
    if (wanted) {
      for (List<DecodeResult> results : decoded) {
        exchange.challenge(results, time);
      }
    }
  }

  private void learnName(String name, String node) {
    if (name == null || name.isEmpty() || nodeByName.size() >= 4096) {
      return;
    }
    String key = name.toUpperCase(Locale.ROOT);
    if (nodeByName.putIfAbsent(key, node) == null) {
      for (Map.Entry<String, NtlmAffinity> e : nodes.entrySet()) {
        if (!e.getKey().equals(node)) {
          e.getValue().tracker().learnPeerName(key);
        }
      }
    }
  }

  private record ExchangeKey(String node, long exchange) {}

  /** An observed request as the tracker asks for it. */
  private static final class ObservedRequest implements ExchangeRequest {
    private final Observation.Request r;

    ObservedRequest(Observation.Request r) {
      this.r = r;
    }

    @Override
    public String header(String name) {
      if (name.equalsIgnoreCase("Forwarded")) {
        return r.forwarded();
      }
      if (name.equalsIgnoreCase("X-Forwarded-For")) {
        return r.xForwardedFor();
      }
      return null;
    }

    @Override
    public ConnectionInfo connection() {
      return r.connection();
    }

    @Override
    public String cookie(String name) {
      return r.cookies().get(name);
    }
  }

  /** Configures a {@link Replay}. */
  public static final class Builder {
    private final Map<String, String> settings = new LinkedHashMap<>();
    private final List<Sink> sinks = new ArrayList<>();
    private boolean shareNames = true;
    private int maxOpenExchanges = 100_000;
    private java.util.function.BiFunction<String, NtlmAffinity.Builder, NtlmAffinity.Builder>
        configure = (node, b) -> b;

    private Builder() {}

    /**
     * Settings for every node's tracker, as text: the keys of {@link
     * NtlmAffinity.Builder#configure} ({@code balancer}, {@code trustedProxies}, {@code
     * challengeTimeout}, ...). {@code nodeName} is each node's own and is ignored here.
     *
     * @throws IllegalArgumentException naming the key whose value is bad
     */
    public Builder settings(Map<String, String> settings) {
      Map<String, String> copy = new LinkedHashMap<>(settings);
      copy.remove("nodeName");
      NtlmAffinity.builder().configure(copy);
      this.settings.putAll(copy);
      return this;
    }

    /**
     * Configures each node's tracker in code, after {@link #settings}: called with the node's name
     * and its builder (e.g. to give each node the trusted proxies its filter had). The node keeps
     * its name and the replay's sinks.
     */
    public Builder configure(
        java.util.function.BiFunction<String, NtlmAffinity.Builder, NtlmAffinity.Builder> perNode) {
      this.configure = Objects.requireNonNull(perNode, "perNode");
      return this;
    }

    /** Adds a sink for every node's findings and handshake updates. */
    public Builder sink(Sink sink) {
      this.sinks.add(Objects.requireNonNull(sink, "sink"));
      return this;
    }

    /**
     * Whether nodes learn each other's NTLM names from the CHALLENGEs observed (default on). Off,
     * each node decides exactly as its own filter would, knowing only itself.
     */
    public Builder shareNames(boolean share) {
      this.shareNames = share;
      return this;
    }

    /**
     * The most requests kept waiting for their response (default 100,000); the oldest are dropped
     * past it and counted ({@link Replay#droppedExchanges()}).
     */
    public Builder maxOpenExchanges(int max) {
      if (max <= 0) {
        throw new IllegalArgumentException("maxOpenExchanges must be positive, was " + max);
      }
      this.maxOpenExchanges = max;
      return this;
    }

    public Replay build() {
      return new Replay(this);
    }
  }
}
