package io.github.ntlmaffinity.examples;

import io.github.ntlmaffinity.DiagnosticsSnapshot;
import io.github.ntlmaffinity.Finding;
import io.github.ntlmaffinity.FindingType;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.Map;

/**
 * What one mode's run produced: the logins as the clients saw them, each node's access log and
 * diagnostics snapshot after the traffic ended.
 *
 * @param mode the balancer mode
 * @param cluster the cluster, still running (for {@code --serve}); the caller closes it
 * @param logins every login, in the order they were started
 * @param snapshots each node's diagnostics snapshot after the run, by node name
 * @param access both nodes' access log entries, oldest first
 * @param drained whether every backend connection closed before the snapshots were taken
 * @param took how long the run took, from starting the cluster to the snapshots
 */
record ModeRun(
    LoadBalancer.Mode mode,
    Cluster cluster,
    List<Login> logins,
    Map<String, DiagnosticsSnapshot> snapshots,
    List<AccessLog.Entry> access,
    boolean drained,
    Duration took) {

  /** The requests of login {@code id} as the nodes logged them, in order. */
  List<AccessLog.Entry> legs(String id) {
    List<AccessLog.Entry> legs = new ArrayList<>();
    for (AccessLog.Entry e : access) {
      String r = e.requestId();
      if (r != null && (r.equals(id) || r.startsWith(id + "/"))) {
        legs.add(e);
      }
    }
    legs.sort(
        Comparator.comparing(AccessLog.Entry::requestId).thenComparing(AccessLog.Entry::time));
    return legs;
  }

  /** The NEGOTIATEs (handshakes started) of login {@code id}. */
  long handshakes(String id) {
    return legs(id).stream().filter(e -> e.leg() == AccessLog.Leg.NEGOTIATE).count();
  }

  /** Findings of {@code type} counted on {@code node} (exact). */
  long count(String node, FindingType type) {
    return snapshots.get(node).counters().findings(type);
  }

  /** Findings of {@code type} counted on all nodes (exact). */
  long count(FindingType type) {
    return snapshots.values().stream().mapToLong(s -> s.counters().findings(type)).sum();
  }

  /** The findings {@code node} keeps, oldest first. */
  List<Finding> findings(String node) {
    List<Finding> list = new ArrayList<>(snapshots.get(node).findings());
    Collections.reverse(list);
    return list;
  }

  /** Logins of {@code client} that ran concurrently or not, that ended {@code ok} or not. */
  long logins(String client, boolean concurrent, boolean ok) {
    return logins.stream()
        .filter(l -> l.client().equals(client) && l.concurrent() == concurrent && l.ok() == ok)
        .count();
  }
}
