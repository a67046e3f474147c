package io.github.ntlmaffinity.cli.analyze.report;

import static io.github.ntlmaffinity.cli.analyze.report.Escape.html;

import io.github.ntlmaffinity.cli.analyze.report.AnalysisReport.HandshakeReport;
import io.github.ntlmaffinity.cli.analyze.report.AnalysisReport.Leg;
import io.github.ntlmaffinity.internal.IsoInstant;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Draws handshakes as an inline SVG timeline: one lane per server and client connection, each leg a
 * mark on its lane in time order (x is the leg's rank in time, so close legs stay apart), the legs
 * of one handshake joined by a line; broken handshakes' lines dashed red, each misplaced leg a red
 * mark. At most {@value #MAX_HANDSHAKES} handshakes (broken first) and {@value #MAX_LANES} lanes
 * are drawn.
 */
final class Timeline {
  static final int MAX_HANDSHAKES = 200;
  static final int MAX_LANES = 60;
  private static final int LABEL = 260;
  private static final int STEP = 22;
  private static final int LANE = 22;

  private Timeline() {}

  static void svg(List<HandshakeReport> all, Appendable out) throws IOException {
    List<HandshakeReport> drawn = new ArrayList<>();
    for (HandshakeReport h : all) {
      if (h.broken() && drawn.size() < MAX_HANDSHAKES) {
        drawn.add(h);
      }
    }
    for (HandshakeReport h : all) {
      if (!h.broken() && drawn.size() < MAX_HANDSHAKES) {
        drawn.add(h);
      }
    }
    Map<String, Integer> lanes = new LinkedHashMap<>();
    List<Mark> marks = new ArrayList<>();
    for (HandshakeReport h : drawn) {
      for (Leg l : h.legs()) {
        String lane = l.server() + " \u2190 " + l.client();
        Integer y = lanes.get(lane);
        if (y == null && lanes.size() < MAX_LANES) {
          y = lanes.size();
          lanes.put(lane, y);
        }
        if (y != null) {
          marks.add(new Mark(h, l, y));
        }
      }
    }
    if (marks.isEmpty()) {
      out.append("<p>No NTLM legs to draw.</p>");
      return;
    }
    marks.sort((a, b) -> a.leg.time().compareTo(b.leg.time()));
    int width = LABEL + STEP * (marks.size() + 1);
    int height = LANE * (lanes.size() + 1);
    out.append("<div class=\"timeline\"><svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 ")
        .append(Integer.toString(width))
        .append(' ')
        .append(Integer.toString(height))
        .append("\" width=\"")
        .append(Integer.toString(width))
        .append("\" role=\"img\" aria-label=\"NTLM legs per server and connection\">");
    for (Map.Entry<String, Integer> e : lanes.entrySet()) {
      int y = LANE * (e.getValue() + 1);
      out.append("<line class=\"lane\" x1=\"")
          .append(Integer.toString(LABEL))
          .append("\" x2=\"")
          .append(Integer.toString(width))
          .append("\" y1=\"")
          .append(Integer.toString(y))
          .append("\" y2=\"")
          .append(Integer.toString(y))
          .append("\"/><text x=\"2\" y=\"")
          .append(Integer.toString(y + 4))
          .append("\">")
          .append(html(e.getKey()))
          .append("</text>");
    }
    Map<HandshakeReport, StringBuilder> paths = new LinkedHashMap<>();
    StringBuilder dots = new StringBuilder();
    for (int i = 0; i < marks.size(); i++) {
      Mark m = marks.get(i);
      int x = LABEL + STEP * (i + 1);
      int y = LANE * (m.lane + 1);
      StringBuilder p = paths.computeIfAbsent(m.handshake, k -> new StringBuilder());
      p.append(p.length() == 0 ? "M" : " L").append(x).append(' ').append(y);
      dots.append("<circle class=\"leg")
          .append(m.leg.misplaced() ? " misplaced" : "")
          .append("\" cx=\"")
          .append(x)
          .append("\" cy=\"")
          .append(y)
          .append("\" r=\"")
          .append(m.leg.misplaced() ? 7 : 5)
          .append("\"><title>#")
          .append(m.handshake.number())
          .append(' ')
          .append(html(m.leg.message()))
          .append(' ')
          .append(IsoInstant.of(m.leg.time()))
          .append(m.leg.issuer() == null ? "" : " issuer " + html(m.leg.issuer()))
          .append(m.leg.misplaced() ? " (misplaced)" : "")
          .append("</title></circle>");
    }
    for (Map.Entry<HandshakeReport, StringBuilder> e : paths.entrySet()) {
      out.append("<path class=\"link")
          .append(e.getKey().broken() ? " broken" : "")
          .append("\" d=\"")
          .append(e.getValue())
          .append("\"/>");
    }
    out.append(dots).append("</svg></div>");
    out.append("<p><small>Legs in time order, ")
        .append(IsoInstant.of(marks.get(0).leg.time()))
        .append(" to ")
        .append(IsoInstant.of(marks.get(marks.size() - 1).leg.time()))
        .append(
            "; one lane per server \u2190 client connection; a line joins the legs of one"
                + " handshake, dashed red when it broke; a large red mark is a leg that went to"
                + " another connection or server than its CHALLENGE.</small></p>");
    if (all.size() > drawn.size()) {
      out.append("<p><small>")
          .append(Integer.toString(drawn.size()))
          .append(" of ")
          .append(Integer.toString(all.size()))
          .append(" listed handshakes drawn, broken ones first.</small></p>");
    }
  }

  private record Mark(HandshakeReport handshake, Leg leg, int lane) {}
}
