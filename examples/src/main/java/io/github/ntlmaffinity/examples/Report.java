package io.github.ntlmaffinity.examples;

import io.github.ntlmaffinity.DiagnosticsSnapshot;
import io.github.ntlmaffinity.Finding;
import io.github.ntlmaffinity.FindingType;
import io.github.ntlmaffinity.testing.FileTimes;
import java.io.PrintStream;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** The console report: what a person reads after a run. */
final class Report {
  private static final DateTimeFormatter CLOCK =
      DateTimeFormatter.ofPattern("HH:mm:ss.SSSSSSS").withZone(ZoneOffset.UTC);
  private static final Set<FindingType> SPLITS =
      Set.of(
          FindingType.HANDSHAKE_SPLIT_ACROSS_NODES, FindingType.HANDSHAKE_SPLIT_ACROSS_CONNECTIONS);

  private Report() {}

  /** One mode's section. */
  static void mode(ModeRun run, PrintStream out) {
    Cluster cluster = run.cluster();
    out.println("== " + run.mode().label() + ": " + run.mode().description());
    out.println(
        "   balancer "
            + cluster.balancer().uri()
            + "  ->  "
            + cluster.nodeA().identity().nodeName()
            + " "
            + cluster.nodeA().uri()
            + ", "
            + cluster.nodeB().identity().nodeName()
            + " "
            + cluster.nodeB().uri());
    out.println();
    logins(run, out);
    out.println();
    traces(run, out);
    statuses(run, out);
    out.println();
    findings(run, out);
    out.println();
    out.println(
        "   diagnostics: "
            + cluster.nodeA().diagnosticsUri()
            + "  "
            + cluster.nodeB().diagnosticsUri()
            + "  (JSON: ?format=json)");
    if (!run.drained()) {
      out.println("   (some backend connections were still open when the snapshots were taken)");
    }
    out.println();
  }

  private static void logins(ModeRun run, PrintStream out) {
    out.printf("   %-36s %4s %7s%n", "logins", "ok", "failed");
    row(run, out, Login.JCIFS, false, "jcifs-ng, one after another");
    row(run, out, Login.JCIFS, true, "jcifs-ng, at once");
    row(run, out, Login.JDK, false, "JDK HttpURLConnection, one by one");
    row(run, out, Login.JDK, true, "JDK HttpURLConnection, at once");
    for (Login l : run.logins()) {
      if (l.error() != null) {
        out.println("   " + l.id() + ": " + l.error());
      }
    }
  }

  private static void row(ModeRun run, PrintStream out, String client, boolean at, String label) {
    long ok = run.logins(client, at, true);
    long failed = run.logins(client, at, false);
    if (ok + failed == 0) {
      return;
    }
    String note = "";
    if (client.equals(Login.JDK)) {
      long handshakes = 0;
      for (Login l : run.logins()) {
        if (l.client().equals(client) && l.concurrent() == at) {
          handshakes += run.handshakes(l.id());
        }
      }
      note =
          "   "
              + handshakes
              + " handshake"
              + (handshakes == 1 ? "" : "s")
              + (handshakes > ok + failed ? ": the JDK retries a failed one by itself" : "");
    }
    out.printf("     %-34s %4d %7d%s%n", label, ok, failed, note);
  }

  /** The legs of one login (a failed one when there is one) of each jcifs-ng kind. */
  private static void traces(ModeRun run, PrintStream out) {
    for (boolean concurrent : new boolean[] {false, true}) {
      Login sample = null;
      for (Login l : run.logins()) {
        if (l.client().equals(Login.JCIFS) && l.concurrent() == concurrent) {
          if (!l.ok()) {
            sample = l;
            break;
          }
          if (sample == null) {
            sample = l;
          }
        }
      }
      if (sample != null) {
        trace(run, sample, out);
        out.println();
      }
    }
  }

  private static void trace(ModeRun run, Login login, PrintStream out) {
    out.println(
        "   login "
            + login.id()
            + ": "
            + login.user()
            + " on "
            + login.workstation()
            + ", one connection "
            + login.clientAddress()
            + ":"
            + login.clientPort()
            + " -> balancer, "
            + (login.ok() ? "succeeded" : "FAILED")
            + "; the nodes' access logs:");
    for (AccessLog.Entry e : run.legs(login.id())) {
      String what =
          switch (e.leg()) {
            case NONE -> "no credentials";
            case NEGOTIATE -> "NEGOTIATE";
            case AUTHENTICATE -> "AUTHENTICATE";
            case OTHER -> "other token";
          };
      String detail = "";
      if (e.leg() == AccessLog.Leg.NEGOTIATE && e.challengeTimestamp() != null) {
        detail = "CHALLENGE by " + e.challengeIssuer() + " @" + clock(e.challengeTimestamp());
      } else if (e.leg() == AccessLog.Leg.AUTHENTICATE && e.challengeTimestamp() != null) {
        detail = "answers " + e.challengeIssuer() + " @" + clock(e.challengeTimestamp());
      }
      out.println(
          String.format(
                  "     %-14s -> %s  connection %-4s (peer %s)  %-17s %s",
                  what, e.node(), shortId(e.connection()), e.peer(), e.statusTriple(), detail)
              .stripTrailing());
    }
  }

  private static void statuses(ModeRun run, PrintStream out) {
    out.println("   access log, requests by sc-status sc-substatus sc-win32-status:");
    for (String node : run.snapshots().keySet()) {
      Map<String, Integer> counts = new LinkedHashMap<>();
      for (AccessLog.Entry e : run.access()) {
        if (e.node().equals(node)) {
          counts.merge(e.statusTriple(), 1, Integer::sum);
        }
      }
      StringBuilder line = new StringBuilder();
      counts.forEach((k, v) -> line.append(String.format("  %s x%d", k, v)));
      out.println("     " + node + line);
    }
  }

  private static void findings(ModeRun run, PrintStream out) {
    out.println("   findings (each node's own view, on its /ntlm-affinity):");
    Map<FindingType, Finding> examples = new LinkedHashMap<>();
    for (Map.Entry<String, DiagnosticsSnapshot> s : run.snapshots().entrySet()) {
      StringBuilder line = new StringBuilder();
      for (FindingType type : FindingType.values()) {
        long n = s.getValue().counters().findings(type);
        if (n > 0) {
          line.append("  ").append(type).append(" x").append(n);
        }
      }
      out.println("     " + s.getKey() + (line.length() == 0 ? "  none" : line.toString()));
      for (Finding f : run.findings(s.getKey())) {
        examples.putIfAbsent(f.type(), f);
      }
    }
    List<Finding> shown = new ArrayList<>(examples.values());
    for (Finding f : shown) {
      out.println();
      out.println("     " + f.node() + " " + f.severity() + " " + f.type() + ":");
      out.println("       " + f.explanation());
      if (SPLITS.contains(f.type()) || f.type() == FindingType.CHALLENGE_ABANDONED) {
        out.println("       advice: " + f.advice());
      }
    }
  }

  /** The closing table of all modes. */
  static void summary(List<ModeRun> runs, PrintStream out) {
    out.println("== summary");
    out.printf(
        "   %-14s %9s %7s %12s %18s %20s %8s%n",
        "mode",
        "logins ok",
        "failed",
        "split nodes",
        "split connections",
        "challenge abandoned",
        "took");
    for (ModeRun r : runs) {
      long ok = r.logins().stream().filter(Login::ok).count();
      out.printf(
          "   %-14s %9d %7d %12d %18d %20d %7.1fs%n",
          r.mode().label(),
          ok,
          r.logins().size() - ok,
          r.count(FindingType.HANDSHAKE_SPLIT_ACROSS_NODES),
          r.count(FindingType.HANDSHAKE_SPLIT_ACROSS_CONNECTIONS),
          r.count(FindingType.CHALLENGE_ABANDONED),
          r.took().toMillis() / 1000.0);
    }
  }

  /** What {@code --serve} prints once everything runs again. */
  static void serving(List<ModeRun> runs, PrintStream out) {
    out.println();
    out.println("== serving (Ctrl-C stops)");
    for (ModeRun r : runs) {
      Cluster c = r.cluster();
      out.println(
          "   "
              + r.mode().label()
              + ": balancer "
              + c.balancer().uri()
              + "app/   diagnostics "
              + c.nodeA().diagnosticsUri()
              + "  "
              + c.nodeB().diagnosticsUri());
    }
  }

  /** What {@code --nodes-only} prints. */
  static void nodesOnly(Cluster nodes, UserTable users, PrintStream out) {
    out.println("== nodes only (Ctrl-C stops); put your balancer in front of:");
    for (BackendNode n : nodes.nodes()) {
      NodeIdentity id = n.identity();
      out.println(
          "   "
              + id.nodeName()
              + "  "
              + n.uri()
              + "   NTLM names "
              + id.nbComputerName()
              + ", "
              + id.dnsComputerName()
              + "   diagnostics "
              + n.diagnosticsUri()
              + " (JSON: ?format=json)");
    }
    out.println(
        "   every other path asks for NTLM or Negotiate; accounts: "
            + users.accounts().stream().map(UserTable.Account::qualified).toList()
            + "; trusted proxy: "
            + BackendNode.TRUSTED_PROXY);
  }

  /**
   * Jetty's connection ids read {@code /127.0.0.1:44258@1e468695#12}: peer, hash, and a number; the
   * number alone tells a node's connections apart in a table.
   */
  static String shortId(String connectionId) {
    int hash = connectionId.lastIndexOf('#');
    return hash >= 0 && hash < connectionId.length() - 1
        ? connectionId.substring(hash)
        : connectionId;
  }

  private static String clock(long fileTime) {
    return CLOCK.format(FileTimes.toInstant(fileTime));
  }
}
