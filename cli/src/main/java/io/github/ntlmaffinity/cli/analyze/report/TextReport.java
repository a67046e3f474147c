package io.github.ntlmaffinity.cli.analyze.report;

import static io.github.ntlmaffinity.cli.analyze.report.Escape.terminal;

import io.github.ntlmaffinity.Finding;
import io.github.ntlmaffinity.FindingType;
import io.github.ntlmaffinity.cli.analyze.report.AnalysisReport.HandshakeReport;
import io.github.ntlmaffinity.cli.analyze.report.AnalysisReport.Leg;
import io.github.ntlmaffinity.cli.analyze.report.AnalysisReport.Note;
import io.github.ntlmaffinity.cli.analyze.report.AnalysisReport.ServerSummary;
import io.github.ntlmaffinity.cli.analyze.report.AnalysisReport.Source;
import io.github.ntlmaffinity.internal.IsoInstant;
import java.io.IOException;
import java.util.Map;

/**
 * The report for people, as plain text: summary first, then each broken handshake with its legs and
 * the findings' explanation and advice. Everything read from the input is escaped with {@link
 * Escape#terminal}.
 */
public final class TextReport {
  private TextReport() {}

  /** Writes {@code report} to {@code out}. */
  public static void write(AnalysisReport report, Appendable out) throws IOException {
    for (Source s : report.sources()) {
      out.append(terminal(s.name()))
          .append(": ")
          .append(terminal(s.format()))
          .append(", ")
          .append(Long.toString(s.items()))
          .append(' ')
          .append(s.unit())
          .append(", ")
          .append(Long.toString(s.bytes()))
          .append(" bytes")
          .append(s.partial() ? " (PARTIAL)" : "")
          .append('\n');
      for (String d : s.detail()) {
        out.append("  ").append(terminal(d)).append('\n');
      }
    }
    AnalysisReport.Summary sum = report.summary();
    out.append('\n')
        .append("Handshakes: ")
        .append(Long.toString(sum.handshakes()))
        .append(" seen, ")
        .append(Long.toString(sum.broken()))
        .append(" broken");
    if (sum.first() != null) {
      out.append(" (")
          .append(IsoInstant.of(sum.first()))
          .append(" to ")
          .append(IsoInstant.of(sum.last()));
      out.append(')');
    }
    out.append('\n');
    for (Map.Entry<FindingType, Long> e :
        new java.util.TreeMap<>(sum.findingsByType()).entrySet()) {
      out.append("  ")
          .append(e.getKey().name())
          .append(": ")
          .append(Long.toString(e.getValue()))
          .append("  (")
          .append(e.getKey().title())
          .append(")\n");
    }
    for (ServerSummary s : sum.servers()) {
      out.append("  server ")
          .append(terminal(s.server()))
          .append(s.names().isEmpty() ? "" : " " + terminal(String.join(",", s.names())))
          .append(": ")
          .append(Long.toString(s.handshakes()))
          .append(" handshakes, ")
          .append(Long.toString(s.broken()))
          .append(" broken, ")
          .append(Long.toString(s.findings()))
          .append(" findings\n");
    }
    for (Note n : report.notes()) {
      out.append(n.level().name()).append(": ").append(terminal(n.text())).append('\n');
    }
    Map<String, String> serverOf = serverOfName(report);
    for (HandshakeReport h : report.handshakes()) {
      if (h.broken()) {
        handshake(h, serverOf, out);
      }
    }
    if (!report.findings().isEmpty()) {
      out.append("\nOther findings:\n");
      for (Finding f : report.findings()) {
        finding(f, out);
      }
    }
  }

  /** Each NTLM computer name seen in a CHALLENGE, upper case, with the server that sent it. */
  static Map<String, String> serverOfName(AnalysisReport report) {
    Map<String, String> m = new java.util.HashMap<>();
    for (ServerSummary s : report.summary().servers()) {
      for (String name : s.names()) {
        m.putIfAbsent(name.toUpperCase(java.util.Locale.ROOT), s.server());
      }
    }
    return m;
  }

  private static void handshake(HandshakeReport h, Map<String, String> serverOf, Appendable out)
      throws IOException {
    out.append("\nHandshake #")
        .append(Integer.toString(h.number()))
        .append(" BROKEN, ")
        .append(h.outcome())
        .append(h.user() == null ? "" : ", user " + terminal(h.user()))
        .append('\n');
    for (Leg l : h.legs()) {
      out.append(l.misplaced() ? "  >> " : "     ")
          .append(IsoInstant.of(l.time()))
          .append("  ")
          .append(terminal(l.client()))
          .append(" -> ")
          .append(terminal(l.server()))
          .append("  ")
          .append(terminal(l.message()));
      if (l.status() != 0) {
        out.append("  ").append(Integer.toString(l.status()));
      }
      if (l.issuer() != null) {
        out.append(l.message().equals("CHALLENGE") ? "  issuer " : "  answers issuer ")
            .append(terminal(l.issuer()));
        String server = serverOf.get(l.issuer().toUpperCase(java.util.Locale.ROOT));
        if (!l.message().equals("CHALLENGE") && server != null) {
          out.append(" (").append(terminal(server)).append(')');
        }
      }
      if (l.inferred()) {
        out.append("  (inferred)");
      }
      out.append('\n');
    }
    for (Finding f : h.findings()) {
      finding(f, out);
    }
  }

  private static void finding(Finding f, Appendable out) throws IOException {
    out.append("  ")
        .append(f.severity().name())
        .append(' ')
        .append(f.type().name())
        .append(" on ")
        .append(terminal(f.node()))
        .append(": ")
        .append(terminal(f.explanation()))
        .append('\n');
    if (f.advice() != null && !f.advice().isEmpty()) {
      out.append("    advice: ").append(terminal(f.advice())).append('\n');
    }
  }
}
