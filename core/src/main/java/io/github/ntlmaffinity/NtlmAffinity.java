package io.github.ntlmaffinity;

import io.github.ntlmaffinity.internal.AddressRanges;
import io.github.ntlmaffinity.internal.OnceLogger;
import io.github.ntlmaffinity.internal.config.Settings;
import io.github.ntlmaffinity.internal.config.TextSettings;
import io.github.ntlmaffinity.internal.engine.Recorder;
import io.github.ntlmaffinity.internal.engine.StoredNames;
import io.github.ntlmaffinity.internal.engine.TrackedExchange;
import io.github.ntlmaffinity.internal.engine.Tracker;
import io.github.ntlmaffinity.internal.publish.RecentBuffer;
import io.github.ntlmaffinity.internal.publish.Slf4jSink;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The entry point: watches NTLM handshakes and says which ones a load balancer broke.
 *
 * <pre>{@code
 * NtlmAffinity affinity = NtlmAffinity.builder()
 *     .nodeName("node-a")
 *     .trustedProxies("10.0.0.0/8")
 *     .balancer(Balancer.HAPROXY)
 *     .build();
 *
 * Exchange exchange = affinity.begin(request);     // per HTTP request
 * exchange.challenge(wwwAuthenticateValue);        // as the 401 is written
 * exchange.complete(status, closesConnection);     // when the response is done
 *
 * DiagnosticsSnapshot snapshot = affinity.snapshot();
 * }</pre>
 *
 * <p>Thread-safe. Memory is bounded by the configured caps whatever the traffic. No method throws
 * for anything a request contains; internal failures are counted and logged once per kind.
 */
public final class NtlmAffinity {
  private static final Logger log = LoggerFactory.getLogger(NtlmAffinity.class);

  private final Settings settings;
  private final boolean enabled;
  private final Clock clock;
  private final Instant startedAt;
  private final RecentBuffer recent;
  private final Tracker tracker;
  private final Recorder recorder;
  private final List<String> configurationErrors;
  private final OnceLogger failures = new OnceLogger(log);

  private NtlmAffinity(Builder b) {
    this.settings = b.settings();
    this.enabled = b.enabled;
    this.configurationErrors = List.copyOf(b.configurationErrors);
    this.clock = b.clock;
    this.startedAt = clock.instant();
    this.recent = new RecentBuffer(settings.recentFindings(), settings.recentHandshakes());
    List<Sink> sinks = new ArrayList<>();
    sinks.add(recent);
    if (b.logRatePerMinute > 0) {
      sinks.add(new Slf4jSink(b.logRatePerMinute, clock));
    }
    sinks.addAll(b.sinks);
    this.tracker = new Tracker(settings, clock, List.copyOf(sinks), failures);
    this.recorder =
        b.observer == null
            ? null
            : new Recorder(settings.nodeName(), clock, b.observer, settings.affinityCookies());
  }

  /** A tracker with every default; see {@link Builder}. */
  public static NtlmAffinity create() {
    return builder().build();
  }

  /** A builder with every default. */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * Observes a request. Requests without NTLM or Negotiate cost one header look-up (and one table
   * look-up when their connection carried NTLM before). Never throws.
   */
  public Exchange begin(ExchangeRequest request) {
    if (!enabled) {
      return TrackedExchange.NONE;
    }
    try {
      return recorder == null ? tracker.begin(request) : recorder.begin(tracker, request);
    } catch (RuntimeException | StackOverflowError e) {
      tracker.internalError("begin", e);
      return TrackedExchange.NONE;
    }
  }

  /**
   * The container closed a connection (e.g. from Jetty's {@code Connection.Listener}): a CHALLENGE
   * still waiting on it is abandoned now rather than at its timeout.
   *
   * @param connectionKey {@link ConnectionInfo#key()} of the connection
   */
  public void connectionClosed(String connectionKey) {
    if (!enabled || connectionKey == null) {
      return;
    }
    try {
      if (recorder == null) {
        tracker.closed(connectionKey, null);
      } else {
        synchronized (recorder.lock()) {
          tracker.closed(connectionKey, recorder.closed(connectionKey));
        }
      }
    } catch (RuntimeException | StackOverflowError e) {
      tracker.internalError("connectionClosed", e);
    }
  }

  /**
   * Expires challenges and connections past their timeouts now. Traffic does this as it goes; call
   * it from a scheduler to report abandoned challenges on a quiet node promptly.
   */
  public void expire() {
    if (!enabled) {
      return;
    }
    try {
      if (recorder == null) {
        tracker.expire(null);
      } else {
        synchronized (recorder.lock()) {
          tracker.expire(recorder.expired());
        }
      }
    } catch (RuntimeException | StackOverflowError e) {
      tracker.internalError("expire", e);
    }
  }

  /** The counters now: exact, cheap to take. */
  public Counters counters() {
    return tracker.counters.snapshot();
  }

  /**
   * Connections in the table now: {@link DiagnosticsSnapshot#trackedConnections()} without taking a
   * snapshot (e.g. for a gauge).
   */
  public int trackedConnections() {
    return tracker.trackedConnections();
  }

  /**
   * Open challenges in the table now: {@link DiagnosticsSnapshot#trackedChallenges()} without
   * taking a snapshot (e.g. for a gauge).
   */
  public int trackedChallenges() {
    return tracker.trackedChallenges();
  }

  /** Everything the diagnostics view shows. */
  public DiagnosticsSnapshot snapshot() {
    return new DiagnosticsSnapshot(
        settings.nodeName(),
        tracker.ownNames(),
        settings.balancer(),
        enabled,
        startedAt,
        clock.instant(),
        counters(),
        trackedConnections(),
        trackedChallenges(),
        recent.findings(),
        recent.handshakes(),
        configurationErrors,
        tracker.sequence(),
        recent.droppedUpTo(),
        0);
  }

  /** The tracker behind it, for {@link Replay}, which feeds it observations with their times. */
  Tracker tracker() {
    return tracker;
  }

  /** This node's configured name. */
  public String nodeName() {
    return settings.nodeName();
  }

  /** Whether tracking is on. */
  public boolean isEnabled() {
    return enabled;
  }

  /** The affinity cookie names configured: what {@link ExchangeRequest#cookie} is asked for. */
  public List<String> affinityCookies() {
    return settings.affinityCookies();
  }

  /**
   * Configures an {@link NtlmAffinity}. Each setting is checked when it is set, with a message that
   * names it.
   */
  public static final class Builder {
    /** The system property naming this node when the builder is not told. */
    public static final String NODE_NAME_PROPERTY = "ntlmaffinity.nodeName";

    /** The environment variable naming this node when neither builder nor property does. */
    public static final String NODE_NAME_ENVIRONMENT = "NTLM_AFFINITY_NODE_NAME";

    private String nodeName = defaultNodeName();
    private List<String> ntlmNames = List.of();
    private AddressRanges trustedProxies = AddressRanges.NONE;
    private List<String> affinityCookies = List.of();
    private Balancer balancer = Balancer.GENERIC;
    private int maxConnections = 10_000;
    private int maxChallenges = 10_000;
    private long maxRetainedBytes = 64L << 20;
    private Duration challengeTimeout = Duration.ofSeconds(30);
    private Duration connectionIdleTimeout = Duration.ofMinutes(2);
    private int repeatedHandshakeThreshold = 5;
    private Duration repeatedHandshakeWindow = Duration.ofMinutes(1);
    private int recentFindings = 200;
    private int recentHandshakes = 200;
    private int logRatePerMinute = 10;
    private boolean enabled = true;
    private final List<Sink> sinks = new ArrayList<>();
    private Clock clock = Clock.systemUTC();
    private java.util.function.Consumer<Observation> observer;
    private final List<String> configurationErrors = new ArrayList<>();

    private Builder() {}

    /**
     * The name this node goes by in reports; default: the system property {@value
     * #NODE_NAME_PROPERTY}, else the environment variable {@value #NODE_NAME_ENVIRONMENT}, else
     * {@code HOSTNAME}, else this machine's host name, else {@code "node"}.
     */
    public Builder nodeName(String nodeName) {
      this.nodeName = requireText(nodeName, "nodeName");
      return this;
    }

    /**
     * The NTLM computer names this node's CHALLENGEs carry (NetBIOS and DNS), when known up front.
     * Optional: the tracker learns them from the CHALLENGEs it sees go out; configuring them lets
     * it recognise a foreign AUTHENTICATE before this node has sent a CHALLENGE of its own.
     */
    public Builder ntlmNames(String... names) {
      List<String> list = new ArrayList<>();
      for (String n : names) {
        list.add(requireText(n, "ntlmNames"));
      }
      this.ntlmNames = List.copyOf(list);
      return this;
    }

    /**
     * The balancers and proxies whose {@code Forwarded}/{@code X-Forwarded-For} headers are
     * believed, as addresses or CIDR blocks ({@code 10.0.0.0/8}, {@code fd00::/8}). Default: none,
     * so the end client is the TCP peer.
     */
    public Builder trustedProxies(String... cidrs) {
      this.trustedProxies = AddressRanges.parse(Arrays.asList(cidrs));
      return this;
    }

    /**
     * Names of the balancer's affinity cookies (e.g. {@code SERVERID}, {@code BIGipServerpool},
     * {@code AWSALB}); their values help tell end clients apart on a shared connection.
     */
    public Builder affinityCookies(String... names) {
      List<String> list = new ArrayList<>();
      for (String n : names) {
        list.add(requireText(n, "affinityCookies"));
      }
      this.affinityCookies = List.copyOf(list);
      return this;
    }

    /** The balancer in front, so advice names its settings. Default {@link Balancer#GENERIC}. */
    public Builder balancer(Balancer balancer) {
      this.balancer = Objects.requireNonNull(balancer, "balancer");
      return this;
    }

    /** The most connections tracked at once; the oldest are evicted past it. Default 10,000. */
    public Builder maxConnections(int max) {
      this.maxConnections = requirePositive(max, "maxConnections");
      return this;
    }

    /** The most open challenges tracked at once; the oldest are evicted past it. Default 10,000. */
    public Builder maxChallenges(int max) {
      this.maxChallenges = requirePositive(max, "maxChallenges");
      return this;
    }

    /**
     * The most bytes the connection and challenge tables may retain, by estimate (each entry's
     * strings, which {@link StoredNames} cuts, plus a fixed overhead); past it the oldest open
     * challenges, then the oldest connections, are evicted and counted as evictions. Default 64
     * MiB, at least 64 KiB. Counters stay exact whatever is evicted.
     */
    public Builder maxRetainedBytes(long bytes) {
      if (bytes < 64 * 1024) {
        throw new IllegalArgumentException(
            "maxRetainedBytes must be at least 65536 (64k), was " + bytes);
      }
      this.maxRetainedBytes = bytes;
      return this;
    }

    /**
     * How long a CHALLENGE waits for its AUTHENTICATE before it counts as abandoned. Default 30 s.
     */
    public Builder challengeTimeout(Duration timeout) {
      this.challengeTimeout = requirePositive(timeout, "challengeTimeout");
      return this;
    }

    /** How long an idle connection stays tracked. Default 2 minutes. */
    public Builder connectionIdleTimeout(Duration timeout) {
      this.connectionIdleTimeout = requirePositive(timeout, "connectionIdleTimeout");
      return this;
    }

    /**
     * How many failed or abandoned handshakes of one client within the window make
     * REPEATED_HANDSHAKES (successful logins never count). Default 5.
     */
    public Builder repeatedHandshakeThreshold(int threshold) {
      if (threshold < 2) {
        throw new IllegalArgumentException(
            "repeatedHandshakeThreshold must be at least 2, was " + threshold);
      }
      this.repeatedHandshakeThreshold = threshold;
      return this;
    }

    /** The window of {@link #repeatedHandshakeThreshold}. Default 1 minute. */
    public Builder repeatedHandshakeWindow(Duration window) {
      this.repeatedHandshakeWindow = requirePositive(window, "repeatedHandshakeWindow");
      return this;
    }

    /** How many recent findings the diagnostics view keeps. Default 200. */
    public Builder recentFindings(int count) {
      this.recentFindings = requireNonNegative(count, "recentFindings");
      return this;
    }

    /** How many recent handshakes the diagnostics view keeps. Default 200. */
    public Builder recentHandshakes(int count) {
      this.recentHandshakes = requireNonNegative(count, "recentHandshakes");
      return this;
    }

    /**
     * At most this many log lines per finding type a minute; 0 turns finding logging off. Default
     * 10.
     */
    public Builder logRatePerMinute(int perMinute) {
      this.logRatePerMinute = requireNonNegative(perMinute, "logRatePerMinute");
      return this;
    }

    /** Adds a sink for findings and handshake updates. */
    public Builder sink(Sink sink) {
      this.sinks.add(Objects.requireNonNull(sink, "sink"));
      return this;
    }

    /**
     * Receives every {@link Observation} this node takes (requests carrying NTLM or on an NTLM
     * connection, their responses, closed connections), e.g. to record a node's traffic and analyse
     * it later with {@link Replay}. Called on the request thread; keep it quick. None by default,
     * and then recording costs nothing.
     */
    public Builder observer(java.util.function.Consumer<Observation> observer) {
      this.observer = Objects.requireNonNull(observer, "observer");
      return this;
    }

    /** Whether tracking is on; off, {@link NtlmAffinity#begin} does nothing. Default on. */
    public Builder enabled(boolean enabled) {
      this.enabled = enabled;
      return this;
    }

    /** The clock; for tests. Default UTC system clock. */
    public Builder clock(Clock clock) {
      this.clock = Objects.requireNonNull(clock, "clock");
      return this;
    }

    /**
     * Applies settings given as text, e.g. servlet init-params or application properties. Each key
     * is the name of a builder method and maps onto it one-to-one:
     *
     * <table>
     *   <caption>Keys</caption>
     *   <tr><th>key</th><th>value</th></tr>
     *   <tr><td>{@code enabled}</td><td>{@code true} or {@code false}</td></tr>
     *   <tr><td>{@code nodeName}</td><td>text</td></tr>
     *   <tr><td>{@code ntlmNames}, {@code trustedProxies}, {@code affinityCookies}</td>
     *       <td>comma-separated list</td></tr>
     *   <tr><td>{@code balancer}</td><td>a {@link Balancer} name, case-insensitive, {@code -} or
     *       {@code _} between words</td></tr>
     *   <tr><td>{@code maxConnections}, {@code maxChallenges}, {@code repeatedHandshakeThreshold},
     *       {@code recentFindings}, {@code recentHandshakes}, {@code logRatePerMinute}</td>
     *       <td>integer</td></tr>
     *   <tr><td>{@code maxRetainedBytes}</td><td>size: {@code 65536}, {@code 512k}, {@code
     *       64m}</td></tr>
     *   <tr><td>{@code challengeTimeout}, {@code connectionIdleTimeout},
     *       {@code repeatedHandshakeWindow}</td>
     *       <td>duration: {@code 500ms}, {@code 30s}, {@code 2m}, {@code 1h} or ISO-8601
     *       ({@code PT30S})</td></tr>
     * </table>
     *
     * <p>Keys not in the table are ignored, so one map can carry other settings too; blank values
     * are ignored.
     *
     * @throws IllegalArgumentException naming the key whose value is bad
     */
    public Builder configure(java.util.Map<String, String> settings) {
      TextSettings.apply(this, settings);
      return this;
    }

    /**
     * {@link #configure(java.util.Map)} for a passive tool that must not stop an application over a
     * typo: each key whose value is bad, and each key that is not a setting, is left out (that
     * setting keeps its default) and reported. The engine built keeps the reports, and the
     * diagnostics endpoint shows them ({@link DiagnosticsSnapshot#configurationErrors()}).
     *
     * @return one line per problem, naming the key and the default used instead; empty when none
     */
    public List<String> configureLeniently(java.util.Map<String, String> settings) {
      List<String> errors = TextSettings.applyLeniently(this, settings);
      configurationErrors.addAll(errors);
      return errors;
    }

    /** The keys {@link #configure(java.util.Map)} knows, in documentation order. */
    public static java.util.Set<String> settingKeys() {
      return TextSettings.KEYS.keySet();
    }

    public NtlmAffinity build() {
      return new NtlmAffinity(this);
    }

    Settings settings() {
      Duration sweep = challengeTimeout.dividedBy(4);
      if (sweep.compareTo(Duration.ofSeconds(1)) > 0) {
        sweep = Duration.ofSeconds(1);
      }
      return new Settings(
          nodeName,
          ntlmNames,
          trustedProxies,
          affinityCookies,
          balancer,
          maxConnections,
          maxChallenges,
          maxRetainedBytes,
          challengeTimeout,
          connectionIdleTimeout,
          repeatedHandshakeThreshold,
          repeatedHandshakeWindow,
          sweep,
          recentFindings,
          recentHandshakes);
    }

    /**
     * The system property {@code ntlmaffinity.nodeName}, else the environment variable {@code
     * NTLM_AFFINITY_NODE_NAME}, else {@code HOSTNAME}, else the host name of this machine, else
     * {@code "node"}.
     */
    private static String defaultNodeName() {
      for (String name :
          new String[] {
            System.getProperty(NODE_NAME_PROPERTY),
            System.getenv(NODE_NAME_ENVIRONMENT),
            System.getenv("HOSTNAME")
          }) {
        if (name != null && !name.isBlank()) {
          return name.trim();
        }
      }
      try {
        String host = java.net.InetAddress.getLocalHost().getHostName();
        if (host != null && !host.isBlank()) {
          return host.trim();
        }
      } catch (java.io.IOException | SecurityException e) {
        // No name to be had: the last resort below.
      }
      return "node";
    }

    private static String requireText(String value, String name) {
      if (value == null || value.isBlank()) {
        throw new IllegalArgumentException(name + " must not be blank");
      }
      return value.trim();
    }

    private static int requirePositive(int value, String name) {
      if (value <= 0) {
        throw new IllegalArgumentException(name + " must be positive, was " + value);
      }
      return value;
    }

    private static int requireNonNegative(int value, String name) {
      if (value < 0) {
        throw new IllegalArgumentException(name + " must not be negative, was " + value);
      }
      return value;
    }

    private static Duration requirePositive(Duration value, String name) {
      if (value == null || value.isNegative() || value.isZero()) {
        throw new IllegalArgumentException(name + " must be a positive duration, was " + value);
      }
      return value;
    }
  }
}
