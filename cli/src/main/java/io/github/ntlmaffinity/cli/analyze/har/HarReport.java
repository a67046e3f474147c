package io.github.ntlmaffinity.cli.analyze.har;

import com.fasterxml.jackson.core.JsonEncoding;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import io.github.ntlmaffinity.Balancer;
import io.github.ntlmaffinity.FindingType;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * What a HAR shows about NTLM, as text or JSON: a summary, the findings, and the notes (what this
 * HAR cannot tell). It never reprints a token's bytes, a cookie or any header value. Internal, not
 * API.
 *
 * @param name the file's name
 * @param har what was read
 * @param analysis what was found
 * @param notes what the reader should know about this HAR
 */
record HarReport(String name, HarReader.HarFile har, HarAnalysis analysis, List<String> notes) {

  /** The sentence every HAR report carries. */
  static final String NO_SECRETS =
      "This report shows no token bytes, no cookie values and no header values from the HAR.";

  /** Reads and analyses one HAR. */
  static HarReport analyze(String name, InputStream in, Balancer balancer)
      throws IOException, HarReader.NotHarException {
    HarReader.HarFile har = HarReader.read(in);
    HarAnalysis a = HarAnalysis.of(har, balancer);
    List<String> notes = new ArrayList<>();
    if (har.partial() != null) {
      notes.add("PARTIAL: " + har.partial() + "; the results cover the entries read.");
    }
    if (!a.connectionIds()) {
      notes.add(
          "This HAR has no connection ids (Firefox writes the server's port in \"connection\";"
              + " some exports leave it out): whether the browser sent each AUTHENTICATE on its"
              + " CHALLENGE's connection cannot be told. A Chrome or Edge export can tell.");
    }
    for (String origin : a.offeredButNoToken()) {
      notes.add(
          origin
              + " offered Negotiate/NTLM but no Authorization header is in this HAR: the browser"
              + " did not try (site not in its Intranet zone / allow-list), or the HAR was"
              + " exported sanitised (Chrome and Edge drop Authorization then): export it with"
              + " sensitive data.");
    }
    notes.add(NO_SECRETS);
    return new HarReport(name, har, a, notes);
  }

  long count(FindingType type) {
    return analysis.counts().getOrDefault(type, 0L);
  }

  boolean partial() {
    return har.partial() != null;
  }

  void writeText(PrintStream out) {
    HarAnalysis a = analysis;
    out.println(
        "HAR "
            + safe(name)
            + (har.creator() == null ? "" : " (" + safe(har.creator()) + ")")
            + ": "
            + har.entries().size()
            + " entries, "
            + a.ntlmEntries()
            + " with NTLM, "
            + a.succeeded()
            + " AUTHENTICATE accepted, "
            + a.refused()
            + " refused");
    for (Map.Entry<String, java.util.Set<String>> e : a.issuers().entrySet()) {
      out.println(
          "  "
              + safe(e.getKey())
              + ": CHALLENGEs issued by "
              + safe(String.join(", ", e.getValue())));
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
    for (HarFinding f : a.findings()) {
      out.println();
      out.println(f.time() + " " + f.type() + " at " + safe(f.origin()));
      out.println("  " + safe(f.explanation()));
      out.println("  certainty: " + (f.exact() ? "shown by the HAR" : "inferred"));
      out.println("  entries: " + f.entries());
      out.println("  advice: " + f.advice());
    }
    out.println();
    out.println("Notes:");
    for (String n : notes) {
      out.println("  - " + safe(n));
    }
  }

  void writeJson(OutputStream stream) throws IOException {
    try (JsonGenerator g =
        new JsonFactory()
            .createGenerator(stream, JsonEncoding.UTF8)
            .disable(JsonGenerator.Feature.AUTO_CLOSE_TARGET)
            .useDefaultPrettyPrinter()) {
      HarAnalysis a = analysis;
      g.writeStartObject();
      g.writeStringField("format", "har");
      g.writeStringField("file", name);
      g.writeStringField("creator", har.creator());
      g.writeBooleanField("partial", partial());
      g.writeNumberField("entries", har.entries().size());
      g.writeNumberField("ntlmEntries", a.ntlmEntries());
      g.writeNumberField("authenticateAccepted", a.succeeded());
      g.writeNumberField("authenticateRefused", a.refused());
      g.writeBooleanField("connectionIds", a.connectionIds());
      g.writeObjectFieldStart("counts");
      for (Map.Entry<FindingType, Long> e : a.counts().entrySet()) {
        g.writeNumberField(e.getKey().name(), e.getValue());
      }
      g.writeEndObject();
      g.writeArrayFieldStart("findings");
      for (HarFinding f : a.findings()) {
        g.writeStartObject();
        g.writeStringField("type", f.type().name());
        g.writeStringField("severity", f.type().severity().name());
        g.writeStringField("time", f.time() == null ? null : f.time().toString());
        g.writeStringField("origin", f.origin());
        g.writeStringField("certainty", f.exact() ? "EXACT" : "INFERRED");
        g.writeStringField("explanation", f.explanation());
        g.writeStringField("advice", f.advice());
        g.writeArrayFieldStart("entries");
        for (int i : f.entries()) {
          g.writeNumber(i);
        }
        g.writeEndArray();
        g.writeEndObject();
      }
      g.writeEndArray();
      g.writeArrayFieldStart("notes");
      for (String n : notes) {
        g.writeString(n);
      }
      g.writeEndArray();
      g.writeEndObject();
    }
  }

  /** Control, format (bidi) and unpaired surrogate characters made visible as {@code \\uXXXX}. */
  static String safe(String s) {
    if (s == null) {
      return "-";
    }
    StringBuilder b = new StringBuilder(s.length());
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      int type = Character.getType(c);
      boolean surrogateOk =
          Character.isHighSurrogate(c)
              ? i + 1 < s.length() && Character.isLowSurrogate(s.charAt(i + 1))
              : !Character.isLowSurrogate(c)
                  || (i > 0 && Character.isHighSurrogate(s.charAt(i - 1)));
      if (Character.isISOControl(c)
          || type == Character.FORMAT
          || type == Character.LINE_SEPARATOR
          || type == Character.PARAGRAPH_SEPARATOR
          || !surrogateOk) {
        b.append(String.format("\\u%04X", (int) c));
      } else {
        b.append(c);
      }
    }
    return b.toString();
  }
}
