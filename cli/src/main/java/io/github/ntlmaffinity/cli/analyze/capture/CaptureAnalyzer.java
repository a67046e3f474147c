package io.github.ntlmaffinity.cli.analyze.capture;

import io.github.ntlmaffinity.cli.analyze.report.AnalysisReport.Level;
import io.github.ntlmaffinity.cli.analyze.report.AnalysisReport.Source;
import io.github.ntlmaffinity.cli.analyze.report.ReportCollector;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads packet captures into a {@link ReportCollector}: the files' frames merged by time, TCP
 * connections reassembled, HTTP/1.x exchanges turned into the engine's observations. Memory is
 * bounded by {@value #MAX_CONNECTIONS} connections (least recently active dropped first), a {@value
 * #BUDGET}-byte budget for early segments, the packets read ahead ({@link Lookahead}) and the IP
 * fragments held ({@link Fragments}), whatever the file size.
 */
public final class CaptureAnalyzer {
  static final int MAX_CONNECTIONS = 65_536;
  static final long BUDGET = 64L * 1024 * 1024;

  private final ReportCollector collector;
  private final Servers servers;
  private final List<String> cookieNames;
  private final Frames frames = new Frames();
  private final TcpDirection.Budget budget = new TcpDirection.Budget(BUDGET);
  private final TcpConnection.Exchanges exchanges = new TcpConnection.Exchanges();
  private final Stats stats = new Stats();
  private final Map<Key, TcpConnection> connections;
  private Key lastKey;
  private TcpConnection lastConnection;
  private long firstNanos = Long.MAX_VALUE;
  private long lastNanos = Long.MIN_VALUE;

  private CaptureAnalyzer(
      ReportCollector collector, Servers servers, List<String> cookieNames, int maxConnections) {
    this.collector = collector;
    this.servers = servers;
    this.cookieNames = List.copyOf(cookieNames);
    this.connections =
        new LinkedHashMap<>(1024, 0.75f, true) {
          private static final long serialVersionUID = 1L;

          @Override
          protected boolean removeEldestEntry(Map.Entry<Key, TcpConnection> eldest) {
            if (size() > maxConnections) {
              stats.count(eldest.getValue());
              eldest.getValue().release(budget);
              stats.evicted++;
              if (eldest.getValue() == lastConnection) {
                lastConnection = null; // only with a table of one
              }
              return true;
            }
            return false;
          }
        };
  }

  /**
   * Reads the files, merged by packet time, into the collector, and adds a {@link Source} per file
   * and notes on what the captures held.
   *
   * @param servers {@code --server} values: {@code IP}, {@code IP:PORT} or {@code [IPv6]:PORT}
   * @throws IllegalArgumentException when a {@code --server} value is not an address literal
   */
  public static void analyze(List<Path> files, List<String> servers, ReportCollector collector) {
    analyze(files, servers, List.of(), collector);
  }

  /**
   * {@link #analyze(List, List, ReportCollector)}, reading the values of these affinity cookies
   * (the {@code affinityCookies} setting) from the requests for the engine, which keeps only a
   * keyed fingerprint of each; no other cookie is kept.
   */
  public static void analyze(
      List<Path> files,
      List<String> servers,
      List<String> affinityCookies,
      ReportCollector collector) {
    analyze(files, servers, affinityCookies, collector, MAX_CONNECTIONS);
  }

  /** As {@link #analyze(List, List, List, ReportCollector)}, with another cap on connections. */
  static void analyze(
      List<Path> files,
      List<String> servers,
      List<String> affinityCookies,
      ReportCollector collector,
      int maxConnections) {
    new CaptureAnalyzer(collector, Servers.parse(servers), affinityCookies, maxConnections)
        .run(files);
  }

  private void run(List<Path> files) {
    List<PacketReader> readers = new ArrayList<>();
    List<String> unreadable = new ArrayList<>();
    Lookahead ahead = new Lookahead(readers);
    try {
      for (Path file : files) {
        try {
          readers.add(PacketReader.open(file));
        } catch (IOException e) {
          readers.add(null);
          unreadable.add(file + ": " + e.getMessage());
        }
        ahead.fill(readers.size() - 1);
      }
      Packet p;
      while ((p = ahead.next()) != null) {
        packet(p);
      }
    } finally {
      for (int i = 0; i < files.size(); i++) {
        PacketReader r = readers.size() > i ? readers.get(i) : null;
        if (r == null) {
          collector.source(
              new Source(files.get(i).toString(), "capture", 0, 0, "packets", true, unreadable));
          continue;
        }
        String problem = r.problem();
        collector.source(
            new Source(
                r.name(),
                r.format(),
                r.offset(),
                r.packets(),
                "packets",
                problem != null,
                problem == null ? List.of() : List.of(problem + "; results are partial")));
        try {
          r.close();
        } catch (IOException ignored) {
          // read-only file
        }
      }
    }
    if (firstNanos <= lastNanos) {
      collector.seen(TcpConnection.instant(firstNanos));
      collector.seen(TcpConnection.instant(lastNanos));
    }
    for (TcpConnection c : connections.values()) {
      stats.count(c);
    }
    stats.notes(frames, collector);
  }

  private void packet(Packet p) {
    firstNanos = Math.min(firstNanos, p.nanos());
    lastNanos = Math.max(lastNanos, p.nanos());
    Segment s = frames.tcp(p);
    if (s == null) {
      return;
    }
    stats.segments++;
    Key key;
    TcpConnection c;
    if (lastConnection != null && lastKey.holds(s)) {
      // Another segment of the connection just seen: it is already the most recent in the table.
      key = lastKey;
      c = lastConnection;
    } else {
      key = Key.of(s);
      c = connections.get(key);
    }
    if (c != null
        && s.has(Segment.SYN)
        && !s.has(Segment.ACK)
        && c.kind() != HttpStream.Kind.UNKNOWN) {
      // The ports were reused for a new connection before the old one was seen to close.
      stats.count(c);
      c.release(budget);
      connections.remove(key);
      lastConnection = null;
      c = null;
    }
    if (c == null) {
      if (s.length() == 0 && s.missing() == 0 && !s.has(Segment.SYN)) {
        // No bytes and no SYN: nothing to read on a connection not tracked, e.g. the last ACK
        // after both FINs, which would otherwise start a connection that never ends.
        return;
      }
      TcpConnection.Endpoint src = new TcpConnection.Endpoint(s.source(), s.sourcePort());
      TcpConnection.Endpoint dst = new TcpConnection.Endpoint(s.target(), s.targetPort());
      Boolean serverIsB = servers.serverIsSecond(src, dst);
      if (serverIsB == null && !servers.isEmpty()) {
        stats.otherConnections++;
        return;
      }
      c = new TcpConnection(src, dst, serverIsB, budget, exchanges, cookieNames, collector::accept);
      connections.put(key, c);
    }
    c.accept(s);
    if (c.closed()) {
      stats.count(c);
      c.release(budget);
      connections.remove(key);
      lastConnection = null;
    } else {
      lastKey = key;
      lastConnection = c;
    }
  }

  /** A connection's two ends, in a fixed order whichever sent the segment. */
  private record Key(String a, int portA, String b, int portB) {
    /** Whether {@code s} belongs to this connection, in either direction. */
    boolean holds(Segment s) {
      return (portA == s.sourcePort()
              && portB == s.targetPort()
              && a.equals(s.source())
              && b.equals(s.target()))
          || (portA == s.targetPort()
              && portB == s.sourcePort()
              && a.equals(s.target())
              && b.equals(s.source()));
    }

    static Key of(Segment s) {
      int order = s.source().compareTo(s.target());
      if (order < 0 || (order == 0 && s.sourcePort() <= s.targetPort())) {
        return new Key(s.source(), s.sourcePort(), s.target(), s.targetPort());
      }
      return new Key(s.target(), s.targetPort(), s.source(), s.sourcePort());
    }
  }

  /** What the captures held, for the notes. */
  private static final class Stats {
    long segments;
    long evicted;
    long otherConnections;
    long http;
    long tls;
    long http2;
    long other;
    long midStream;
    long switchedH2c;
    long switchedOther;
    long gaps;
    long gapBytes;

    void count(TcpConnection c) {
      switch (c.kind()) {
        case HTTP1 -> http++;
        case TLS -> tls++;
        case HTTP2 -> http2++;
        case OTHER -> other++;
        default -> {}
      }
      if (c.switched() != null) {
        if (c.switched().startsWith("h2c")) {
          switchedH2c++;
        } else {
          switchedOther++;
        }
      }
      if (!c.sawStart() && c.kind() == HttpStream.Kind.HTTP1) {
        midStream++;
      }
      gaps += c.gaps();
      gapBytes += c.gapBytes();
    }

    void notes(Frames frames, ReportCollector r) {
      if (segments == 0) {
        r.note(Level.WARNING, "No TCP segment in the capture: nothing to analyse.");
      } else if (http == 0) {
        r.note(
            Level.WARNING,
            "No HTTP/1.x traffic in the capture"
                + (tls + http2 + other > 0 ? " (" + kinds() + ")" : "")
                + ": nothing to analyse.");
      }
      if (tls > 0) {
        r.note(
            Level.WARNING,
            tls
                + " connections carry TLS: their NTLM legs are encrypted and cannot be read. Capture"
                + " where the traffic is plain HTTP (between a TLS-offloading balancer and the"
                + " servers), or run the ntlm-affinity filter on Java backends.");
      }
      if (http2 > 0) {
        r.note(
            Level.WARNING,
            http2
                + " connections speak HTTP/2 (cleartext): not analysed; NTLM cannot work over"
                + " HTTP/2, the servers must be reached over HTTP/1.1.");
      }
      if (switchedH2c > 0) {
        r.note(
            Level.WARNING,
            switchedH2c
                + " connections switched to HTTP/2 (Upgrade: h2c, 101 Switching Protocols): read"
                + " as HTTP/1.1 up to the switch, not after; NTLM cannot work over HTTP/2.");
      }
      if (switchedOther > 0) {
        r.note(
            Level.INFO,
            switchedOther
                + " connections switched protocol (101 Switching Protocols, e.g. WebSocket) or"
                + " became a CONNECT tunnel: read up to the switch, not after.");
      }
      if (midStream > 0) {
        r.note(
            Level.INFO,
            midStream
                + " HTTP connections were already open when the capture started: read from the"
                + " first whole message on.");
      }
      if (gaps > 0) {
        r.note(
            Level.WARNING,
            gaps
                + " gaps in TCP streams ("
                + gapBytes
                + " bytes missing from the capture): the messages in them"
                + " are lost; results may be incomplete.");
      }
      if (frames.fragments > 0) {
        long dropped = frames.fragmentsDropped();
        r.note(
            dropped > 0 ? Level.WARNING : Level.INFO,
            frames.fragments
                + " IP fragments of TCP: "
                + frames.reassembled()
                + " datagrams reassembled"
                + (dropped == 0
                    ? "."
                    : ", "
                        + dropped
                        + " given up (incomplete, overlapping, over 65,535 bytes or beyond the"
                        + " 16 MiB held for reassembly): their bytes are gaps."));
      }
      if (frames.cut > 0) {
        r.note(Level.WARNING, frames.cut + " frames too short to read (snapshot length?).");
      }
      if (frames.unknownLink > 0) {
        r.note(Level.WARNING, frames.unknownLink + " frames of an unsupported link type skipped.");
      }
      if (evicted > 0) {
        r.note(
            Level.WARNING,
            evicted + " idle connections dropped from the table (more than 65,536 at once).");
      }
    }

    private String kinds() {
      List<String> k = new ArrayList<>();
      if (tls > 0) {
        k.add(tls + " TLS");
      }
      if (http2 > 0) {
        k.add(http2 + " HTTP/2");
      }
      if (other > 0) {
        k.add(other + " other");
      }
      return String.join(", ", k) + " connections";
    }
  }
}
