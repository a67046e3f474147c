package io.github.ntlmaffinity.internal.report;

import static io.github.ntlmaffinity.internal.report.DiagnosticsPage.esc;

import io.github.ntlmaffinity.Counters;
import io.github.ntlmaffinity.DiagnosticsSnapshot;
import io.github.ntlmaffinity.Finding;
import io.github.ntlmaffinity.FindingType;
import io.github.ntlmaffinity.Severity;
import io.github.ntlmaffinity.wire.MessageType;
import java.time.Duration;

/**
 * The page's first sentence: what the counters say about the balancer, with one colour and, when
 * handshakes break, the fix once. Broken handshakes are the findings of severity ERROR (splits,
 * shared connections, closing CHALLENGEs, HTTP/2): counted exactly since the node started; the fix
 * is that of the most frequent kind.
 *
 * @param tone {@code bad}, {@code warn}, {@code ok} or {@code idle}: the CSS class
 * @param html the sentence and what follows it, escaped
 */
public record PageVerdict(String tone, String html) {

  static PageVerdict of(DiagnosticsSnapshot s) {
    Counters c = s.counters();
    String since = " since " + PageFormat.dateTime(s.startedAt());
    if (!s.enabled()) {
      return new PageVerdict(
          "idle",
          "<p class=\"say\">Tracking is switched off (<code>enabled=false</code>): this node"
              + " observes nothing.</p>");
    }
    long broken = 0;
    long warnings = 0;
    FindingType worst = null;
    for (FindingType t : FindingType.values()) {
      long n = c.findings(t);
      if (t.severity() == Severity.ERROR) {
        broken += n;
        if (n > 0 && (worst == null || n > c.findings(worst))) {
          worst = t;
        }
      } else if (t.severity() == Severity.WARNING) {
        warnings += n;
      }
    }
    long handshakes =
        Math.max(Math.max(c.handshakesStarted(), c.messages(MessageType.AUTHENTICATE)), broken);
    if (worst != null) {
      Finding last = newest(s, worst);
      Finding anyLast = newestError(s);
      StringBuilder h = new StringBuilder(512);
      h.append("<p class=\"say\"><b>")
          .append(headline(worst))
          .append("</b>: ")
          .append(broken)
          .append(" of ")
          .append(handshakes)
          .append(handshakes == 1 ? " handshake" : " handshakes")
          .append(since)
          .append(" broke");
      if (anyLast != null) {
        h.append(" (last ")
            .append(PageFormat.duration(Duration.between(anyLast.time(), s.takenAt())))
            .append(" ago, at ")
            .append(PageFormat.time(anyLast.time()))
            .append(')');
      }
      h.append(".</p>");
      String advice = last != null ? last.advice() : worst.advice(s.balancer());
      h.append("<p class=\"fix\"><b>Fix:</b> ").append(esc(advice)).append("</p>");
      return new PageVerdict("bad", h.toString());
    }
    boolean anyNtlm = false;
    for (MessageType t : MessageType.values()) {
      anyNtlm |= c.messages(t) > 0;
    }
    if (!anyNtlm && warnings == 0) {
      return idle(s, c, since);
    }
    StringBuilder h = new StringBuilder(256);
    h.append("<p class=\"say\"><b>No broken handshake</b> in ")
        .append(handshakes)
        .append(handshakes == 1 ? " handshake" : " handshakes")
        .append(since)
        .append(".");
    if (warnings > 0) {
      h.append(" ").append(warnings).append(warnings == 1 ? " warning" : " warnings");
      h.append(" below: not the balancer's fault by themselves, but worth a look.");
    }
    h.append("</p>");
    return new PageVerdict(warnings > 0 ? "warn" : "ok", h.toString());
  }

  private static PageVerdict idle(DiagnosticsSnapshot s, Counters c, String since) {
    StringBuilder h = new StringBuilder(768);
    h.append("<p class=\"say\"><b>No NTLM traffic seen yet</b>")
        .append(since)
        .append(".</p><p>What to check:</p><ul>");
    if (c.otherMechanismTokens() > 0) {
      h.append("<li>")
          .append(c.otherMechanismTokens())
          .append(" Kerberos (or other) Negotiate tokens came: clients that get a Kerberos")
          .append(" ticket do not use NTLM, and a balancer cannot split them this way.</li>");
    }
    h.append("<li>The filter is mapped on the paths that authenticate (e.g. <code>/*</code>),")
        .append(" for the REQUEST dispatcher.</li>")
        .append("<li>It comes before the component that authenticates (first in the filter")
        .append(" chain), so it sees the 401 that carries the CHALLENGE.</li>")
        .append("<li>The application answers with <code>WWW-Authenticate: NTLM</code> or")
        .append(" <code>Negotiate</code>: open a protected page through the balancer.</li>")
        .append("</ul>");
    return new PageVerdict("idle", h.toString());
  }

  private static String headline(FindingType t) {
    return switch (t) {
      case HANDSHAKE_SPLIT_ACROSS_NODES -> "The balancer splits NTLM handshakes across nodes";
      case HANDSHAKE_SPLIT_ACROSS_CONNECTIONS ->
          "The balancer moves NTLM handshakes to other backend connections";
      case CONNECTION_SHARED_BY_CLIENTS ->
          "The balancer shares authenticated backend connections between clients";
      case CHALLENGE_ON_CLOSING_CONNECTION ->
          "The response that carries the CHALLENGE closes its connection";
      case NTLM_OVER_HTTP2 -> "NTLM reaches this node over HTTP/2, where it cannot work";
      default -> esc(t.title());
    };
  }

  private static Finding newest(DiagnosticsSnapshot s, FindingType type) {
    for (Finding f : s.findings()) {
      if (f.type() == type) {
        return f;
      }
    }
    return null;
  }

  private static Finding newestError(DiagnosticsSnapshot s) {
    for (Finding f : s.findings()) {
      if (f.severity() == Severity.ERROR) {
        return f;
      }
    }
    return null;
  }
}
