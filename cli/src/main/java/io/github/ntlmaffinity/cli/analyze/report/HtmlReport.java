package io.github.ntlmaffinity.cli.analyze.report;

import static io.github.ntlmaffinity.cli.analyze.report.Escape.html;

import io.github.ntlmaffinity.Finding;
import io.github.ntlmaffinity.FindingType;
import io.github.ntlmaffinity.cli.analyze.report.AnalysisReport.HandshakeReport;
import io.github.ntlmaffinity.cli.analyze.report.AnalysisReport.Leg;
import io.github.ntlmaffinity.cli.analyze.report.AnalysisReport.Note;
import io.github.ntlmaffinity.cli.analyze.report.AnalysisReport.ServerSummary;
import io.github.ntlmaffinity.cli.analyze.report.AnalysisReport.Source;
import io.github.ntlmaffinity.internal.IsoInstant;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.TreeMap;

/**
 * The report as one self-contained HTML page (no external resource, no script): summary, a timeline
 * per broken handshake drawn in inline SVG ({@link Timeline}), legs and findings. Readable at phone
 * width. Everything read from the input is escaped with {@link Escape#html}.
 */
public final class HtmlReport {
  private HtmlReport() {}

  /** Writes {@code report} to {@code out}. */
  public static void write(AnalysisReport report, Appendable out) throws IOException {
    out.append("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">")
        .append("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">")
        .append("<title>ntlm-affinity analysis</title><style>")
        .append(css())
        .append("</style></head><body><h1>NTLM handshake analysis</h1>\n");
    out.append("<section><h2>Input</h2><ul>");
    for (Source s : report.sources()) {
      out.append("<li>")
          .append(html(s.name()))
          .append(": ")
          .append(html(s.format()))
          .append(", ")
          .append(Long.toString(s.items()))
          .append(' ')
          .append(html(s.unit()))
          .append(s.partial() ? " <b class=\"bad\">partial</b>" : "");
      for (String d : s.detail()) {
        out.append("<br><small>").append(html(d)).append("</small>");
      }
      out.append("</li>");
    }
    out.append("</ul></section>\n");
    summary(report, out);
    if (!report.notes().isEmpty()) {
      out.append("<section><h2>Notes</h2><ul>");
      for (Note n : report.notes()) {
        out.append("<li class=\"")
            .append(n.level().name().toLowerCase(java.util.Locale.ROOT))
            .append("\">")
            .append(html(n.text()))
            .append("</li>");
      }
      out.append("</ul></section>\n");
    }
    out.append("<section><h2>Timeline</h2>");
    Timeline.svg(report.handshakes(), out);
    out.append("</section>\n");
    for (HandshakeReport h : report.handshakes()) {
      if (h.broken()) {
        handshake(h, out);
      }
    }
    if (!report.findings().isEmpty()) {
      out.append("<section><h2>Other findings</h2>");
      for (Finding f : report.findings()) {
        finding(f, out);
      }
      out.append("</section>");
    }
    out.append("</body></html>\n");
  }

  private static void summary(AnalysisReport report, Appendable out) throws IOException {
    AnalysisReport.Summary s = report.summary();
    out.append("<section><h2>Summary</h2><p class=\"big\">")
        .append(Long.toString(s.handshakes()))
        .append(" handshakes, <b class=\"")
        .append(s.broken() > 0 ? "bad" : "ok")
        .append("\">")
        .append(Long.toString(s.broken()))
        .append(" broken</b></p>");
    if (s.first() != null) {
      out.append("<p>")
          .append(IsoInstant.of(s.first()))
          .append(" to ")
          .append(IsoInstant.of(s.last()));
      out.append("</p>");
    }
    out.append("<table><tr><th>finding</th><th>count</th></tr>");
    for (Map.Entry<FindingType, Long> e : new TreeMap<>(s.findingsByType()).entrySet()) {
      out.append("<tr><td>")
          .append(e.getKey().name())
          .append("<br><small>")
          .append(html(e.getKey().title()))
          .append("</small></td><td>")
          .append(Long.toString(e.getValue()))
          .append("</td></tr>");
    }
    out.append("</table><table><tr><th>server</th><th>handshakes</th><th>broken</th></tr>");
    for (ServerSummary v : s.servers()) {
      out.append("<tr><td>")
          .append(html(v.server()))
          .append("<br><small>")
          .append(html(String.join(", ", v.names())))
          .append("</small></td><td>")
          .append(Long.toString(v.handshakes()))
          .append("</td><td>")
          .append(Long.toString(v.broken()))
          .append("</td></tr>");
    }
    out.append("</table></section>\n");
  }

  private static void handshake(HandshakeReport h, Appendable out) throws IOException {
    out.append("<section class=\"hs\" id=\"h")
        .append(Integer.toString(h.number()))
        .append("\"><h3>Handshake #")
        .append(Integer.toString(h.number()))
        .append(" <b class=\"bad\">broken</b>, ")
        .append(html(h.outcome()))
        .append(h.user() == null ? "" : ", " + html(h.user()))
        .append("</h3><ol>");
    for (Leg l : h.legs()) {
      out.append(l.misplaced() ? "<li class=\"misplaced\">" : "<li>")
          .append("<code>")
          .append(IsoInstant.of(l.time()))
          .append("</code> ")
          .append(html(l.client()))
          .append(" &rarr; ")
          .append(html(l.server()))
          .append(" <b>")
          .append(html(l.message()))
          .append("</b>")
          .append(l.status() == 0 ? "" : " " + l.status())
          .append(l.issuer() == null ? "" : " issuer " + html(l.issuer()))
          .append(l.inferred() ? " <i>(inferred)</i>" : "")
          .append("</li>");
    }
    out.append("</ol>");
    for (Finding f : h.findings()) {
      finding(f, out);
    }
    out.append("</section>\n");
  }

  private static void finding(Finding f, Appendable out) throws IOException {
    out.append("<div class=\"finding ")
        .append(f.severity().name().toLowerCase(java.util.Locale.ROOT))
        .append("\"><b>")
        .append(f.type().name())
        .append("</b> on ")
        .append(html(f.node()))
        .append("<p>")
        .append(html(f.explanation()))
        .append("</p>");
    if (f.advice() != null && !f.advice().isEmpty()) {
      out.append("<p class=\"advice\">").append(html(f.advice())).append("</p>");
    }
    out.append("</div>");
  }

  private static String css() throws IOException {
    try (InputStream in = HtmlReport.class.getResourceAsStream("report.css")) {
      return in == null ? "" : new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
  }
}
