package io.github.ntlmaffinity.servlet;

import io.github.ntlmaffinity.ConnectionInfo;
import io.github.ntlmaffinity.Counters;
import io.github.ntlmaffinity.DiagnosticsSnapshot;
import io.github.ntlmaffinity.Finding;
import io.github.ntlmaffinity.FindingType;
import io.github.ntlmaffinity.Handshake;
import io.github.ntlmaffinity.internal.Masking;
import io.github.ntlmaffinity.wire.MessageType;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.Objects;

/** The self-contained HTML page of the diagnostics endpoint: no scripts, no external resources. */
final class DiagnosticsPage {
  private static final String STYLE =
      "body{font:14px/1.4 system-ui,sans-serif;margin:1.5em;color:#222}"
          + ".config{border:2px solid #b00020;background:#fff0f0;padding:.5em 1em}"
          + "h1{font-size:1.4em}h2{font-size:1.15em;margin-top:1.6em}"
          + "table{border-collapse:collapse;width:100%}"
          + "th,td{border-bottom:1px solid #ddd;padding:4px 8px;text-align:left;vertical-align:top}"
          + "th{background:#f4f4f4}.num{text-align:right}.ERROR{color:#b00020;font-weight:600}"
          + ".WARNING{color:#8a5a00;font-weight:600}.INFO{color:#245}.zero{color:#999}"
          + ".leg{display:inline-block;margin:2px 6px 2px 0;padding:2px 6px;border-radius:4px;"
          + "background:#eef}.moved{background:#fdd}.muted{color:#666}"
          + "code{font-size:12px}.advice{color:#245}";

  private DiagnosticsPage() {}

  static String render(DiagnosticsSnapshot s, boolean maskUsers, int refreshSeconds) {
    StringBuilder h = new StringBuilder(16_384);
    h.append("<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\">");
    if (refreshSeconds > 0) {
      h.append("<meta http-equiv=\"refresh\" content=\"").append(refreshSeconds).append("\">");
    }
    h.append("<title>ntlm-affinity: ").append(esc(s.node())).append("</title>");
    h.append("<style>").append(STYLE).append("</style></head><body>");
    h.append("<h1>ntlm-affinity on ").append(esc(s.node())).append("</h1>");
    h.append("<p class=\"muted\">NTLM names ")
        .append(s.ntlmNames().isEmpty() ? "not yet learned" : esc(String.join(", ", s.ntlmNames())))
        .append(" &middot; balancer ")
        .append(esc(s.balancer().name()))
        .append(" &middot; up ")
        .append(s.uptime().toSeconds())
        .append(" s &middot; tracking ")
        .append(s.trackedConnections())
        .append(" connections, ")
        .append(s.trackedChallenges())
        .append(" open challenges")
        .append(s.enabled() ? "" : " &middot; <b>disabled</b>")
        .append(" &middot; ")
        .append(esc(time(s.takenAt())))
        .append("</p>");
    if (!s.configurationErrors().isEmpty()) {
      h.append("<div class=\"config\"><b>Configuration errors</b> (the rest runs):<ul>");
      for (String e : s.configurationErrors()) {
        h.append("<li>").append(esc(e)).append("</li>");
      }
      h.append("</ul></div>");
    }
    counters(h, s.counters());
    findings(h, s, maskUsers);
    handshakes(h, s, maskUsers);
    h.append("<p class=\"muted\">JSON: <a href=\"?format=json\">?format=json</a></p>");
    h.append("</body></html>");
    return h.toString();
  }

  private static void counters(StringBuilder h, Counters c) {
    h.append("<h2>Findings by type</h2><table><tr><th>finding</th><th>severity</th>")
        .append("<th class=\"num\">count</th><th>meaning</th></tr>");
    for (FindingType t : FindingType.values()) {
      long n = c.findings(t);
      h.append("<tr")
          .append(n == 0 ? " class=\"zero\"" : "")
          .append("><td><code>")
          .append(t.name())
          .append("</code></td><td class=\"")
          .append(n == 0 ? "zero" : t.severity().name())
          .append("\">")
          .append(t.severity().name())
          .append("</td><td class=\"num\">")
          .append(n)
          .append("</td><td>")
          .append(esc(t.title()))
          .append("</td></tr>");
    }
    h.append("</table>");
    h.append("<p>Messages: ");
    for (MessageType t : MessageType.values()) {
      h.append(t.name()).append(' ').append(c.messages(t)).append(" &middot; ");
    }
    h.append("handshakes started ")
        .append(c.handshakesStarted())
        .append(", succeeded ")
        .append(c.handshakesSucceeded())
        .append(", failed ")
        .append(c.handshakesFailed())
        .append(", abandoned ")
        .append(c.handshakesAbandoned())
        .append(" &middot; Kerberos/other tokens ")
        .append(c.otherMechanismTokens())
        .append(" &middot; malformed ")
        .append(c.malformedTokens())
        .append(" &middot; evictions ")
        .append(c.connectionEvictions() + c.challengeEvictions())
        .append(" &middot; internal errors ")
        .append(c.internalErrors())
        .append("</p>");
  }

  private static void findings(StringBuilder h, DiagnosticsSnapshot s, boolean mask) {
    h.append("<h2>Recent findings</h2>");
    if (s.findings().isEmpty()) {
      h.append("<p class=\"muted\">None.</p>");
      return;
    }
    h.append("<table><tr><th>time</th><th>finding</th><th>where</th><th>who</th>")
        .append("<th>what happened / what to change</th></tr>");
    for (Finding f : s.findings()) {
      h.append("<tr><td>")
          .append(esc(time(f.time())))
          .append("</td><td class=\"")
          .append(f.severity().name())
          .append("\"><code>")
          .append(f.type().name())
          .append("</code></td><td>")
          .append(esc(where(f.connection())));
      if (f.otherConnection() != null) {
        h.append("<br><span class=\"muted\">and ")
            .append(esc(where(f.otherConnection())))
            .append("</span>");
      }
      if (f.otherNode() != null) {
        h.append("<br><span class=\"muted\">challenge from ")
            .append(esc(f.otherNode()))
            .append("</span>");
      }
      h.append("</td><td>").append(esc(who(f.domain(), f.user(), mask)));
      if (f.client() != null) {
        h.append("<br><span class=\"muted\">").append(esc(f.client())).append("</span>");
      }
      h.append("</td><td>")
          .append(esc(mask ? Masking.in(f.explanation(), f.user()) : f.explanation()))
          .append("<br><span class=\"advice\">&rarr; ")
          .append(esc(f.advice()))
          .append("</span></td></tr>");
    }
    h.append("</table>");
  }

  private static void handshakes(StringBuilder h, DiagnosticsSnapshot s, boolean mask) {
    h.append("<h2>Recent handshakes</h2>");
    if (s.handshakes().isEmpty()) {
      h.append("<p class=\"muted\">None.</p>");
      return;
    }
    h.append("<table><tr><th>started</th><th>id</th><th>who</th><th>outcome</th>")
        .append("<th>legs (node, connection)</th></tr>");
    for (Handshake hs : s.handshakes()) {
      h.append("<tr><td>")
          .append(esc(time(hs.started())))
          .append("</td><td><code>")
          .append(esc(hs.id()))
          .append("</code></td><td>")
          .append(esc(who(hs.domain(), hs.user(), mask)))
          .append("</td><td>")
          .append(hs.outcome().name())
          .append("</td><td>");
      String firstKey = hs.legs().isEmpty() ? null : key(hs.legs().get(0).connection());
      for (Handshake.Leg leg : hs.legs()) {
        boolean moved = !Objects.equals(firstKey, key(leg.connection()));
        h.append("<span class=\"leg")
            .append(moved ? " moved" : "")
            .append("\" title=\"")
            .append(esc(mask ? Masking.inAll(leg.detail(), leg.user(), hs.user()) : leg.detail()))
            .append("\">")
            .append(leg.type().name())
            .append(" &middot; ")
            .append(esc(leg.node()))
            .append(" &middot; ")
            .append(esc(where(leg.connection())));
        if (leg.status() != 0) {
          h.append(" &rarr; ").append(leg.status());
        }
        h.append("</span>");
      }
      h.append("</td></tr>");
    }
    h.append("</table>");
  }

  private static String key(ConnectionInfo c) {
    return c == null ? null : c.key();
  }

  private static String where(ConnectionInfo c) {
    return c == null
        ? ""
        : "connection " + c.key() + " (peer " + c.peer() + ", " + c.protocol() + ")";
  }

  private static String who(String domain, String user, boolean mask) {
    if (user == null) {
      return "";
    }
    String u = mask ? Masking.user(user) : user;
    return domain == null || domain.isEmpty() ? u : domain + "\\" + u;
  }

  private static String time(Instant t) {
    return t == null ? "" : DateTimeFormatter.ISO_INSTANT.format(t.truncatedTo(ChronoUnit.MILLIS));
  }

  /**
   * How a character that could make the page read differently from what it holds is shown, or
   * {@code null} for an ordinary one: controls become U+FFFD; bidi overrides and isolates,
   * zero-width and other format characters, C1 controls and the line and paragraph separators are
   * shown by code point, as the log escaper writes them, so "NODE-A" reversed by U+202E reads as
   * what it is.
   */
  private static String visible(char c) {
    if (c < 0x20 && c != '\t') {
      return "&#xfffd;";
    }
    if (Character.getType(c) == Character.FORMAT
        || (c >= 0x7f && c < 0xa0)
        || c == '\u2028'
        || c == '\u2029') {
      return String.format("[U+%04X]", (int) c);
    }
    return null;
  }

  /** HTML-escapes text for element content and double-quoted attributes. */
  static String esc(String s) {
    if (s == null) {
      return "";
    }
    StringBuilder out = null;
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      String r =
          switch (c) {
            case '<' -> "&lt;";
            case '>' -> "&gt;";
            case '&' -> "&amp;";
            case '"' -> "&quot;";
            case '\'' -> "&#39;";
            default -> visible(c);
          };
      if (r != null) {
        if (out == null) {
          out = new StringBuilder(s.length() + 16).append(s, 0, i);
        }
        out.append(r);
      } else if (out != null) {
        out.append(c);
      }
    }
    return out == null ? s : out.toString();
  }
}
