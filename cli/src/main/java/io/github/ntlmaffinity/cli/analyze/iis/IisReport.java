package io.github.ntlmaffinity.cli.analyze.iis;

import com.fasterxml.jackson.core.JsonEncoding;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import io.github.ntlmaffinity.FindingType;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * The result of analysing IIS logs: what was read, what could not be, the per-server counts, the
 * findings and the notes; written as text for a terminal or as JSON. Internal, not API.
 *
 * @param files each file read
 * @param problems what could not be read
 * @param analysis the reconstruction
 * @param notes what the logs say beyond the finding types, and which fields to add
 */
record IisReport(
    List<FileInfo> files, InputProblems problems, IisAnalysis analysis, List<IisNote> notes) {

  /** Whether any line was lost, so the results are partial. */
  boolean partial() {
    return problems.partial();
  }

  /** Findings of a type, exact. */
  long count(FindingType type) {
    return analysis.counts().getOrDefault(type, 0L);
  }

  void writeText(PrintStream out) {
    IisAnalysis a = analysis;
    out.println(
        "IIS logs: "
            + files.size()
            + " file(s), "
            + a.entries()
            + " lines"
            + (a.first() == null ? "" : ", " + a.first() + " to " + a.last()));
    if (partial()) {
      out.println(
          "PARTIAL: some lines could not be read (see \"Input\" below); results cover the"
              + " rest.");
    }
    out.println();
    out.println(
        "Per server:          lines   401.2   CHALLENGE   logged-in   invalid-token"
            + "   denied   bad-bindings");
    for (ServerStats s : a.servers().values()) {
      out.printf(
          "  %-16s %8d %7d %11d %11d %15d %8d %14d%n",
          Terminal.safe(s.server),
          s.lines,
          s.anonymous,
          s.challenges,
          s.authenticated,
          s.invalidToken,
          s.logonDenied,
          s.badBindings);
    }
    out.println();
    if (a.counts().isEmpty()) {
      out.println("Findings: none.");
    } else {
      out.println("Findings:");
      for (Map.Entry<FindingType, Long> e : a.counts().entrySet()) {
        out.println("  " + e.getValue() + " x " + e.getKey() + " (" + e.getKey().title() + ")");
      }
    }
    for (IisFinding f : a.findings()) {
      out.println();
      out.println(
          f.time()
              + " "
              + f.type()
              + " on "
              + Terminal.safe(f.server())
              + (f.otherServer() == null
                  ? ""
                  : " (CHALLENGE from " + Terminal.safe(f.otherServer()) + ")"));
      out.println("  " + Terminal.safe(f.explanation()));
      out.println("  certainty: " + f.certainty().text());
      out.println("  lines: " + Terminal.safe(String.join(", ", f.lines())));
      out.println("  advice: " + f.advice());
    }
    if (a.findings().size() < a.counts().values().stream().mapToLong(Long::longValue).sum()) {
      out.println();
      out.println(
          "(only the first "
              + IisAnalysis.MAX_FINDINGS_KEPT
              + " findings are listed; the counts above are exact)");
    }
    if (!notes.isEmpty()) {
      out.println();
      out.println("Notes:");
      for (IisNote n : notes) {
        out.println("  - " + n.text());
        if (n.advice() != null) {
          out.println("    " + n.advice());
        }
      }
    }
    out.println();
    out.println("Input:");
    for (FileInfo f : files) {
      out.println(
          "  "
              + Terminal.safe(f.name())
              + ": "
              + f.entries()
              + " entries"
              + (f.software() == null ? "" : ", " + Terminal.safe(f.software()))
              + (f.port() ? ", REMOTE_PORT/c-port" : "")
              + (f.forwardedFor() ? ", X-Forwarded-For" : "")
              + (f.computerName() ? ", s-computername" : ""));
    }
    for (Map.Entry<InputProblems.Kind, Long> e : problems.counts().entrySet()) {
      out.println("  " + e.getValue() + " x " + e.getKey().text());
    }
    for (String s : problems.samples()) {
      out.println("    " + Terminal.safe(s));
    }
  }

  void writeJson(OutputStream stream) throws IOException {
    try (JsonGenerator g =
        new JsonFactory()
            .createGenerator(stream, JsonEncoding.UTF8)
            .disable(JsonGenerator.Feature.AUTO_CLOSE_TARGET)
            .useDefaultPrettyPrinter()) {
      IisAnalysis a = analysis;
      g.writeStartObject();
      g.writeStringField("format", "iis-w3c");
      g.writeBooleanField("partial", partial());
      g.writeNumberField("lines", a.entries());
      field(g, "first", a.first());
      field(g, "last", a.last());
      g.writeArrayFieldStart("servers");
      for (ServerStats s : a.servers().values()) {
        g.writeStartObject();
        g.writeStringField("server", s.server);
        g.writeNumberField("lines", s.lines);
        g.writeNumberField("anonymous401", s.anonymous);
        g.writeNumberField("challenges", s.challenges);
        g.writeNumberField("authenticated", s.authenticated);
        g.writeNumberField("invalidToken", s.invalidToken);
        g.writeNumberField("logonDenied", s.logonDenied);
        g.writeNumberField("wrongPrincipal", s.wrongPrincipal);
        g.writeNumberField("badBindings", s.badBindings);
        g.writeEndObject();
      }
      g.writeEndArray();
      g.writeObjectFieldStart("counts");
      for (Map.Entry<FindingType, Long> e : a.counts().entrySet()) {
        g.writeNumberField(e.getKey().name(), e.getValue());
      }
      g.writeEndObject();
      g.writeArrayFieldStart("findings");
      for (IisFinding f : a.findings()) {
        g.writeStartObject();
        g.writeStringField("type", f.type().name());
        g.writeStringField("severity", f.type().severity().name());
        field(g, "time", f.time());
        g.writeStringField("server", f.server());
        g.writeStringField("otherServer", f.otherServer());
        g.writeStringField("client", f.client());
        g.writeStringField("connection", f.connection());
        g.writeStringField("otherConnection", f.otherConnection());
        g.writeStringField("certainty", f.certainty().name());
        g.writeStringField("explanation", f.explanation());
        g.writeStringField("advice", f.advice());
        g.writeArrayFieldStart("lines");
        for (String l : f.lines()) {
          g.writeString(l);
        }
        g.writeEndArray();
        g.writeEndObject();
      }
      g.writeEndArray();
      g.writeArrayFieldStart("notes");
      for (IisNote n : notes) {
        g.writeStartObject();
        g.writeStringField("kind", n.kind().name());
        g.writeStringField("text", n.text());
        g.writeStringField("advice", n.advice());
        g.writeEndObject();
      }
      g.writeEndArray();
      g.writeArrayFieldStart("files");
      for (FileInfo f : files) {
        g.writeStartObject();
        g.writeStringField("name", f.name());
        g.writeStringField("software", f.software());
        g.writeNumberField("entries", f.entries());
        g.writeBooleanField("port", f.port());
        g.writeBooleanField("forwardedFor", f.forwardedFor());
        g.writeBooleanField("computerName", f.computerName());
        g.writeEndObject();
      }
      g.writeEndArray();
      g.writeObjectFieldStart("problems");
      for (Map.Entry<InputProblems.Kind, Long> e : problems.counts().entrySet()) {
        g.writeNumberField(e.getKey().name(), e.getValue());
      }
      g.writeEndObject();
      g.writeArrayFieldStart("problemSamples");
      for (String s : problems.samples()) {
        g.writeString(s);
      }
      g.writeEndArray();
      g.writeEndObject();
    }
  }

  private static void field(JsonGenerator g, String name, Instant t) throws IOException {
    g.writeStringField(name, t == null ? null : t.toString());
  }

  /**
   * One file read.
   *
   * @param name its display name
   * @param software its {@code #Software} directive, or {@code null}
   * @param entries the entries read from it
   * @param port whether it logs the balancer's port
   * @param forwardedFor whether it logs {@code X-Forwarded-For}
   * @param computerName whether it logs {@code s-computername}
   */
  record FileInfo(
      String name,
      String software,
      long entries,
      boolean port,
      boolean forwardedFor,
      boolean computerName) {

    /** Whether it is HTTP.sys's error log ({@code #Software: Microsoft HTTP API}). */
    boolean httpErr() {
      return software != null && software.startsWith("Microsoft HTTP API");
    }
  }
}
