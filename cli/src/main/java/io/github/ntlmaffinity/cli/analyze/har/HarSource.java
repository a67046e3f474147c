package io.github.ntlmaffinity.cli.analyze.har;

import io.github.ntlmaffinity.Balancer;
import io.github.ntlmaffinity.Finding;
import io.github.ntlmaffinity.FindingType;
import io.github.ntlmaffinity.Severity;
import io.github.ntlmaffinity.cli.analyze.report.AnalysisReport;
import io.github.ntlmaffinity.cli.analyze.report.AnalysisReport.HandshakeReport;
import io.github.ntlmaffinity.cli.analyze.report.AnalysisReport.Level;
import io.github.ntlmaffinity.cli.analyze.report.AnalysisReport.Note;
import io.github.ntlmaffinity.cli.analyze.report.AnalysisReport.ServerSummary;
import io.github.ntlmaffinity.cli.analyze.report.AnalysisReport.Source;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * {@code analyze} on HAR files saved from a browser: the entry point of this package for the
 * command, giving the same report as the capture analysis. Each HAR is the browser's side: its
 * "servers" are the origins it spoke to, its connections the browser's own.
 *
 * <p>Internal to the CLI, not API.
 */
public final class HarSource {
  private HarSource() {}

  /**
   * Analyses {@code files}.
   *
   * @throws IllegalArgumentException when a file is not a HAR, or for a bad balancer name
   * @throws UncheckedIOException when a file cannot be read
   */
  public static AnalysisReport analyze(List<Path> files, Map<String, String> settings) {
    try {
      return read(files, settings);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static AnalysisReport read(List<Path> files, Map<String, String> settings)
      throws IOException {
    Balancer balancer = balancer(settings.get("balancer"));
    List<Source> sources = new ArrayList<>();
    List<HandshakeReport> handshakes = new ArrayList<>();
    List<Finding> other = new ArrayList<>();
    List<Note> notes = new ArrayList<>();
    Map<FindingType, Long> byType = new EnumMap<>(FindingType.class);
    Map<String, long[]> origins = new LinkedHashMap<>();
    Map<String, List<String>> names = new LinkedHashMap<>();
    long ended = 0;
    long broken = 0;
    Instant first = null;
    Instant last = null;
    for (Path file : files) {
      HarReport r;
      try (InputStream in = new BufferedInputStream(Files.newInputStream(file))) {
        r = HarReport.analyze(String.valueOf(file), in, balancer);
      } catch (HarReader.NotHarException e) {
        throw new IllegalArgumentException(file + ": " + e.getMessage(), e);
      }
      HarAnalysis a = r.analysis();
      List<String> detail = new ArrayList<>();
      if (r.har().creator() != null) {
        detail.add("exported by " + r.har().creator());
      }
      detail.add(a.connectionIds() ? "connection ids present" : "no connection ids");
      if (r.partial()) {
        detail.add(r.har().partial());
      }
      sources.add(
          new Source(
              String.valueOf(file),
              "HAR",
              Files.size(file),
              r.har().entries().size(),
              "entries",
              r.partial(),
              detail));
      for (String n : r.notes()) {
        notes.add(new Note(n.startsWith("PARTIAL") ? Level.PARTIAL : Level.INFO, n));
      }
      ended += a.succeeded() + a.refused();
      a.counts().forEach((t, n) -> byType.merge(t, n, Long::sum));
      for (Map.Entry<String, java.util.Set<String>> e : a.issuers().entrySet()) {
        names.computeIfAbsent(e.getKey(), k -> new ArrayList<>()).addAll(e.getValue());
      }
      a.ended().forEach((o, n) -> origins.computeIfAbsent(o, k -> new long[3])[0] += n);
      for (HarEntry e : r.har().entries()) {
        if (e.started() != null) {
          first = first == null || e.started().isBefore(first) ? e.started() : first;
          last = last == null || e.started().isAfter(last) ? e.started() : last;
        }
      }
      for (HarFinding f : a.findings()) {
        boolean error = f.type().severity() == Severity.ERROR;
        long[] c = origins.computeIfAbsent(f.origin(), k -> new long[3]);
        c[2]++;
        if (error) {
          broken++;
          c[1]++;
        }
        Finding finding =
            new Finding(
                f.type(),
                f.time(),
                f.origin(),
                null,
                null,
                null,
                null,
                "the browser",
                null,
                null,
                null,
                f.explanation()
                    + " ["
                    + (f.exact() ? "shown by the HAR" : "inferred")
                    + "; entries "
                    + f.entries()
                    + "]",
                f.advice());
        if (!error || f.entries().size() < 2) {
          other.add(finding);
          continue;
        }
        List<AnalysisReport.Leg> legs = new ArrayList<>();
        List<HarEntry> all = r.har().entries();
        for (int i = 0; i < f.entries().size(); i++) {
          HarEntry e = all.get(f.entries().get(i));
          boolean authenticate = i == f.entries().size() - 1;
          legs.add(
              new AnalysisReport.Leg(
                  e.started() == null ? Instant.EPOCH : e.started(),
                  "browser connection " + (e.connection() == null ? "?" : e.connection()),
                  f.origin(),
                  authenticate ? "AUTHENTICATE" : "CHALLENGE",
                  e.status(),
                  null,
                  authenticate,
                  !f.exact()));
        }
        handshakes.add(
            new HandshakeReport(
                handshakes.size() + 1,
                true,
                f.explanation().contains("refused") ? "failed" : "succeeded",
                null,
                legs,
                List.of(finding)));
      }
    }
    List<ServerSummary> servers = new ArrayList<>();
    for (Map.Entry<String, long[]> e : origins.entrySet()) {
      long[] c = e.getValue();
      servers.add(
          new ServerSummary(
              e.getKey(), names.getOrDefault(e.getKey(), List.of()), c[0], c[1], c[2]));
    }
    AnalysisReport.Summary summary =
        new AnalysisReport.Summary(ended, broken, byType, servers, first, last, 0);
    return new AnalysisReport(sources, summary, handshakes, other, dedupe(notes));
  }

  private static List<Note> dedupe(List<Note> notes) {
    List<Note> out = new ArrayList<>();
    for (Note n : notes) {
      if (!out.contains(n)) {
        out.add(n);
      }
    }
    return out;
  }

  private static Balancer balancer(String name) {
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
}
