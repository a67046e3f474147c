package io.github.ntlmaffinity.internal.report;

import io.github.ntlmaffinity.ConnectionInfo;
import io.github.ntlmaffinity.Counters;
import io.github.ntlmaffinity.DiagnosticsSnapshot;
import io.github.ntlmaffinity.FindingType;
import io.github.ntlmaffinity.Handshake;
import io.github.ntlmaffinity.wire.MessageType;
import java.util.Objects;

/**
 * The HTML page of the diagnostics endpoint, for a person: the verdict first, the counters in one
 * line, a picture of the handshakes, the findings grouped, and the handshakes in a table. No
 * external resource; one inline script (allowed by its hash in {@link
 * PageAssets#CONTENT_SECURITY_POLICY}) shows times in the browser's zone and reloads the page
 * keeping scroll and open groups, with a pause switch. Without JavaScript the page is complete and
 * reloads by a {@code <noscript>} meta refresh.
 */
public final class DiagnosticsPage {

  private DiagnosticsPage() {}

  public static String render(DiagnosticsSnapshot s, boolean maskUsers, int refreshSeconds) {
    PageFormat fmt = new PageFormat(s, maskUsers);
    StringBuilder h = new StringBuilder(32_768);
    h.append("<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\">")
        .append("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">");
    if (refreshSeconds > 0) {
      h.append("<noscript><meta http-equiv=\"refresh\" content=\"")
          .append(refreshSeconds)
          .append("\"></noscript>");
    }
    h.append("<title>ntlm-affinity: ").append(esc(s.node())).append("</title>");
    h.append("<style>").append(PageAssets.CSS).append("</style></head><body");
    if (refreshSeconds > 0) {
      h.append(" data-reload=\"").append(refreshSeconds).append('"');
    }
    h.append('>');
    if (refreshSeconds > 0) {
      h.append("<div id=\"controls\" hidden><label><input type=\"checkbox\" id=\"pause\">")
          .append(" pause</label> (reloads every ")
          .append(refreshSeconds)
          .append(" s)</div>");
    }
    h.append("<h1>ntlm-affinity on ").append(esc(s.node())).append("</h1>");
    meta(h, s);
    PageVerdict v = PageVerdict.of(s);
    h.append("<div id=\"verdict\" class=\"verdict ")
        .append(v.tone())
        .append("\">")
        .append(v.html())
        .append("</div>");
    if (!s.configurationErrors().isEmpty()) {
      h.append("<div class=\"config\"><b>Configuration errors</b> (the rest runs):<ul>");
      for (String e : s.configurationErrors()) {
        h.append("<li>").append(esc(e)).append("</li>");
      }
      h.append("</ul></div>");
    }
    counters(h, s.counters());
    HandshakeTimeline.render(h, s, fmt);
    FindingGroups.render(h, s, fmt);
    handshakes(h, s, fmt);
    h.append("<p class=\"muted small\">Times in <span class=\"zone\">UTC</span>")
        .append(" &middot; JSON: <a href=\"?format=json\">?format=json</a>")
        .append(" &middot; collectors: <code>?format=json&amp;since=")
        .append(s.sequence())
        .append("</code></p>");
    h.append("<script>").append(PageAssets.SCRIPT).append("</script></body></html>");
    return h.toString();
  }

  private static void meta(StringBuilder h, DiagnosticsSnapshot s) {
    h.append("<p class=\"meta muted small\"><span>NTLM names ")
        .append(s.ntlmNames().isEmpty() ? "not yet learned" : esc(String.join(", ", s.ntlmNames())))
        .append("</span> &middot; <span>balancer ")
        .append(esc(s.balancer().name()))
        .append("</span> &middot; <span>up ")
        .append(PageFormat.duration(s.uptime()))
        .append("</span> &middot; <span>tracking ")
        .append(s.trackedConnections())
        .append(" connections, ")
        .append(s.trackedChallenges())
        .append(" open challenges</span>")
        .append(s.enabled() ? "" : " &middot; <b>disabled</b>")
        .append(" &middot; <span>as of ")
        .append(PageFormat.time(s.takenAt()))
        .append("</span>");
    if (!s.complete()) {
      h.append(" &middot; <b>older findings were dropped from the recent buffer</b>");
    }
    h.append("</p>");
  }

  /** The counters in one line of chips; every finding type in a table one click away. */
  private static void counters(StringBuilder h, Counters c) {
    h.append("<section id=\"counters\"><h2>Counters</h2><ul class=\"chips\">");
    for (MessageType t : MessageType.values()) {
      h.append("<li>").append(t.name()).append(' ').append(c.messages(t)).append("</li>");
    }
    h.append("<li>handshakes started ")
        .append(c.handshakesStarted())
        .append("</li><li>succeeded ")
        .append(c.handshakesSucceeded())
        .append("</li><li>failed ")
        .append(c.handshakesFailed())
        .append("</li><li>abandoned ")
        .append(c.handshakesAbandoned())
        .append("</li>");
    for (FindingType t : FindingType.values()) {
      long n = c.findings(t);
      if (n > 0) {
        h.append("<li class=\"")
            .append(t.severity().name())
            .append("\" title=\"")
            .append(esc(t.title()))
            .append("\">")
            .append(t.name())
            .append(' ')
            .append(n)
            .append("</li>");
      }
    }
    h.append("<li>Kerberos/other ")
        .append(c.otherMechanismTokens())
        .append("</li><li>malformed ")
        .append(c.malformedTokens())
        .append("</li><li>evictions ")
        .append(c.connectionEvictions() + c.challengeEvictions())
        .append("</li><li>internal errors ")
        .append(c.internalErrors())
        .append("</li></ul>");
    h.append("<details id=\"all-types\"><summary>Every finding type</summary><table><tr>")
        .append("<th>finding</th><th>severity</th><th class=\"num\">count</th><th>meaning</th>")
        .append("</tr>");
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
    h.append("</table></details></section>");
  }

  private static void handshakes(StringBuilder h, DiagnosticsSnapshot s, PageFormat fmt) {
    h.append("<section id=\"handshakes\"><h2>Recent handshakes</h2>");
    if (s.handshakes().isEmpty()) {
      h.append("<p class=\"muted\">None.</p></section>");
      return;
    }
    h.append("<details id=\"handshake-table\"><summary>")
        .append(s.handshakes().size())
        .append(" in the recent buffer, newest first</summary><table><tr><th>started</th>")
        .append("<th>id</th><th>who</th><th>outcome</th><th>legs (node, connection)</th></tr>");
    for (Handshake hs : s.handshakes()) {
      h.append("<tr><td>")
          .append(PageFormat.time(hs.started()))
          .append("</td><td><code>")
          .append(esc(hs.id()))
          .append("</code></td><td>")
          .append(esc(fmt.who(hs.domain(), hs.user())))
          .append("</td><td>")
          .append(hs.outcome().name())
          .append("</td><td class=\"legs\">");
      String firstKey = hs.legs().isEmpty() ? null : key(hs.legs().get(0).connection());
      for (Handshake.Leg leg : hs.legs()) {
        boolean moved = !Objects.equals(firstKey, key(leg.connection()));
        h.append("<span")
            .append(moved ? " class=\"moved\"" : "")
            .append(" title=\"")
            .append(esc(fmt.masked(leg.detail(), leg.user(), hs.user())))
            .append("\">")
            .append(leg.type().name())
            .append(" &middot; ")
            .append(esc(leg.node()))
            .append(' ')
            .append(fmt.connection(leg.node(), leg.connection()));
        if (leg.status() != 0) {
          h.append(" &rarr; ").append(leg.status());
        }
        h.append("</span>");
      }
      h.append("</td></tr>");
    }
    h.append("</table></details></section>");
  }

  private static String key(ConnectionInfo c) {
    return c == null ? null : c.key();
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
  public static String esc(String s) {
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
