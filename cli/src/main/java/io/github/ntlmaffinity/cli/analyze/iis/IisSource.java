package io.github.ntlmaffinity.cli.analyze.iis;

import io.github.ntlmaffinity.Balancer;
import io.github.ntlmaffinity.ConnectionInfo;
import io.github.ntlmaffinity.Finding;
import io.github.ntlmaffinity.FindingType;
import io.github.ntlmaffinity.Severity;
import io.github.ntlmaffinity.cli.analyze.iis.IisFinding.Certainty;
import io.github.ntlmaffinity.cli.analyze.report.AnalysisReport;
import io.github.ntlmaffinity.cli.analyze.report.AnalysisReport.HandshakeReport;
import io.github.ntlmaffinity.cli.analyze.report.AnalysisReport.Level;
import io.github.ntlmaffinity.cli.analyze.report.AnalysisReport.Note;
import io.github.ntlmaffinity.cli.analyze.report.AnalysisReport.ServerSummary;
import io.github.ntlmaffinity.cli.analyze.report.AnalysisReport.Source;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * {@code analyze} on IIS W3C logs (and HTTP.sys error logs) of one or more servers: the entry point
 * of this package for the command. The result is the same report the capture analysis gives, so the
 * text, JSON and HTML writers show it the same way; each leg and finding says how sure it is.
 *
 * <p>Internal to the CLI, not API.
 */
public final class IisSource {
  private IisSource() {}

  /**
   * Analyses {@code files}.
   *
   * @param files the log files
   * @param serverFlags the command's {@code --server} values; those of the form {@code NAME=FILE}
   *     name the server that wrote a file, the others are ignored here
   * @param settings the engine settings; {@code balancer} words the advice
   * @throws IllegalArgumentException for a bad balancer name
   * @throws UncheckedIOException when reading fails in a way the reader does not report per line
   */
  public static AnalysisReport analyze(
      List<Path> files, List<String> serverFlags, Map<String, String> settings) {
    Map<Path, String> servers = new HashMap<>();
    for (String flag : serverFlags) {
      int eq = flag.indexOf('=');
      if (eq > 0) {
        servers.put(Path.of(flag.substring(eq + 1)), flag.substring(0, eq));
      }
    }
    Balancer balancer = balancer(settings.get("balancer"));
    try {
      IisReport r =
          IisAnalyzer.analyze(
              files,
              servers,
              balancer,
              IisAnalyzer.DEFAULT_WINDOW,
              LineReader.DEFAULT_MAX_LINE_BYTES);
      return report(files, r);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static Balancer balancer(String name) {
    if (name == null) {
      return Balancer.GENERIC;
    }
    try {
      return Balancer.valueOf(name.trim().toUpperCase(Locale.ROOT).replace('-', '_'));
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(
          "balancer: expected one of " + java.util.Arrays.toString(Balancer.values()));
    }
  }

  static AnalysisReport report(List<Path> paths, IisReport r) throws IOException {
    IisAnalysis a = r.analysis();
    List<Source> sources = new ArrayList<>();
    for (int i = 0; i < r.files().size(); i++) {
      IisReport.FileInfo f = r.files().get(i);
      List<String> detail = new ArrayList<>();
      if (f.software() != null) {
        detail.add(f.software());
      }
      detail.add(
          "fields: "
              + (f.port() ? "REMOTE_PORT/c-port" : "no port")
              + ", "
              + (f.forwardedFor() ? "X-Forwarded-For" : "no X-Forwarded-For")
              + (f.computerName() ? ", s-computername" : ""));
      boolean partial = false;
      for (InputProblems.Sample s : r.problems().samples()) {
        if (s.where().equals(f.name()) || s.where().startsWith(f.name() + ":")) {
          detail.add(s.toString());
          partial |= s.losesData();
        }
      }
      long bytes = i < paths.size() && Files.exists(paths.get(i)) ? Files.size(paths.get(i)) : 0;
      sources.add(
          new Source(f.name(), "IIS W3C log", bytes, f.entries(), "log lines", partial, detail));
    }
    List<HandshakeReport> handshakes = new ArrayList<>();
    List<Finding> other = new ArrayList<>();
    Map<String, long[]> perServer = new LinkedHashMap<>();
    for (ServerStats s : a.servers().values()) {
      perServer.put(s.server, new long[3]);
    }
    for (IisFinding f : a.findings()) {
      Finding finding = finding(f);
      long[] counts = perServer.computeIfAbsent(f.server(), k -> new long[3]);
      counts[2]++;
      boolean error = f.type().severity() == Severity.ERROR;
      boolean handshake =
          f.type() == FindingType.HANDSHAKE_SPLIT_ACROSS_NODES
              || f.type() == FindingType.HANDSHAKE_SPLIT_ACROSS_CONNECTIONS
              || f.type() == FindingType.UNMATCHED_AUTHENTICATE;
      if (!handshake) {
        other.add(finding);
        continue;
      }
      if (error) {
        counts[1]++;
      }
      List<AnalysisReport.Leg> legs = new ArrayList<>();
      List<IisEntry> ev = f.evidence();
      for (int i = 0; i < ev.size(); i++) {
        IisEntry e = ev.get(i);
        boolean last = i == ev.size() - 1;
        legs.add(
            new AnalysisReport.Leg(
                e.time(),
                e.connection() != null ? e.connection() : String.valueOf(e.client()),
                e.server(),
                message(e),
                e.status(),
                null,
                last && error,
                f.certainty() != Certainty.EXACT));
      }
      IisEntry refused = ev.get(ev.size() - 1);
      handshakes.add(
          new HandshakeReport(
              handshakes.size() + 1, error, "failed", refused.user(), legs, List.of(finding)));
    }
    List<ServerSummary> servers = new ArrayList<>();
    for (ServerStats s : a.servers().values()) {
      long[] c = perServer.get(s.server);
      servers.add(
          new ServerSummary(
              s.server,
              List.of(),
              s.authenticated + s.invalidToken + s.logonDenied + s.wrongPrincipal + s.badBindings,
              c[1],
              c[2]));
    }
    long ended = 0;
    for (ServerStats s : a.servers().values()) {
      ended += s.authenticated + s.invalidToken + s.logonDenied + s.wrongPrincipal + s.badBindings;
    }
    List<Note> notes = new ArrayList<>();
    notes.add(
        new Note(
            Level.INFO,
            "IIS logs hold no NTLM token: a refused AUTHENTICATE is tied to the 401 it answers by"
                + " client (X-Forwarded-For, else c-ip and user agent), URI and a "
                + IisAnalyzer.DEFAULT_WINDOW.toSeconds()
                + " s window, marked inferred; with REMOTE_PORT logged the connections are exact."
                + " Handshakes counted here are the requests that ended one (accepted or"
                + " refused)."));
    if (r.partial()) {
      notes.add(
          new Note(
              Level.PARTIAL,
              "Some lines could not be read (see the files above); the results cover the rest."));
    }
    for (IisNote n : r.notes()) {
      notes.add(
          new Note(
              n.kind() == IisNote.Kind.NO_PORT_FIELD || n.kind() == IisNote.Kind.NO_FORWARDED_FOR
                  ? Level.INFO
                  : Level.WARNING,
              n.advice() == null ? n.text() : n.text() + " " + n.advice()));
    }
    long listed = a.findings().size();
    long total = a.counts().values().stream().mapToLong(Long::longValue).sum();
    if (listed < total) {
      notes.add(
          new Note(
              Level.INFO,
              "Only the first "
                  + listed
                  + " of "
                  + total
                  + " findings are listed; counts are exact."));
    }
    AnalysisReport.Summary summary =
        new AnalysisReport.Summary(
            ended, errorCount(a), a.counts(), servers, a.first(), a.last(), 0);
    return new AnalysisReport(sources, summary, handshakes, other, notes);
  }

  /** {@code 401 1 2148074248, SEC_E_INVALID_TOKEN}, or the bare three numbers. */
  private static String message(IisEntry e) {
    IisCode code = IisCode.of(e);
    return switch (code) {
      case OTHER, OTHER_401, AUTHENTICATED -> e.triple();
      default -> code.text();
    };
  }

  private static long errorCount(IisAnalysis a) {
    long n = 0;
    for (Map.Entry<FindingType, Long> e : a.counts().entrySet()) {
      if (e.getKey().severity() == Severity.ERROR) {
        n += e.getValue();
      }
    }
    return n;
  }

  private static Finding finding(IisFinding f) {
    IisEntry e = f.evidence().get(f.evidence().size() - 1);
    ConnectionInfo conn =
        new ConnectionInfo(null, null, 0, e.clientIp(), Math.max(0, e.clientPort()), e.protocol());
    ConnectionInfo other = null;
    if (f.evidence().size() > 1) {
      IisEntry o = f.evidence().get(0);
      other =
          new ConnectionInfo(
              null, null, 0, o.clientIp(), Math.max(0, o.clientPort()), o.protocol());
    }
    return new Finding(
        f.type(),
        f.time(),
        f.server(),
        null,
        conn,
        other,
        f.otherServer(),
        f.client(),
        e.user(),
        null,
        null,
        f.explanation() + " [" + f.certainty().text() + "; " + String.join(", ", f.lines()) + "]",
        f.advice());
  }
}
