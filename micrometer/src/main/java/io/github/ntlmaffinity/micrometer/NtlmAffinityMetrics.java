package io.github.ntlmaffinity.micrometer;

import io.github.ntlmaffinity.Counters;
import io.github.ntlmaffinity.FindingType;
import io.github.ntlmaffinity.NtlmAffinity;
import io.github.ntlmaffinity.wire.AuthScheme;
import io.github.ntlmaffinity.wire.MessageType;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tag;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.binder.MeterBinder;
import java.util.Locale;
import java.util.Objects;
import java.util.function.ToLongFunction;

/**
 * Publishes an {@link NtlmAffinity}'s counters as Micrometer meters.
 *
 * <pre>{@code
 * NtlmAffinity affinity = NtlmAffinity.builder().nodeName("node-a").build();
 * new NtlmAffinityMetrics(affinity).bindTo(registry);
 * }</pre>
 *
 * <p>Every counter is a {@link FunctionCounter} that reads {@link NtlmAffinity#counters()} when the
 * registry asks, so the meters are exactly the tracker's counts, with no second bookkeeping; the
 * gauges read the tracker's tables. Every series exists from the start, zeros included, so an alert
 * on an increase has a baseline. The meters (Prometheus names in brackets):
 *
 * <table>
 *   <caption>Meters</caption>
 *   <tr><th>meter</th><th>tags</th><th>what</th></tr>
 *   <tr><td>{@value #FINDINGS} ({@code ntlm_affinity_findings_total})</td>
 *       <td>{@code type} ({@link FindingType} name), {@code severity}</td>
 *       <td>findings reported</td></tr>
 *   <tr><td>{@value #MESSAGES} ({@code ntlm_affinity_messages_total})</td>
 *       <td>{@code type} ({@code negotiate}, {@code challenge}, {@code authenticate}),
 *       {@code scheme} ({@code NTLM}, {@code Negotiate})</td>
 *       <td>NTLM messages seen; CHALLENGEs as this node sent them</td></tr>
 *   <tr><td>{@value #HANDSHAKES_STARTED} ({@code ntlm_affinity_handshakes_started_total})</td>
 *       <td></td><td>NEGOTIATEs that opened a handshake</td></tr>
 *   <tr><td>{@value #HANDSHAKES} ({@code ntlm_affinity_handshakes_total})</td>
 *       <td>{@code outcome} ({@code succeeded}, {@code failed}, {@code abandoned})</td>
 *       <td>handshake ends</td></tr>
 *   <tr><td>{@value #TRACKED_CONNECTIONS} ({@code ntlm_affinity_tracked_connections})</td>
 *       <td></td><td>gauge: connections in the table</td></tr>
 *   <tr><td>{@value #TRACKED_CHALLENGES} ({@code ntlm_affinity_tracked_challenges})</td>
 *       <td></td><td>gauge: open challenges in the table</td></tr>
 *   <tr><td>{@value #EVICTIONS} ({@code ntlm_affinity_evictions_total})</td>
 *       <td>{@code table} ({@code connections}, {@code challenges})</td>
 *       <td>entries dropped to stay within a cap</td></tr>
 *   <tr><td>{@value #OTHER_MECHANISM_TOKENS} ({@code ntlm_affinity_other_mechanism_tokens_total})
 *       </td><td></td><td>Negotiate tokens of another mechanism (Kerberos)</td></tr>
 *   <tr><td>{@value #MALFORMED_TOKENS} ({@code ntlm_affinity_malformed_tokens_total})</td>
 *       <td></td><td>Authorization tokens that did not decode</td></tr>
 *   <tr><td>{@value #INTERNAL_ERRORS} ({@code ntlm_affinity_internal_errors_total})</td>
 *       <td></td><td>failures inside the tracker or a sink</td></tr>
 * </table>
 *
 * <p>The {@code outcome}s are events, not a partition of the started handshakes: a split handshake
 * whose CHALLENGE was abandoned on one connection can also end as failed or succeeded where its
 * AUTHENTICATE arrived, and a handshake still in progress has no outcome yet.
 *
 * <p>The meters hold the tracker weakly, as Micrometer's function meters do: keep a reference to it
 * (the servlet filter does).
 */
public final class NtlmAffinityMetrics implements MeterBinder {
  public static final String FINDINGS = "ntlm.affinity.findings";
  public static final String MESSAGES = "ntlm.affinity.messages";
  public static final String HANDSHAKES_STARTED = "ntlm.affinity.handshakes.started";
  public static final String HANDSHAKES = "ntlm.affinity.handshakes";
  public static final String TRACKED_CONNECTIONS = "ntlm.affinity.tracked.connections";
  public static final String TRACKED_CHALLENGES = "ntlm.affinity.tracked.challenges";
  public static final String EVICTIONS = "ntlm.affinity.evictions";
  public static final String OTHER_MECHANISM_TOKENS = "ntlm.affinity.other.mechanism.tokens";
  public static final String MALFORMED_TOKENS = "ntlm.affinity.malformed.tokens";
  public static final String INTERNAL_ERRORS = "ntlm.affinity.internal.errors";

  private final NtlmAffinity affinity;
  private final Tags tags;

  /** Meters for {@code affinity}, with no tags of their own. */
  public NtlmAffinityMetrics(NtlmAffinity affinity) {
    this(affinity, Tags.empty());
  }

  /**
   * Meters for {@code affinity}, each also tagged with {@code tags} (e.g. {@code Tags.of("node",
   * affinity.nodeName())} when several trackers share a registry).
   */
  public NtlmAffinityMetrics(NtlmAffinity affinity, Iterable<Tag> tags) {
    this.affinity = Objects.requireNonNull(affinity, "affinity");
    this.tags = Tags.of(Objects.requireNonNull(tags, "tags"));
  }

  @Override
  public void bindTo(MeterRegistry registry) {
    for (FindingType type : FindingType.values()) {
      counter(
          registry,
          FINDINGS,
          "NTLM handshake findings reported",
          Tags.of("type", type.name(), "severity", type.severity().name()),
          c -> c.findings(type));
    }
    for (MessageType type : MessageType.values()) {
      for (AuthScheme scheme : AuthScheme.values()) {
        counter(
            registry,
            MESSAGES,
            "NTLM messages seen, CHALLENGEs as sent by this node",
            Tags.of("type", type.name().toLowerCase(Locale.ROOT), "scheme", scheme.headerName()),
            c -> c.messages(type, scheme));
      }
    }
    counter(
        registry,
        HANDSHAKES_STARTED,
        "NEGOTIATEs that opened an NTLM handshake",
        Tags.empty(),
        Counters::handshakesStarted);
    String ends = "NTLM handshakes ended, by outcome";
    counter(
        registry, HANDSHAKES, ends, Tags.of("outcome", "succeeded"), Counters::handshakesSucceeded);
    counter(registry, HANDSHAKES, ends, Tags.of("outcome", "failed"), Counters::handshakesFailed);
    counter(
        registry, HANDSHAKES, ends, Tags.of("outcome", "abandoned"), Counters::handshakesAbandoned);
    String evictions = "tracked entries dropped to stay within their cap";
    counter(
        registry,
        EVICTIONS,
        evictions,
        Tags.of("table", "connections"),
        Counters::connectionEvictions);
    counter(
        registry,
        EVICTIONS,
        evictions,
        Tags.of("table", "challenges"),
        Counters::challengeEvictions);
    counter(
        registry,
        OTHER_MECHANISM_TOKENS,
        "Negotiate tokens of another mechanism (Kerberos)",
        Tags.empty(),
        Counters::otherMechanismTokens);
    counter(
        registry,
        MALFORMED_TOKENS,
        "NTLM or Negotiate Authorization tokens that did not decode",
        Tags.empty(),
        Counters::malformedTokens);
    counter(
        registry,
        INTERNAL_ERRORS,
        "failures inside the NTLM tracker or a sink",
        Tags.empty(),
        Counters::internalErrors);
    Gauge.builder(TRACKED_CONNECTIONS, affinity, NtlmAffinity::trackedConnections)
        .description("connections in the NTLM tracker's table")
        .tags(tags)
        .register(registry);
    Gauge.builder(TRACKED_CHALLENGES, affinity, NtlmAffinity::trackedChallenges)
        .description("open NTLM challenges in the tracker's table")
        .tags(tags)
        .register(registry);
  }

  private void counter(
      MeterRegistry registry,
      String name,
      String description,
      Tags own,
      ToLongFunction<Counters> count) {
    FunctionCounter.builder(name, affinity, a -> count.applyAsLong(a.counters()))
        .description(description)
        .tags(tags.and(own))
        .register(registry);
  }
}
