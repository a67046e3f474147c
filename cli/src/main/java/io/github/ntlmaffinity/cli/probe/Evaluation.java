package io.github.ntlmaffinity.cli.probe;

import io.github.ntlmaffinity.FindingType;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * Turns a run's attempts into checks and one verdict. Pure: the same run gives the same report.
 *
 * <p>Level 1 (no account) can prove a split across nodes, never safety: when every CHALLENGE on a
 * connection came from one node, whether the legs shared one backend connection is not visible.
 * Level 2 proves a split by a 401 after a real AUTHENTICATE, but only once the account is known to
 * work: when no login succeeds anywhere, the credentials are suspected, not the balancer.
 */
final class Evaluation {
  private final Prober.Run run;
  private final boolean level2;
  private final boolean level3;
  private final boolean confirmed;
  private final boolean accountWorks;
  private final boolean splitNodesSeen;

  /**
   * @param level2 whether logins were made (levels 2 and 3)
   * @param level3 whether they were made on the backends' probe endpoint
   */
  Evaluation(Prober.Run run, boolean level2, boolean level3) {
    this.run = run;
    this.level2 = level2;
    this.level3 = level3;
    boolean works =
        run.confirmation() != null && run.confirmation().outcome() == Attempt.Outcome.LOGGED_IN;
    this.confirmed = works;
    boolean split = false;
    for (List<Attempt> list : run.attempts().values()) {
      for (Attempt a : list) {
        works |= a.outcome() == Attempt.Outcome.LOGGED_IN;
        split |= a.outcome() == Attempt.Outcome.SPLIT_NODES;
      }
    }
    // The probe account works on every probe endpoint: the endpoint says why it refuses one.
    this.accountWorks = works || level3;
    this.splitNodesSeen = split;
  }

  /** The checks, in the order they ran, then the summary of nodes seen. */
  List<Check> checks() {
    List<Check> checks = new ArrayList<>();
    checks.add(oneConnection());
    checks.add(
        handshakes(
            Prober.CHALLENGE_FIRST,
            "sequential handshakes, each on a new client connection, challenge-first"
                + " (anonymous request, 401, NEGOTIATE, ...)",
            FindingType.HANDSHAKE_SPLIT_ACROSS_CONNECTIONS));
    checks.add(
        handshakes(
            Prober.PRE_AUTHENTICATED,
            "sequential handshakes, each on a new client connection, pre-authenticated"
                + " (NEGOTIATE on the first request)",
            FindingType.HANDSHAKE_SPLIT_ACROSS_CONNECTIONS));
    checks.add(staysAuthenticated());
    boolean sequentialFailed = checks.stream().anyMatch(c -> c.status() == Check.Status.FAIL);
    checks.add(
        handshakes(
            Prober.CONCURRENT,
            "client connections handshaking at once, leg by leg (-c)",
            sequentialFailed
                ? FindingType.HANDSHAKE_SPLIT_ACROSS_CONNECTIONS
                : FindingType.CONNECTION_SHARED_BY_CLIENTS));
    checks.add(
        handshakes(
            Prober.IDLE,
            "a handshake pausing --idle seconds before the AUTHENTICATE",
            FindingType.CHALLENGE_ABANDONED));
    if (level3) {
      checks.add(Level3Checks.sharedConnections(run));
    }
    checks.add(http2());
    checks.add(nodesSeen());
    return checks;
  }

  private Check http2() {
    String id = "http2";
    String title = "does the balancer offer HTTP/2 (ALPN h2) on https";
    if (run.alpn() == null) {
      return Check.skipped(id, title, "not run: plain http (h2c upgrade not tried)");
    }
    if (run.alpn().equals("h2")) {
      return new Check(
          id,
          title,
          Check.Status.FAIL,
          "the balancer picks h2 when the client offers it, as browsers do: NTLM authenticates a"
              + " connection and breaks over HTTP/2, whose streams share one; serve this site"
              + " over HTTP/1.1 (the probe itself spoke HTTP/1.1)",
          List.of("ALPN offered h2, http/1.1: the balancer chose h2"),
          FindingType.NTLM_OVER_HTTP2);
    }
    return new Check(
        id,
        title,
        Check.Status.PASS,
        "offered h2 and http/1.1, the balancer chose "
            + (run.alpn().isEmpty() ? "no ALPN protocol (HTTP/1.1)" : Terminal.escape(run.alpn())),
        List.of(),
        null);
  }

  /** The verdict over {@code checks}. */
  Verdict verdict(List<Check> checks) {
    return Verdict.over(checks, level2, accountWorks, run.skipped().get("*"));
  }

  private Check oneConnection() {
    String id = Prober.ONE_CONNECTION;
    String title = "several NEGOTIATEs on one client connection: which node answers each";
    List<Attempt> list = run.of(id);
    if (list.isEmpty()) {
      return Check.skipped(id, title, skipReason(id));
    }
    Attempt a = list.get(0);
    List<String> evidence = List.of(a.describe());
    return switch (a.outcome()) {
      case SPLIT_NODES ->
          new Check(
              id,
              title,
              Check.Status.FAIL,
              "one client connection got CHALLENGEs from "
                  + String.join(" and ", a.issuers())
                  + ": the balancer sends the requests of one connection to different nodes, so"
                  + " an AUTHENTICATE can reach a node that did not issue its CHALLENGE",
              evidence,
              FindingType.HANDSHAKE_SPLIT_ACROSS_NODES);
      case CLOSED_AFTER_CHALLENGE -> closing(id, title, evidence);
      default ->
          level3
              ? Level3Checks.oneConnection(id, title, a, evidence)
              : new Check(
                  id,
                  title,
                  level2 ? Check.Status.PASS : Check.Status.NOT_VERIFIED,
                  "every CHALLENGE on the connection came from "
                      + String.join("", a.issuers())
                      + (level2
                          ? ": the node holds; the logins below test the backend connection"
                          : ": the node holds, but whether they shared one backend connection is not"
                              + " verified at this level (no account)"),
                  evidence,
                  null);
    };
  }

  private Check handshakes(String id, String title, FindingType refusedMeans) {
    List<Attempt> list = run.of(id);
    if (list.isEmpty()) {
      return Check.skipped(id, title, skipReason(id));
    }
    List<String> evidence = list.stream().map(Attempt::describe).collect(Collectors.toList());
    Map<Attempt.Outcome, Long> counts =
        list.stream()
            .collect(Collectors.groupingBy(Attempt::outcome, TreeMap::new, Collectors.counting()));
    long n = list.size();
    long split = counts.getOrDefault(Attempt.Outcome.SPLIT_NODES, 0L);
    long refused = counts.getOrDefault(Attempt.Outcome.REFUSED, 0L);
    long closed = counts.getOrDefault(Attempt.Outcome.CLOSED_AFTER_CHALLENGE, 0L);
    long idleClosed = counts.getOrDefault(Attempt.Outcome.CLOSED_WHILE_IDLE, 0L);
    long ok = counts.getOrDefault(Attempt.Outcome.LOGGED_IN, 0L);
    long bled = counts.getOrDefault(Attempt.Outcome.ANSWERED_AS_LOGGED_IN, 0L);
    if (bled > 0) {
      return new Check(
          id,
          title,
          Check.Status.FAIL,
          bled
              + " of "
              + n
              + " new client connections were answered as logged in on their first request,"
              + " without credentials: the balancer gave them a backend connection on which"
              + " another client had logged in (identity bleed)",
          evidence,
          FindingType.CONNECTION_SHARED_BY_CLIENTS);
    }
    if (split > 0) {
      return new Check(
          id,
          title,
          Check.Status.FAIL,
          split + " of " + n + " client connections got CHALLENGEs from different nodes",
          evidence,
          FindingType.HANDSHAKE_SPLIT_ACROSS_NODES);
    }
    if (closed > 0) {
      return closing(id, title, evidence);
    }
    if (idleClosed > 0) {
      return new Check(
          id,
          title,
          Check.Status.FAIL,
          "the client connection was closed during the --idle pause after the CHALLENGE: an idle"
              + " or keep-alive timeout of the balancer shorter than a user's pause ends"
              + " handshakes (raise it, e.g. HAProxy's timeout http-keep-alive)",
          evidence,
          FindingType.CHALLENGE_ABANDONED);
    }
    if (!level2) {
      return new Check(
          id,
          title,
          Check.Status.NOT_VERIFIED,
          "each connection's CHALLENGEs came from one node; backend-connection binding is not"
              + " verified at this level (no account)",
          evidence,
          null);
    }
    if (refused > 0 && level3) {
      return Level3Checks.refusals(id, title, list, evidence, refusedMeans);
    }
    if (refused > 0 && accountWorks) {
      return new Check(
          id,
          title,
          Check.Status.FAIL,
          refused
              + " of "
              + n
              + " AUTHENTICATEs got a 401 although the account works"
              + (ok > 0
                  ? " (" + ok + " logins here succeeded)"
                  : confirmed ? " (it logs in on the backend node)" : " (it does in other checks)")
              + ": the AUTHENTICATE did not reach the backend connection that issued its"
              + " CHALLENGE"
              + (splitNodesSeen ? " (other checks saw another node answer)" : ""),
          evidence,
          splitNodesSeen ? FindingType.HANDSHAKE_SPLIT_ACROSS_NODES : refusedMeans);
    }
    if (refused > 0) {
      return new Check(
          id,
          title,
          Check.Status.NOT_VERIFIED,
          "every AUTHENTICATE got a 401 and no login succeeded anywhere: the credentials may be"
              + " wrong, or the balancer breaks every handshake; --backend URL tells which",
          evidence,
          null);
    }
    return new Check(
        id, title, Check.Status.PASS, ok + " of " + n + " logins succeeded", evidence, null);
  }

  private Check staysAuthenticated() {
    String id = "stays-authenticated";
    String title = "a request without credentials after a login, on the same client connection";
    if (!level2) {
      return Check.skipped(id, title, "not run: needs --user (level 2)");
    }
    List<Attempt> followed = new ArrayList<>();
    for (String check : List.of(Prober.CHALLENGE_FIRST, Prober.PRE_AUTHENTICATED)) {
      run.of(check).stream().filter(a -> a.followUp() != null).forEach(followed::add);
    }
    if (followed.isEmpty()) {
      return Check.skipped(id, title, "not run: no login succeeded");
    }
    if (level3) {
      return Level3Checks.staysAuthenticated(id, title, followed);
    }
    long ok = followed.stream().filter(a -> a.followUp().status() / 100 == 2).count();
    List<String> evidence =
        followed.stream()
            .map(a -> "#" + a.number() + ": " + a.followUp().describe())
            .collect(Collectors.toList());
    if (ok == followed.size()) {
      return new Check(
          id,
          title,
          Check.Status.PASS,
          "after each login the next request on the connection was still authenticated",
          evidence,
          null);
    }
    return new Check(
        id,
        title,
        Check.Status.INFO,
        (followed.size() - ok)
            + " of "
            + followed.size()
            + " follow-up requests got "
            + followed.stream()
                .filter(a -> a.followUp().status() / 100 != 2)
                .findFirst()
                .map(a -> String.valueOf(a.followUp().status()))
                .orElse("?")
            + ": either the backend authenticates each request anew (IIS authPersistSingleRequest,"
            + " this project's demo acceptor) or the balancer moved the connection; from outside"
            + " the probe cannot tell which",
        evidence,
        null);
  }

  private Check nodesSeen() {
    Map<String, Integer> nodes = new TreeMap<>();
    for (List<Attempt> list : run.attempts().values()) {
      for (Attempt a : list) {
        for (Leg leg : a.legs()) {
          if (leg.issuer() != null) {
            nodes.merge(leg.issuer(), 1, Integer::sum);
          }
        }
      }
    }
    String title = "which nodes issued CHALLENGEs over the whole run";
    if (nodes.isEmpty()) {
      return Check.skipped("nodes", title, "no CHALLENGE seen");
    }
    String list =
        nodes.entrySet().stream()
            .map(e -> e.getKey() + " (" + e.getValue() + ")")
            .collect(Collectors.joining(", "));
    return new Check(
        "nodes",
        title,
        Check.Status.INFO,
        nodes.size() == 1
            ? "only "
                + list
                + " issued CHALLENGEs: a split across nodes cannot show (fine if"
                + " there is one backend)"
            : nodes.size() + " nodes issued CHALLENGEs: " + list,
        List.of(),
        null);
  }

  private static Check closing(String id, String title, List<String> evidence) {
    return new Check(
        id,
        title,
        Check.Status.FAIL,
        "the 401 carrying the CHALLENGE closed the client connection, so the AUTHENTICATE"
            + " cannot follow on it",
        evidence,
        FindingType.CHALLENGE_ON_CLOSING_CONNECTION);
  }

  private String skipReason(String id) {
    String why = run.skipped().get(id);
    if (why == null) {
      why = run.skipped().getOrDefault("*", "not run");
    }
    return why;
  }
}
