package io.github.ntlmaffinity.cli.analyze.report;

import io.github.ntlmaffinity.ConnectionInfo;
import io.github.ntlmaffinity.Finding;
import io.github.ntlmaffinity.FindingType;
import io.github.ntlmaffinity.Observation;
import io.github.ntlmaffinity.Replay;
import io.github.ntlmaffinity.Severity;
import io.github.ntlmaffinity.Sink;
import io.github.ntlmaffinity.cli.analyze.report.AnalysisReport.Level;
import io.github.ntlmaffinity.cli.analyze.report.AnalysisReport.Note;
import io.github.ntlmaffinity.cli.analyze.report.AnalysisReport.Source;
import io.github.ntlmaffinity.wire.AuthenticateMessage;
import io.github.ntlmaffinity.wire.ChallengeMessage;
import io.github.ntlmaffinity.wire.DecodeResult;
import io.github.ntlmaffinity.wire.NegotiateMessage;
import io.github.ntlmaffinity.wire.NtlmDecoder;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Feeds {@link Observation}s to the engine ({@link Replay}) and, from the same observations, joins
 * the NTLM legs into handshakes across connections and servers, then builds the {@link
 * AnalysisReport}. Every source of {@code analyze} uses one: feed it in time order, add the {@link
 * Source}s and {@link Note}s, call {@link #finish()}.
 *
 * <p>Memory is bounded: the join tables keep at most {@value #MAX_OPEN} entries each (oldest
 * dropped), at most {@value #MAX_LISTED} healthy and {@value #MAX_LISTED} broken handshakes are
 * listed (the rest counted), at most {@value JoinedHandshake#MAX_LEGS} legs per handshake.
 */
public final class ReportCollector {
  static final int MAX_OPEN = 50_000;
  static final int MAX_LISTED = 2_000;
  static final int MAX_UNATTACHED = 2_000;

  private final Replay replay;
  private final List<Source> sources = new ArrayList<>();
  private final List<Note> notes = new ArrayList<>();
  private final Map<String, ServerCounts> servers = new LinkedHashMap<>();
  private final Map<FindingType, Long> byType = new EnumMap<>(FindingType.class);
  private final Map<ExchangeKey, Pending> byExchange = Bounded.map(MAX_OPEN);
  private final Map<String, JoinedHandshake> byConnection = Bounded.map(MAX_OPEN);
  private final Map<String, JoinedHandshake> byChallenge = Bounded.map(MAX_OPEN);
  private final Map<String, JoinedHandshake> challengeOwner = Bounded.map(MAX_OPEN);
  private final List<JoinedHandshake> listed = new ArrayList<>();
  private final List<Finding> unattached = new ArrayList<>();
  private final List<Finding> raised = new ArrayList<>();
  private long handshakes;
  private long broken;
  private long listedAtStart;
  private long listedLate;
  private long droppedFindings;
  private Instant first;
  private Instant last;
  private ConnectionInfo lastInfo;
  private String lastNode;
  private String lastConn;

  /**
   * A collector whose engine uses these settings (the keys of the filter's configuration, e.g.
   * {@code balancer}).
   *
   * @throws IllegalArgumentException naming a bad setting
   */
  public ReportCollector(Map<String, String> settings) {
    this.replay =
        Replay.builder()
            .settings(settings)
            .sink(
                new Sink() {
                  @Override
                  public void onFinding(Finding finding) {
                    raised.add(finding);
                  }
                })
            .build();
  }

  /** The engine, e.g. for {@link Replay#nodeOfName}. */
  public Replay replay() {
    return replay;
  }

  /** Adds a file read. */
  public void source(Source source) {
    sources.add(source);
  }

  /** Adds a note about the input as a whole (once per distinct text). */
  public void note(Level level, String text) {
    Note note = new Note(level, text);
    if (!notes.contains(note) && notes.size() < 100) {
      notes.add(note);
    }
  }

  /** Widens the report's first/last time to {@code time} (e.g. a packet without HTTP). */
  public void seen(Instant time) {
    if (first == null || time.isBefore(first)) {
      first = time;
    }
    if (last == null || time.isAfter(last)) {
      last = time;
    }
  }

  /** Takes the next observation, in time order. */
  public void accept(Observation o) {
    seen(o.time());
    String node = o.node();
    server(node);
    JoinedHandshake current = null;
    String closedConn = null;
    if (o instanceof Observation.Request r) {
      current = request(r);
    } else if (o instanceof Observation.Response r) {
      Pending p = byExchange.remove(new ExchangeKey(node, r.exchange()));
      if (p != null) {
        current = p.joined;
        response(r, p);
      }
    } else if (o instanceof Observation.Closed c) {
      closedConn = node + '|' + c.connectionKey();
      current = challengeOwner.get(closedConn);
    }
    replay.accept(o);
    for (Finding f : raised) {
      attach(f, current);
    }
    raised.clear();
    if (closedConn != null) {
      challengeOwner.remove(closedConn);
      byConnection.remove(closedConn);
    }
  }

  /** Ends the engine's replay and builds the report. */
  public AnalysisReport finish() {
    replay.finish();
    long open =
        byConnection.values().stream()
            .distinct()
            .filter(j -> j.challengeConnection != null && !j.answered)
            .filter(j -> j.outcome.equals("in progress"))
            .count();
    if (open > 0) {
      note(
          Level.INFO,
          open
              + " CHALLENGE(s) still waited for their AUTHENTICATE when the input ended (the"
              + " capture or log may have stopped mid-handshake).");
    }
    for (Finding f : raised) {
      attach(f, null);
    }
    raised.clear();
    List<AnalysisReport.HandshakeReport> list = new ArrayList<>(listed.size());
    listed.sort((a, b) -> Long.compare(a.number, b.number));
    for (JoinedHandshake j : listed) {
      list.add(j.report());
    }
    List<AnalysisReport.ServerSummary> perServer = new ArrayList<>();
    for (Map.Entry<String, ServerCounts> e : servers.entrySet()) {
      ServerCounts c = e.getValue();
      perServer.add(
          new AnalysisReport.ServerSummary(
              e.getKey(), List.copyOf(c.names.keySet()), c.handshakes, c.broken, c.findings));
      if (c.names.size() > 1) {
        note(
            Level.PARTIAL,
            e.getKey()
                + " sent CHALLENGEs under "
                + c.names.size()
                + " NTLM computer names: it is probably the load balancer, and this capture"
                + " shows its client side. Capture between the balancer and the servers to see"
                + " where each leg went.");
      }
    }
    if (droppedFindings > 0) {
      note(Level.WARNING, droppedFindings + " more findings not listed (cap reached).");
    }
    AnalysisReport.Summary summary =
        new AnalysisReport.Summary(
            handshakes, broken, byType, perServer, first, last, handshakes - listed.size());
    return new AnalysisReport(sources, summary, list, unattached, notes);
  }

  private JoinedHandshake request(Observation.Request r) {
    if (!(r.authorization() instanceof DecodeResult.Ntlm n)) {
      return null;
    }
    ConnectionInfo c = r.connection();
    if (c != lastInfo || !r.node().equals(lastNode)) {
      // A connection's requests share one ConnectionInfo: its key is built once, not per request.
      lastInfo = c;
      lastNode = r.node();
      lastConn = r.node() + '|' + c.key();
    }
    String conn = lastConn;
    JoinedHandshake j;
    if (n.message() instanceof NegotiateMessage) {
      j = create();
      byConnection.put(conn, j);
      add(j, r.node(), leg(r, "NEGOTIATE", null, false));
    } else if (n.message() instanceof AuthenticateMessage m) {
      String issuer = m.challengeIssuer();
      Long ts = m.challengeTimestamp();
      j = issuer == null || ts == null ? null : byChallenge.remove(key(issuer, ts));
      if (j == null) {
        j = byConnection.get(conn);
      }
      if (j == null) {
        j = create();
      }
      byConnection.remove(conn);
      boolean misplaced = j.challengeConnection != null && !j.challengeConnection.equals(conn);
      j.user = m.isAnonymous() ? "(anonymous)" : m.qualifiedUser();
      add(j, r.node(), leg(r, "AUTHENTICATE", issuer, misplaced));
      j.answered = true;
    } else {
      return null;
    }
    byExchange.put(
        new ExchangeKey(r.node(), r.exchange()), new Pending(j, j.legs.size() - 1, c, conn));
    return j;
  }

  private void response(Observation.Response r, Pending p) {
    JoinedHandshake j = p.joined;
    j.status(p.leg, r.status());
    for (String value : r.wwwAuthenticate()) {
      for (DecodeResult d : NtlmDecoder.decodeWwwAuthenticate(value)) {
        if (d instanceof DecodeResult.Ntlm n && n.message() instanceof ChallengeMessage m) {
          String name = m.targetInfo().nbComputerName();
          Long ts = m.targetInfo().timestamp();
          if (name != null) {
            server(r.node()).names.put(name, Boolean.TRUE);
            if (ts != null) {
              byChallenge.put(key(name, ts), j);
            }
          }
          String dns = m.targetInfo().dnsComputerName();
          if (name == null && dns != null && ts != null) {
            byChallenge.put(key(dns, ts), j);
          }
          j.challengeConnection = p.conn;
          byConnection.put(p.conn, j);
          challengeOwner.put(p.conn, j);
          add(
              j,
              r.node(),
              new AnalysisReport.Leg(
                  r.time(),
                  p.connection.peer(),
                  r.node(),
                  "CHALLENGE",
                  r.status(),
                  name,
                  false,
                  false));
        }
      }
    }
    if (j.answered && p.leg == j.lastAuthenticate) {
      j.outcome = r.status() < 400 ? "succeeded" : "failed";
    }
  }

  private static AnalysisReport.Leg leg(
      Observation.Request r, String message, String issuer, boolean misplaced) {
    return new AnalysisReport.Leg(
        r.time(), r.connection().peer(), r.node(), message, 0, issuer, misplaced, false);
  }

  private static String key(String name, long timestamp) {
    return name.toUpperCase(Locale.ROOT) + '|' + timestamp;
  }

  private JoinedHandshake create() {
    handshakes++;
    JoinedHandshake j = new JoinedHandshake(handshakes);
    if (listedAtStart < MAX_LISTED) {
      listedAtStart++;
      j.listed = true;
      listed.add(j);
    }
    return j;
  }

  private void add(JoinedHandshake j, String server, AnalysisReport.Leg leg) {
    if (j.add(server, leg)) {
      ServerCounts s = server(server);
      s.handshakes++;
      if (j.broken) {
        s.broken++;
      }
    }
  }

  private ServerCounts server(String node) {
    return servers.computeIfAbsent(node, k -> new ServerCounts());
  }

  private void attach(Finding f, JoinedHandshake current) {
    byType.merge(f.type(), 1L, Long::sum);
    server(f.node()).findings++;
    JoinedHandshake j = current;
    if (f.type() == FindingType.CHALLENGE_ABANDONED && f.connection() != null) {
      j = challengeOwner.get(f.node() + '|' + f.connection().key());
      if (j != null && j.outcome.equals("in progress")) {
        j.outcome = "abandoned";
      }
    }
    if (j == null || j.findings.size() >= JoinedHandshake.MAX_LEGS) {
      if (unattached.size() < MAX_UNATTACHED) {
        unattached.add(f);
      } else {
        droppedFindings++;
      }
      return;
    }
    if (f.severity() == Severity.ERROR && !j.broken) {
      j.broken = true;
      broken++;
      for (String s : j.servers.keySet()) {
        server(s).broken++;
      }
      if (!j.listed && listedLate < MAX_LISTED) {
        j.listed = true;
        listed.add(j);
        listedLate++;
      }
    }
    if (j.listed) {
      j.findings.add(f); // a handshake that is only counted keeps no finding text
    }
  }

  private record ExchangeKey(String node, long exchange) {}

  private record Pending(JoinedHandshake joined, int leg, ConnectionInfo connection, String conn) {}

  private static final class ServerCounts {
    final Map<String, Boolean> names = new LinkedHashMap<>();
    long handshakes;
    long broken;
    long findings;
  }
}
