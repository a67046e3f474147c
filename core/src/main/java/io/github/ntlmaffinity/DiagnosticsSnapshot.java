package io.github.ntlmaffinity;

import io.github.ntlmaffinity.internal.report.SnapshotJson;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * What the tracker knows at one moment: counters, the recent findings and handshakes. Immutable.
 *
 * @param node this node's configured name
 * @param ntlmNames the NTLM computer names this node was configured with or learned from the
 *     CHALLENGEs it sent
 * @param balancer the configured balancer kind
 * @param enabled whether tracking is on
 * @param startedAt when the tracker started
 * @param takenAt when this snapshot was taken
 * @param counters exact counters
 * @param trackedConnections connections in the table now
 * @param trackedChallenges open challenges in the table now
 * @param findings recent findings, newest first
 * @param handshakes recent handshakes, most recently started first
 * @param configurationErrors settings that were refused when the engine was configured, each saying
 *     which default it runs with instead; empty when the configuration was sound
 * @param sequence the last number given to a finding or handshake version (see {@link
 *     Finding#sequence()}): the cursor to read from next time
 * @param droppedUpTo the highest number no longer kept in the recent buffers, 0 when none
 * @param since the cursor this snapshot was cut from ({@link #since(long)}), 0 for all
 */
public record DiagnosticsSnapshot(
    String node,
    List<String> ntlmNames,
    Balancer balancer,
    boolean enabled,
    Instant startedAt,
    Instant takenAt,
    Counters counters,
    int trackedConnections,
    int trackedChallenges,
    List<Finding> findings,
    List<Handshake> handshakes,
    List<String> configurationErrors,
    long sequence,
    long droppedUpTo,
    long since) {

  public DiagnosticsSnapshot {
    configurationErrors = List.copyOf(configurationErrors);
    ntlmNames = List.copyOf(ntlmNames);
    findings = List.copyOf(findings);
    handshakes = List.copyOf(handshakes);
  }

  /**
   * The snapshot as one line of JSON (schema in docs/endpoint.md): {@code node}, {@code counters}
   * keyed by message and finding type, {@code findings} and {@code handshakes} newest first.
   */
  public String toJson() {
    return SnapshotJson.render(this, false, null);
  }

  /**
   * The snapshot as JSON.
   *
   * @param maskUsers whether user names are shown as {@code a***}
   * @param pretty whether to indent
   */
  public String toJson(boolean maskUsers, boolean pretty) {
    return SnapshotJson.render(this, maskUsers, pretty ? "  " : null);
  }

  /**
   * What changed after {@code cursor}: the findings numbered above it and the handshakes that
   * changed after it. A collector that keeps {@link #sequence()} and asks again from there never
   * misses one silently: {@link #complete()} says whether the buffers still held everything.
   */
  public DiagnosticsSnapshot since(long cursor) {
    return new DiagnosticsSnapshot(
        node,
        ntlmNames,
        balancer,
        enabled,
        startedAt,
        takenAt,
        counters,
        trackedConnections,
        trackedChallenges,
        findings.stream().filter(f -> f.sequence() > cursor).toList(),
        handshakes.stream().filter(h -> h.sequence() > cursor).toList(),
        configurationErrors,
        sequence,
        droppedUpTo,
        cursor);
  }

  /**
   * Whether this snapshot holds everything numbered after {@link #since()}: false when the recent
   * buffers had to drop some of it before it was read (read more often, or keep more).
   */
  public boolean complete() {
    return since >= droppedUpTo;
  }

  /** How long the tracker has run. */
  public Duration uptime() {
    return Duration.between(startedAt, takenAt);
  }
}
