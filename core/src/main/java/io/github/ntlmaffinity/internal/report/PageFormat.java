package io.github.ntlmaffinity.internal.report;

import static io.github.ntlmaffinity.internal.report.DiagnosticsPage.esc;

import io.github.ntlmaffinity.ConnectionInfo;
import io.github.ntlmaffinity.DiagnosticsSnapshot;
import io.github.ntlmaffinity.Finding;
import io.github.ntlmaffinity.Handshake;
import io.github.ntlmaffinity.internal.Masking;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * What the page's parts share: times written in UTC for the script to show in the browser's zone,
 * durations in words, user names, and short connection labels ({@code #3 10.0.0.5:51316}: the
 * balancer-side address and port, numbered per node in the order the snapshot first shows each
 * connection, oldest first, so one connection has one number everywhere on the page; the
 * container's raw id is in the tooltip).
 */
public final class PageFormat {
  private static final DateTimeFormatter CLOCK =
      DateTimeFormatter.ofPattern("HH:mm:ss.SSS").withZone(ZoneOffset.UTC);
  private static final DateTimeFormatter DATE_CLOCK =
      DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss").withZone(ZoneOffset.UTC);

  private final Map<String, Integer> numbers = new HashMap<>();
  private final Map<String, Integer> perNode = new HashMap<>();
  final boolean mask;

  PageFormat(DiagnosticsSnapshot s, boolean mask) {
    this.mask = mask;
    record Seen(Instant time, String node, ConnectionInfo connection) {}
    List<Seen> seen = new ArrayList<>();
    // Oldest first, so that equal times keep the order things happened in.
    for (int i = s.handshakes().size() - 1; i >= 0; i--) {
      for (Handshake.Leg leg : s.handshakes().get(i).legs()) {
        seen.add(new Seen(leg.time(), leg.node(), leg.connection()));
      }
    }
    for (int i = s.findings().size() - 1; i >= 0; i--) {
      Finding f = s.findings().get(i);
      seen.add(new Seen(f.time(), f.node(), f.otherConnection()));
      seen.add(new Seen(f.time(), f.node(), f.connection()));
    }
    seen.sort(Comparator.comparing(Seen::time, Comparator.nullsFirst(Comparator.naturalOrder())));
    for (Seen x : seen) {
      if (x.connection() != null) {
        numbers.computeIfAbsent(
            id(x.node(), x.connection()),
            k -> perNode.merge(String.valueOf(x.node()), 1, Integer::sum));
      }
    }
  }

  /** The connection's short number on {@code node}, 0 when the snapshot does not show it. */
  int number(String node, ConnectionInfo c) {
    return c == null ? 0 : numbers.getOrDefault(id(node, c), 0);
  }

  /** {@code #3 10.0.0.5:51316} as plain text (not escaped). */
  String label(String node, ConnectionInfo c) {
    if (c == null) {
      return "";
    }
    int n = number(node, c);
    return (n == 0 ? "" : "#" + n + " ") + c.peer();
  }

  /** The container's id, the local end and the protocol: what the tooltip shows (not escaped). */
  public static String tooltip(ConnectionInfo c) {
    return "connection "
        + c.key()
        + " \u00b7 local "
        + c.local()
        + (c.protocol() == null ? "" : " \u00b7 " + c.protocol());
  }

  /** The label as HTML: a span with the raw id one hover away. */
  String connection(String node, ConnectionInfo c) {
    if (c == null) {
      return "";
    }
    return "<span class=\"conn\" title=\""
        + esc(tooltip(c))
        + "\">"
        + esc(label(node, c))
        + "</span>";
  }

  /** {@code DOMAIN\\user}, masked when asked; plain text. */
  String who(String domain, String user) {
    if (user == null) {
      return "";
    }
    String u = mask ? Masking.user(user) : user;
    return domain == null || domain.isEmpty() ? u : domain + "\\" + u;
  }

  /** {@code text} with the users' names masked when asked; plain text. */
  String masked(String text, String... users) {
    return mask ? Masking.inAll(text, users) : text;
  }

  /** A time of day with milliseconds, written in UTC; the script shows it in local time. */
  static String time(Instant t) {
    if (t == null) {
      return "";
    }
    Instant ms = t.truncatedTo(ChronoUnit.MILLIS);
    return "<time datetime=\"" + ms + "\" data-ms>" + CLOCK.format(ms) + " UTC</time>";
  }

  /** A date and time to the second, written in UTC; the script shows it in local time. */
  static String dateTime(Instant t) {
    if (t == null) {
      return "";
    }
    Instant s = t.truncatedTo(ChronoUnit.SECONDS);
    return "<time datetime=\"" + s + "\" data-date>" + DATE_CLOCK.format(s) + " UTC</time>";
  }

  /** A duration in words: {@code 3 s}, {@code 4 min}, {@code 2 h 5 min}, {@code 3 d 2 h}. */
  static String duration(Duration d) {
    long s = Math.max(0, d.toSeconds());
    if (s < 60) {
      return s + " s";
    }
    if (s < 3600) {
      return s / 60 + " min";
    }
    if (s < 86_400) {
      return s / 3600 + " h " + s % 3600 / 60 + " min";
    }
    return s / 86_400 + " d " + s % 86_400 / 3600 + " h";
  }

  private static String id(String node, ConnectionInfo c) {
    return node + '\u0000' + c.key();
  }
}
