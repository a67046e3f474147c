package io.github.ntlmaffinity.cli.probe;

import io.github.ntlmaffinity.FindingType;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * The checks as level 3 sees them: the backends' probe endpoint names the node and the backend
 * connection of every leg, so the probe compares connection tokens instead of guessing from
 * statuses. Pure, as {@link Evaluation}.
 */
final class Level3Checks {
  /** Refusals that the balancer causes: the AUTHENTICATE missed its CHALLENGE's connection. */
  private static final Set<String> BALANCER_REASONS =
      Set.of("other-connection", "other-node", "no-challenge");

  private Level3Checks() {}

  /** Several NEGOTIATEs on one client connection, all from one node: one backend connection? */
  static Check oneConnection(String id, String title, Attempt a, List<String> evidence) {
    Set<String> tokens = new LinkedHashSet<>();
    int unmarked = 0;
    for (Leg leg : a.legs()) {
      if (leg.kind() == Leg.Kind.NEGOTIATE) {
        if (leg.probe() == null) {
          unmarked++;
        } else {
          tokens.add(leg.probe().connection());
        }
      }
    }
    if (unmarked > 0) {
      return unmarked(id, title, unmarked, evidence);
    }
    if (tokens.size() > 1) {
      return new Check(
          id,
          title,
          Check.Status.FAIL,
          "one client connection's requests reached "
              + tokens.size()
              + " backend connections of "
              + String.join("", a.issuers())
              + ": the balancer does not keep a client connection on one backend connection, so"
              + " an AUTHENTICATE misses the connection that got its CHALLENGE",
          evidence,
          FindingType.HANDSHAKE_SPLIT_ACROSS_CONNECTIONS);
    }
    return new Check(
        id,
        title,
        Check.Status.PASS,
        "every NEGOTIATE on the client connection reached one backend connection of "
            + String.join("", a.issuers()),
        evidence,
        null);
  }

  /** AUTHENTICATEs refused by the endpoint, which says why. */
  static Check refusals(
      String id, String title, List<Attempt> list, List<String> evidence, FindingType means) {
    Map<String, Integer> reasons = new TreeMap<>();
    int refused = 0;
    for (Attempt a : list) {
      for (Leg leg : a.legs()) {
        if (leg.kind() == Leg.Kind.AUTHENTICATE && leg.status() / 100 == 4) {
          refused++;
          String reason = leg.probe() == null ? "no-endpoint" : leg.probe().reason();
          reasons.merge(reason == null ? "unknown" : reason, 1, Integer::sum);
        }
      }
    }
    int balancer = 0;
    for (String r : BALANCER_REASONS) {
      balancer += reasons.getOrDefault(r, 0);
    }
    String counted =
        reasons.entrySet().stream()
            .map(e -> e.getValue() + " " + explain(e.getKey()))
            .collect(Collectors.joining("; "));
    if (balancer == 0) {
      return new Check(
          id,
          title,
          Check.Status.NOT_VERIFIED,
          refused
              + " AUTHENTICATEs refused, not for the balancer's doing: "
              + counted
              + " (a node without the probe endpoint, or another version of it?)",
          evidence,
          null);
    }
    return new Check(
        id,
        title,
        Check.Status.FAIL,
        refused + " of " + list.size() + " AUTHENTICATEs refused by the probe endpoint: " + counted,
        evidence,
        reasons.containsKey("other-node") ? FindingType.HANDSHAKE_SPLIT_ACROSS_NODES : means);
  }

  /** After a login, the next request without credentials: on the same backend connection? */
  static Check staysAuthenticated(String id, String title, List<Attempt> followed) {
    List<String> evidence = new ArrayList<>();
    int moved = 0;
    int unmarked = 0;
    for (Attempt a : followed) {
      Leg login =
          a.legs().stream().filter(l -> l.kind() == Leg.Kind.AUTHENTICATE).findFirst().get();
      Leg next = a.followUp();
      evidence.add("#" + a.number() + ": " + login.describe() + "; " + next.describe());
      if (login.probe() == null || next.probe() == null) {
        unmarked++;
      } else if (!next.probe().connection().equals(login.probe().connection())
          || next.status() / 100 != 2) {
        moved++;
      }
    }
    if (moved > 0) {
      return new Check(
          id,
          title,
          Check.Status.FAIL,
          moved
              + " of "
              + followed.size()
              + " requests after a login reached another backend connection than the login's:"
              + " the user would need a new handshake for every request (the prompt loop)",
          evidence,
          FindingType.HANDSHAKE_SPLIT_ACROSS_CONNECTIONS);
    }
    if (unmarked > 0) {
      return unmarked(id, title, unmarked, evidence);
    }
    return new Check(
        id,
        title,
        Check.Status.PASS,
        "after each login the next request stayed on the authenticated backend connection",
        evidence,
        null);
  }

  /**
   * No backend connection carries a client connection's request after another client logged in on
   * it (identity bleed). The endpoint counts the logins on each backend connection; a leg that
   * finds more logins there than its own client connection made is on someone else's login.
   * Requests of several clients on one backend connection before any login (a pool, until NTLM pins
   * the connection, as Squid does) are harmless for NTLM and only reported.
   */
  static Check sharedConnections(Prober.Run run) {
    String id = "shared-connections";
    String title =
        "no backend connection carries another client's requests after a login (identity bleed)";
    Map<String, Set<Integer>> clients = new LinkedHashMap<>();
    Map<String, String> names = new LinkedHashMap<>();
    Map<String, Set<Integer>> bled = new LinkedHashMap<>();
    int unmarked = 0;
    for (List<Attempt> list : run.attempts().values()) {
      for (Attempt a : list) {
        Map<String, Integer> own = new LinkedHashMap<>();
        for (Leg leg : a.legs()) {
          ProbeMark mark = leg.probe();
          if (mark == null) {
            unmarked += leg.status() == 0 ? 0 : 1;
            continue;
          }
          String token = mark.connection();
          clients.computeIfAbsent(token, k -> new LinkedHashSet<>()).add(a.localPort());
          names.put(token, mark.describe());
          if (mark.result().equals("authenticated")) {
            own.merge(token, 1, Integer::sum);
          }
          if (mark.logins() > own.getOrDefault(token, 0)) {
            bled.computeIfAbsent(token, k -> new LinkedHashSet<>()).add(a.localPort());
          }
        }
      }
    }
    if (!bled.isEmpty()) {
      List<String> evidence = new ArrayList<>();
      bled.forEach(
          (token, ports) ->
              evidence.add(
                  names.get(token)
                      + ": requests of client ports "
                      + join(ports)
                      + " after another client's login on it (client ports on it: "
                      + join(clients.get(token))
                      + ")"));
      return new Check(
          id,
          title,
          Check.Status.FAIL,
          (bled.size() == 1 ? "a backend connection" : bled.size() + " backend connections")
              + " carried a client connection's requests after another client had logged in"
              + " there: another client's request can run as the user who logged in",
          evidence,
          FindingType.CONNECTION_SHARED_BY_CLIENTS);
    }
    if (clients.isEmpty() || unmarked > 0) {
      return unmarked(id, title, unmarked, List.of());
    }
    List<String> pooled = new ArrayList<>();
    clients.forEach(
        (token, ports) -> {
          if (ports.size() > 1) {
            pooled.add(names.get(token) + ": client ports " + join(ports) + ", none after a login");
          }
        });
    return new Check(
        id,
        title,
        Check.Status.PASS,
        clients.size()
            + " backend connections, none carried a request after another client's login there"
            + (pooled.isEmpty()
                ? ""
                : "; "
                    + pooled.size()
                    + " carried several clients' requests before any login (pooled until NTLM"
                    + " pinned them: harmless for NTLM)"),
        pooled,
        null);
  }

  private static String join(Set<Integer> ports) {
    return ports.stream().map(String::valueOf).collect(Collectors.joining(", "));
  }

  private static Check unmarked(String id, String title, int legs, List<String> evidence) {
    return new Check(
        id,
        title,
        Check.Status.NOT_VERIFIED,
        legs
            + " legs were answered without the probe endpoint's mark: a node without probePath"
            + " (or the balancer dropped the "
            + ProbeMark.HEADER
            + " field), so their backend connection is unknown",
        evidence,
        null);
  }

  private static String explain(String reason) {
    return switch (reason) {
      case "other-connection" -> "answered a CHALLENGE issued on another backend connection";
      case "other-node" -> "answered a CHALLENGE of another node";
      case "no-challenge" -> "found no CHALLENGE waiting on their backend connection";
      case "no-endpoint" -> "answered without the probe endpoint";
      default -> "refused as " + reason;
    };
  }
}
