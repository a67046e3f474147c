package io.github.ntlmaffinity.internal.report;

import static io.github.ntlmaffinity.internal.report.DiagnosticsPage.esc;

import io.github.ntlmaffinity.DiagnosticsSnapshot;
import io.github.ntlmaffinity.Finding;
import io.github.ntlmaffinity.FindingType;
import io.github.ntlmaffinity.Handshake;
import io.github.ntlmaffinity.wire.MessageType;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The recent handshakes as an inline SVG, like a network trace read across: one lane per node and
 * connection, one column per leg in time order, each leg a mark with its message type and status, a
 * thin line through each handshake's legs, and a thick red line from a broken handshake's CHALLENGE
 * to the AUTHENTICATE that went elsewhere. For a split across nodes this node never saw the
 * CHALLENGE: its lane is drawn from what the AUTHENTICATE says (the issuer's name and the
 * challenge's time) and marked "seen from here".
 */
public final class HandshakeTimeline {
  static final int MAX_HANDSHAKES = 12;
  private static final int LABEL_W = 220;
  private static final int COL = 50;
  private static final int LANE_H = 38;
  private static final int TOP = 22;
  private static final int MAX_LABEL = 36;
  private static final DateTimeFormatter AXIS =
      DateTimeFormatter.ofPattern("HH:mm:ss").withZone(ZoneOffset.UTC);

  private HandshakeTimeline() {}

  static void render(StringBuilder h, DiagnosticsSnapshot s, PageFormat fmt) {
    List<Handshake> shown = new ArrayList<>(s.handshakes());
    int total = shown.size();
    if (shown.size() > MAX_HANDSHAKES) {
      shown = shown.subList(0, MAX_HANDSHAKES);
    }
    shown = new ArrayList<>(shown);
    java.util.Collections.reverse(shown);
    h.append("<section id=\"timeline\"><h2>Handshakes, leg by leg</h2>");
    if (shown.isEmpty()) {
      h.append("<p class=\"muted\">No handshake in the recent buffer.</p></section>");
      return;
    }
    Map<String, List<Finding>> byHandshake = new HashMap<>();
    for (Finding f : s.findings()) {
      if (f.handshakeId() != null) {
        byHandshake.computeIfAbsent(f.handshakeId(), k -> new ArrayList<>()).add(f);
      }
    }
    Map<String, Lane> lanes = new LinkedHashMap<>();
    List<Mark> marks = new ArrayList<>();
    List<Mark[]> splits = new ArrayList<>();
    List<Mark[]> links = new ArrayList<>();
    for (Handshake hs : shown) {
      Mark previous = null;
      Mark challenge = null;
      List<Finding> found = byHandshake.getOrDefault(hs.id(), List.of());
      for (Handshake.Leg leg : hs.legs()) {
        Lane lane =
            lanes.computeIfAbsent(
                leg.node() + '\u0000' + (leg.connection() == null ? "" : leg.connection().key()),
                k ->
                    new Lane(
                        leg.node(),
                        false,
                        fmt.number(leg.node(), leg.connection()),
                        leg.node() + " " + fmt.label(leg.node(), leg.connection()),
                        leg.connection() == null ? "" : PageFormat.tooltip(leg.connection())));
        Mark m = new Mark(leg.time(), lane, hs, leg, null);
        marks.add(m);
        if (previous != null) {
          links.add(new Mark[] {previous, m});
        }
        if (leg.type() == MessageType.CHALLENGE) {
          challenge = m;
        } else if (leg.type() == MessageType.AUTHENTICATE) {
          for (Finding f : found) {
            if (f.type() == FindingType.HANDSHAKE_SPLIT_ACROSS_CONNECTIONS && challenge != null) {
              splits.add(new Mark[] {challenge, m});
            } else if (f.type() == FindingType.HANDSHAKE_SPLIT_ACROSS_NODES) {
              Mark ghost = ghost(f, leg, hs, lanes);
              marks.add(ghost);
              splits.add(new Mark[] {ghost, m});
            }
          }
        }
        previous = m;
      }
    }
    marks.sort(
        Comparator.comparing((Mark m) -> m.time, Comparator.nullsFirst(Comparator.naturalOrder())));
    List<Lane> order = new ArrayList<>(lanes.values());
    order.sort(
        Comparator.comparing((Lane l) -> l.node)
            .thenComparing(l -> l.ghost)
            .thenComparingInt(l -> l.number));
    for (int i = 0; i < order.size(); i++) {
      order.get(i).row = i;
    }
    for (int i = 0; i < marks.size(); i++) {
      marks.get(i).column = i;
    }
    int width = LABEL_W + marks.size() * COL + 10;
    int height = TOP + order.size() * LANE_H + 4;
    h.append("<div class=\"scroll\"><svg xmlns=\"http://www.w3.org/2000/svg\" role=\"img\"")
        .append(" width=\"")
        .append(width)
        .append("\" height=\"")
        .append(height)
        .append("\" viewBox=\"0 0 ")
        .append(width)
        .append(' ')
        .append(height)
        .append("\"><title>The newest ")
        .append(shown.size())
        .append(" handshakes, one lane per node and connection</title>");
    h.append("<text x=\"4\" y=\"14\" class=\"muted\">time (UTC) &rarr;</text>");
    String lastSecond = null;
    for (Mark m : marks) {
      String second = m.time == null ? "?" : AXIS.format(m.time);
      if (!second.equals(lastSecond)) {
        h.append("<text x=\"")
            .append(x(m) - 20)
            .append("\" y=\"14\">")
            .append(second)
            .append("</text>");
        lastSecond = second;
      }
    }
    for (Lane lane : order) {
      int y = TOP + lane.row * LANE_H;
      h.append("<g class=\"lane\"><rect class=\"")
          .append(lane.ghost ? "ghost-bg" : "lane-bg")
          .append("\" x=\"0\" y=\"")
          .append(y + 2)
          .append("\" width=\"")
          .append(width)
          .append("\" height=\"")
          .append(LANE_H - 4)
          .append("\"/><text class=\"lane-label\" x=\"4\" y=\"")
          .append(y + LANE_H / 2 + 4)
          .append("\"><title>")
          .append(esc(lane.title))
          .append("</title>")
          .append(esc(cut(lane.label)))
          .append("</text></g>");
    }
    for (Mark[] l : links) {
      line(h, "link", l[0], l[1]);
    }
    for (Mark[] l : splits) {
      line(h, "split", l[0], l[1]);
    }
    for (Mark m : marks) {
      mark(h, m, fmt);
    }
    h.append("</svg></div><p class=\"small muted\">NEG, CHAL, AUTH: NEGOTIATE, CHALLENGE,")
        .append(" AUTHENTICATE with the status of the response; red line: a CHALLENGE and the")
        .append(
            " AUTHENTICATE that answered it somewhere else; dashed: a CHALLENGE this node never")
        .append(
            " saw, drawn from what the AUTHENTICATE says. Hover a mark for its time and detail.");
    if (total > shown.size()) {
      h.append(" The newest ").append(shown.size()).append(" of ").append(total).append(" shown.");
    }
    h.append("</p></section>");
  }

  /** The CHALLENGE of a split across nodes, as the AUTHENTICATE describes it. */
  private static Mark ghost(Finding f, Handshake.Leg auth, Handshake hs, Map<String, Lane> lanes) {
    String issuer = f.otherNode() == null ? "another node" : f.otherNode();
    Lane lane =
        lanes.computeIfAbsent(
            "\u0001" + issuer,
            k ->
                new Lane(
                    issuer,
                    true,
                    0,
                    issuer + " (seen from here)",
                    "what the AUTHENTICATE says: the CHALLENGE was issued by " + issuer));
    Instant at = f.challengeIssued();
    return new Mark(at == null ? auth.time().minusNanos(1) : at, lane, hs, null, at);
  }

  private static void line(StringBuilder h, String css, Mark a, Mark b) {
    h.append("<line class=\"")
        .append(css)
        .append("\" data-handshake=\"")
        .append(esc(a.handshake.id()))
        .append("\" x1=\"")
        .append(x(a))
        .append("\" y1=\"")
        .append(y(a))
        .append("\" x2=\"")
        .append(x(b))
        .append("\" y2=\"")
        .append(y(b))
        .append("\"/>");
  }

  private static void mark(StringBuilder h, Mark m, PageFormat fmt) {
    Handshake.Leg leg = m.leg;
    MessageType type = leg == null ? MessageType.CHALLENGE : leg.type();
    int status = leg == null ? 0 : leg.status();
    String css =
        leg == null
            ? "leg ghost"
            : type == MessageType.AUTHENTICATE && status >= 200 && status < 400
                ? "leg ok"
                : type == MessageType.AUTHENTICATE && status >= 400 ? "leg refused" : "leg";
    String tip =
        leg == null
            ? "CHALLENGE issued by "
                + m.lane.node
                + (m.quoted == null ? ", time unknown" : " at " + m.quoted + " (UTC)")
                + ": what the AUTHENTICATE says; this node never saw it"
            : type.name()
                + " at "
                + leg.time()
                + " (UTC)"
                + (status == 0 ? "" : " \u2192 " + status)
                + " \u00b7 handshake "
                + m.handshake.id()
                + " \u00b7 "
                + fmt.masked(leg.detail(), leg.user(), m.handshake.user());
    int x = x(m);
    int y = y(m);
    h.append("<g class=\"")
        .append(css)
        .append("\" data-type=\"")
        .append(type.name())
        .append("\" data-status=\"")
        .append(status)
        .append("\" data-handshake=\"")
        .append(esc(m.handshake.id()))
        .append("\"><title>")
        .append(esc(tip))
        .append("</title><rect x=\"")
        .append(x - 21)
        .append("\" y=\"")
        .append(y - 14)
        .append("\" width=\"42\" height=\"28\" rx=\"4\"/><text x=\"")
        .append(x)
        .append("\" y=\"")
        .append(y - 2)
        .append("\" text-anchor=\"middle\">")
        .append(abbreviation(type))
        .append("</text><text x=\"")
        .append(x)
        .append("\" y=\"")
        .append(y + 10)
        .append("\" text-anchor=\"middle\">")
        .append(leg == null ? "seen" : status == 0 ? "&hellip;" : String.valueOf(status))
        .append("</text></g>");
  }

  private static String abbreviation(MessageType t) {
    return switch (t) {
      case NEGOTIATE -> "NEG";
      case CHALLENGE -> "CHAL";
      case AUTHENTICATE -> "AUTH";
    };
  }

  private static String cut(String label) {
    return label.length() <= MAX_LABEL ? label : label.substring(0, MAX_LABEL - 1) + "\u2026";
  }

  private static int x(Mark m) {
    return LABEL_W + m.column * COL + COL / 2;
  }

  private static int y(Mark m) {
    return TOP + m.lane.row * LANE_H + LANE_H / 2 + 1;
  }

  /** A lane: one connection of one node, or the issuer of a CHALLENGE seen from here. */
  private static final class Lane {
    final String node;
    final boolean ghost;
    final int number;
    final String label;
    final String title;
    int row;

    Lane(String node, boolean ghost, int number, String label, String title) {
      this.node = node == null ? "" : node;
      this.ghost = ghost;
      this.number = number;
      this.label = label;
      this.title = title;
    }
  }

  /** One mark: a leg, or ({@code leg == null}) a CHALLENGE seen from here. */
  private static final class Mark {
    final Instant time;
    final Lane lane;
    final Handshake handshake;
    final Handshake.Leg leg;
    final Instant quoted;
    int column;

    Mark(Instant time, Lane lane, Handshake handshake, Handshake.Leg leg, Instant quoted) {
      this.time = time;
      this.lane = lane;
      this.handshake = handshake;
      this.leg = leg;
      this.quoted = quoted;
    }
  }
}
