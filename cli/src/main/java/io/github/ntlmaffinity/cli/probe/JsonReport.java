package io.github.ntlmaffinity.cli.probe;

import io.github.ntlmaffinity.internal.report.JsonWriter;

/** The report as one JSON document with a top-level {@code "verdict"}. */
final class JsonReport {
  private JsonReport() {}

  static String of(Report r) {
    StringBuilder out = new StringBuilder();
    JsonWriter w = new JsonWriter(out, "  ");
    w.beginObject();
    w.name("verdict").value(r.verdict().kind().name());
    w.name("reason").value(r.verdict().reason());
    w.name("decide");
    if (r.verdict().decide() == null) {
      w.nullValue();
    } else {
      w.value(r.verdict().decide());
    }
    w.name("exitStatus").value(r.verdict().kind().exitStatus());
    w.name("url").value(r.url());
    w.name("level").value(r.level());
    w.name("user");
    if (r.user() == null) {
      w.nullValue();
    } else {
      w.value(r.user());
    }
    if (r.endpoint() != null) {
      w.name("endpoint").value(r.endpoint());
    }
    w.name("balancer").beginObject();
    w.name("kind").value(r.balancer().name());
    w.name("source").value(r.balancerSource());
    w.endObject();
    if (r.confirmation() != null) {
      w.name("account").value(r.confirmation());
    }
    w.name("handshakes").beginObject();
    w.name("sent").value(r.handshakesSent());
    w.name("allowed").value(r.handshakesAllowed());
    w.endObject();
    w.name("checks").beginArray();
    for (Check c : r.checks()) {
      w.beginObject();
      w.name("id").value(c.id());
      w.name("title").value(c.title());
      w.name("status").value(c.status().name());
      w.name("summary").value(c.summary());
      w.name("evidence").beginArray();
      for (String line : c.evidence()) {
        w.value(line);
      }
      w.endArray();
      String advice = r.advice(c);
      if (advice != null) {
        w.name("finding").value(c.finding().name());
        w.name("advice").value(advice);
      }
      w.endObject();
    }
    w.endArray();
    w.endObject();
    return out.append('\n').toString();
  }

  /** The document for a run that could not finish: verdict {@code ERROR}, exit status 3. */
  static String error(String message) {
    StringBuilder out = new StringBuilder();
    new JsonWriter(out, "  ")
        .beginObject()
        .name("verdict")
        .value("ERROR")
        .name("error")
        .value(message)
        .name("exitStatus")
        .value(ProbeCommand.EXIT_ERROR)
        .endObject();
    return out.append('\n').toString();
  }
}
