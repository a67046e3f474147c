package io.github.ntlmaffinity.internal.report;

import static io.github.ntlmaffinity.internal.report.DiagnosticsPage.esc;

import io.github.ntlmaffinity.ConnectionInfo;
import io.github.ntlmaffinity.DiagnosticsSnapshot;
import io.github.ntlmaffinity.Finding;
import io.github.ntlmaffinity.FindingType;
import io.github.ntlmaffinity.Handshake;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The recent findings in groups: same type and same pattern (the same pair of nodes, or the same
 * shape of moved legs), with a count, first and last time, the newest one shown in full, the rest
 * behind a {@code <details>} and the advice once. Each group has an id made from its type and
 * pattern, so a reload finds the same group open.
 */
public final class FindingGroups {

  private FindingGroups() {}

  /** The groups, most severe first, then the largest. */
  static List<Group> of(DiagnosticsSnapshot s) {
    Map<String, Handshake> handshakes = new HashMap<>();
    for (Handshake h : s.handshakes()) {
      handshakes.putIfAbsent(h.id(), h);
    }
    Map<String, Group> groups = new LinkedHashMap<>();
    for (Finding f : s.findings()) {
      String pattern = pattern(f, handshakes.get(f.handshakeId()));
      groups
          .computeIfAbsent(
              f.type().name() + '\u0000' + pattern,
              k -> new Group(f.type(), pattern, new ArrayList<>()))
          .findings()
          .add(f);
    }
    List<Group> sorted = new ArrayList<>(groups.values());
    sorted.sort(
        Comparator.comparing((Group g) -> g.type().severity(), Comparator.reverseOrder())
            .thenComparing(g -> -g.findings().size()));
    return sorted;
  }

  static void render(StringBuilder h, DiagnosticsSnapshot s, PageFormat fmt) {
    List<Group> groups = of(s);
    h.append("<section id=\"findings\"><h2>Findings, grouped</h2>");
    if (groups.isEmpty()) {
      h.append("<p class=\"muted\">None in the recent buffer.</p></section>");
      return;
    }
    for (Group g : groups) {
      List<Finding> fs = g.findings(); // newest first
      Finding newest = fs.get(0);
      Finding oldest = fs.get(fs.size() - 1);
      String sev = g.type().severity().name();
      h.append("<div class=\"group ")
          .append(sev)
          .append("\" id=\"")
          .append(g.id())
          .append("\" data-type=\"")
          .append(g.type().name())
          .append("\" data-count=\"")
          .append(fs.size())
          .append("\"><h3><span class=\"")
          .append(sev)
          .append("\">")
          .append(sev)
          .append("</span> ")
          .append(esc(g.type().title()))
          .append(" <span class=\"count\">&times;")
          .append(fs.size())
          .append("</span></h3><p class=\"small\"><code>")
          .append(g.type().name())
          .append("</code> &middot; ")
          .append(esc(g.pattern()))
          .append(" &middot; ");
      if (fs.size() == 1) {
        h.append("at ").append(PageFormat.time(newest.time()));
      } else {
        h.append("first ")
            .append(PageFormat.time(oldest.time()))
            .append(", last ")
            .append(PageFormat.time(newest.time()));
      }
      h.append("</p><div class=\"example\">");
      example(h, newest, fmt);
      h.append("</div><p class=\"advice\">&rarr; ").append(esc(newest.advice())).append("</p>");
      if (fs.size() > 1) {
        h.append("<details class=\"more\" id=\"")
            .append(g.id())
            .append("-more\"><summary>")
            .append(fs.size() - 1)
            .append(" more like it</summary><ul>");
        for (Finding f : fs.subList(1, fs.size())) {
          h.append("<li>");
          example(h, f, fmt);
          h.append("</li>");
        }
        h.append("</ul></details>");
      }
      h.append("</div>");
    }
    h.append("</section>");
  }

  /** One finding: when, where, who, what happened. */
  private static void example(StringBuilder h, Finding f, PageFormat fmt) {
    h.append(PageFormat.time(f.time()))
        .append(" &middot; ")
        .append(esc(f.node()))
        .append(' ')
        .append(fmt.connection(f.node(), f.connection()));
    if (f.otherConnection() != null) {
      h.append(" (CHALLENGE on ").append(fmt.connection(f.node(), f.otherConnection())).append(')');
    }
    String who = fmt.who(f.domain(), f.user());
    if (!who.isEmpty()) {
      h.append(" &middot; ").append(esc(who));
    }
    if (f.client() != null) {
      h.append(" &middot; client ").append(esc(f.client()));
    }
    h.append("<br>").append(esc(fmt.masked(f.explanation(), f.user())));
  }

  /** What findings of one group share, in words (plain text). */
  static String pattern(Finding f, Handshake h) {
    return switch (f.type()) {
      case HANDSHAKE_SPLIT_ACROSS_NODES ->
          "CHALLENGE from "
              + (f.otherNode() == null ? "a node never seen here" : f.otherNode())
              + ", AUTHENTICATE to "
              + f.node();
      case HANDSHAKE_SPLIT_ACROSS_CONNECTIONS, CHALLENGE_ABANDONED -> shape(f, h);
      default ->
          f.otherNode() == null ? "on " + f.node() : "on " + f.node() + ", naming " + f.otherNode();
    };
  }

  /**
   * The shape of the handshake's legs over connections, e.g. "NEGOTIATE, CHALLENGE on one
   * connection; AUTHENTICATE on another".
   */
  private static String shape(Finding f, Handshake h) {
    if (h == null || h.legs().isEmpty()) {
      return "on " + f.node();
    }
    StringBuilder s = new StringBuilder();
    List<String> keys = new ArrayList<>();
    String current = null;
    for (Handshake.Leg leg : h.legs()) {
      ConnectionInfo c = leg.connection();
      String key = c == null ? "?" : leg.node() + ' ' + c.key();
      if (!Objects.equals(key, current)) {
        if (current != null) {
          s.append(" on ").append(ordinal(keys.indexOf(current))).append("; ");
        }
        if (!keys.contains(key)) {
          keys.add(key);
        }
        current = key;
      } else {
        s.append(", ");
      }
      s.append(leg.type().name());
    }
    s.append(" on ").append(ordinal(keys.indexOf(current)));
    return s.toString();
  }

  private static String ordinal(int i) {
    return switch (i) {
      case 0 -> "one connection";
      case 1 -> "another";
      default -> "a " + (i + 1) + "th";
    };
  }

  /**
   * One group.
   *
   * @param type the findings' type
   * @param pattern what they share, in words
   * @param findings newest first
   */
  record Group(FindingType type, String pattern, List<Finding> findings) {
    /** An id stable across reloads: type and a hash of the pattern. */
    String id() {
      return "g-"
          + type.name().toLowerCase(java.util.Locale.ROOT)
          + "-"
          + Integer.toHexString(pattern.hashCode());
    }
  }
}
