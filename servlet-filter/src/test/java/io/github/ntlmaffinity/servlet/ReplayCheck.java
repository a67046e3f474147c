package io.github.ntlmaffinity.servlet;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.ntlmaffinity.Finding;
import io.github.ntlmaffinity.NtlmAffinity;
import io.github.ntlmaffinity.Observation;
import io.github.ntlmaffinity.Replay;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;

/**
 * Records what every node of a container test observed and what it found, and checks after the test
 * that replaying the observations gives the same findings, one for one, in the same order: the
 * engine fed from a recording (as the capture, log and HAR analysers feed it) decides exactly as
 * the live filter did, on every scenario of the suite.
 */
final class ReplayCheck {
  private final List<Observation> observed = new ArrayList<>();
  private final Map<String, List<Finding>> found = new LinkedHashMap<>();
  private final Map<String, UnaryOperator<NtlmAffinity.Builder>> configured = new LinkedHashMap<>();

  /**
   * Makes {@code builder}'s node record into this check; {@code configure} is how the test
   * configured it, for the replay to configure the node alike.
   */
  NtlmAffinity.Builder record(
      NtlmAffinity.Builder builder, String node, UnaryOperator<NtlmAffinity.Builder> configure) {
    synchronized (this) {
      found.putIfAbsent(node, new ArrayList<>());
      configured.put(node, configure);
    }
    return builder
        .observer(
            o -> {
              synchronized (this) {
                observed.add(o);
              }
            })
        .sink(
            f -> {
              synchronized (this) {
                found.get(node).add(f);
              }
            });
  }

  /** Replays what was recorded, node by node as each filter knew only itself, and compares. */
  void assertReplayGivesTheSameFindings() {
    List<Observation> observations;
    Map<String, List<Finding>> live = new LinkedHashMap<>();
    Map<String, UnaryOperator<NtlmAffinity.Builder>> ops;
    synchronized (this) {
      ops = Map.copyOf(configured);
      observations = List.copyOf(observed);
      found.forEach((node, list) -> live.put(node, List.copyOf(list)));
    }
    Map<String, List<Finding>> replayed = new LinkedHashMap<>();
    live.keySet().forEach(node -> replayed.put(node, new ArrayList<>()));
    Replay replay =
        Replay.builder()
            .shareNames(false)
            .configure((node, b) -> ops.getOrDefault(node, UnaryOperator.identity()).apply(b))
            .sink(f -> replayed.computeIfAbsent(f.node(), n -> new ArrayList<>()).add(f))
            .build();
    observations.forEach(replay::accept);
    for (Map.Entry<String, List<Finding>> node : live.entrySet()) {
      assertThat(replayed.get(node.getKey()))
          .as("findings of %s replayed from %d observations", node.getKey(), observations.size())
          .containsExactlyElementsOf(node.getValue());
    }
  }
}
