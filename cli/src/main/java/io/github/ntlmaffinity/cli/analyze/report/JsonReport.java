package io.github.ntlmaffinity.cli.analyze.report;

import io.github.ntlmaffinity.ConnectionInfo;
import io.github.ntlmaffinity.Finding;
import io.github.ntlmaffinity.FindingType;
import io.github.ntlmaffinity.cli.analyze.report.AnalysisReport.HandshakeReport;
import io.github.ntlmaffinity.cli.analyze.report.AnalysisReport.Leg;
import io.github.ntlmaffinity.cli.analyze.report.AnalysisReport.Note;
import io.github.ntlmaffinity.cli.analyze.report.AnalysisReport.ServerSummary;
import io.github.ntlmaffinity.cli.analyze.report.AnalysisReport.Source;
import io.github.ntlmaffinity.internal.IsoInstant;
import io.github.ntlmaffinity.internal.report.JsonWriter;
import java.io.IOException;
import java.time.Instant;
import java.util.Map;
import java.util.TreeMap;

/**
 * The report for tools, as one JSON object (schema in {@code docs/analyze.md}): {@code sources},
 * {@code summary}, {@code handshakes} (every listed one, with {@code broken}), {@code findings}
 * (tied to no handshake) and {@code notes}. Strings are JSON-escaped, control characters included.
 */
public final class JsonReport {
  private JsonReport() {}

  /**
   * Writes {@code report} to {@code out} as one line of JSON. Besides what JSON requires, bidi and
   * other invisible format characters and C1 controls are written as {@code \\uXXXX} escapes (the
   * same string to a JSON reader), so the output is safe to show on a terminal.
   */
  public static void write(AnalysisReport report, Appendable out) throws IOException {
    StringBuilder json = new StringBuilder(8192);
    write(report, new JsonWriter(new Visible(json)));
    out.append(json);
  }

  private static void write(AnalysisReport report, JsonWriter w) {
    w.beginObject().name("sources").beginArray();
    for (Source s : report.sources()) {
      w.beginObject()
          .name("name")
          .value(s.name())
          .name("format")
          .value(s.format())
          .name("bytes")
          .value(s.bytes())
          .name(s.unit())
          .value(s.items())
          .name("partial")
          .value(s.partial())
          .name("detail")
          .beginArray();
      s.detail().forEach(w::value);
      w.endArray().endObject();
    }
    w.endArray();
    AnalysisReport.Summary sum = report.summary();
    w.name("summary")
        .beginObject()
        .name("handshakes")
        .value(sum.handshakes())
        .name("broken")
        .value(sum.broken())
        .name("notListed")
        .value(sum.notListed())
        .name("first");
    instant(w, sum.first()).name("last");
    instant(w, sum.last()).name("findingsByType").beginObject();
    for (Map.Entry<FindingType, Long> e : new TreeMap<>(sum.findingsByType()).entrySet()) {
      w.name(e.getKey().name()).value(e.getValue());
    }
    w.endObject().name("servers").beginArray();
    for (ServerSummary s : sum.servers()) {
      w.beginObject().name("server").value(s.server()).name("names").beginArray();
      s.names().forEach(w::value);
      w.endArray()
          .name("handshakes")
          .value(s.handshakes())
          .name("broken")
          .value(s.broken())
          .name("findings")
          .value(s.findings())
          .endObject();
    }
    w.endArray().endObject().name("handshakes").beginArray();
    for (HandshakeReport h : report.handshakes()) {
      w.beginObject()
          .name("number")
          .value(h.number())
          .name("broken")
          .value(h.broken())
          .name("outcome")
          .value(h.outcome())
          .name("user")
          .value(h.user())
          .name("legs")
          .beginArray();
      for (Leg l : h.legs()) {
        w.beginObject().name("time");
        instant(w, l.time())
            .name("client")
            .value(l.client())
            .name("server")
            .value(l.server())
            .name("message")
            .value(l.message())
            .name("status")
            .value(l.status())
            .name("issuer")
            .value(l.issuer())
            .name("misplaced")
            .value(l.misplaced())
            .name("inferred")
            .value(l.inferred())
            .endObject();
      }
      w.endArray().name("findings").beginArray();
      h.findings().forEach(f -> finding(w, f));
      w.endArray().endObject();
    }
    w.endArray().name("findings").beginArray();
    report.findings().forEach(f -> finding(w, f));
    w.endArray().name("notes").beginArray();
    for (Note n : report.notes()) {
      w.beginObject().name("level").value(n.level().name()).name("text").value(n.text());
      w.endObject();
    }
    w.endArray().endObject();
  }

  private static JsonWriter instant(JsonWriter w, Instant t) {
    return t == null ? w.nullValue() : w.value(IsoInstant.of(t));
  }

  private static void finding(JsonWriter w, Finding f) {
    w.beginObject()
        .name("type")
        .value(f.type().name())
        .name("severity")
        .value(f.severity().name())
        .name("time");
    instant(w, f.time())
        .name("node")
        .value(f.node())
        .name("connection")
        .value(peer(f.connection()))
        .name("otherConnection")
        .value(peer(f.otherConnection()))
        .name("otherNode")
        .value(f.otherNode())
        .name("challengeIssued");
    instant(w, f.challengeIssued())
        .name("client")
        .value(f.client())
        .name("user")
        .value(f.user())
        .name("explanation")
        .value(f.explanation())
        .name("advice")
        .value(f.advice())
        .endObject();
  }

  private static String peer(ConnectionInfo c) {
    return c == null ? null : c.peer() + " -> " + c.local();
  }

  /** Passes text on, with the characters {@link Escape#terminal} hides written as JSON escapes. */
  private static final class Visible implements Appendable {
    private final StringBuilder out;

    Visible(StringBuilder out) {
      this.out = out;
    }

    @Override
    public Appendable append(CharSequence s) {
      return append(s, 0, s.length());
    }

    @Override
    public Appendable append(CharSequence s, int start, int end) {
      int run = start; // the pending run of characters passed on as they are
      for (int i = start; i < end; i++) {
        if (s.charAt(i) >= 0x7f) {
          out.append(s, run, i);
          append(s.charAt(i));
          run = i + 1;
        }
      }
      out.append(s, run, end);
      return this;
    }

    @Override
    public Appendable append(char c) {
      if (c < 0x7f) {
        out.append(c);
        return this;
      }
      int type = Character.getType(c);
      if (c <= 0x9f
          || type == Character.FORMAT
          || type == Character.LINE_SEPARATOR
          || type == Character.PARAGRAPH_SEPARATOR) {
        out.append(String.format("\\u%04x", (int) c));
      } else {
        out.append(c);
      }
      return this;
    }
  }
}
