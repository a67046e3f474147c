package io.github.ntlmaffinity.cli.analyze.capture;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.ntlmaffinity.cli.analyze.Captures;
import io.github.ntlmaffinity.cli.analyze.report.AnalysisReport;
import io.github.ntlmaffinity.cli.analyze.report.ReportCollector;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The table of tracked connections holds the connections that are open, not those that ended: the
 * last ACK after both FINs must not start a connection of its own (one that never ends, and with
 * enough of them, crowds live connections out of the table).
 */
class ConnectionTableTest {
  private static final int COPIES = 10;

  @TempDir Path dir;

  @Test
  void closedConnectionsDoNotCrowdTheTable() throws Exception {
    // The example cluster's round-robin logins over loopback, captured by tcpdump (three
    // connections, each closed by FIN both ways and a last ACK), replayed ten times one after the
    // other with the client ports shifted: 30 connections, never more than a few open at once.
    Path capture = replay(Captures.roundRobin().lo(), dir.resolve("replayed.pcap"));
    AnalysisReport full = analyze(capture, CaptureAnalyzer.MAX_CONNECTIONS);
    AnalysisReport small = analyze(capture, 8);

    assertThat(small.notes())
        .extracting(AnalysisReport.Note::text)
        .noneMatch(t -> t.contains("idle connections dropped"));
    assertThat(full.summary().handshakes()).isEqualTo(6L * COPIES);
    assertThat(small.summary().handshakes()).isEqualTo(full.summary().handshakes());
    assertThat(small.summary().broken()).isEqualTo(full.summary().broken());
  }

  private static AnalysisReport analyze(Path capture, int maxConnections) {
    ReportCollector collector = new ReportCollector(Map.of());
    CaptureAnalyzer.analyze(List.of(capture), List.of(), List.of(), collector, maxConnections);
    return collector.finish();
  }

  /**
   * The capture (classic pcap, Ethernet, IPv4) written {@value #COPIES} times, each copy a minute
   * later than the one before and with the client ports (those of no listening server) moved.
   */
  private static Path replay(Path source, Path target) throws Exception {
    byte[] in = Files.readAllBytes(source);
    ByteBuffer b = ByteBuffer.wrap(in).order(ByteOrder.LITTLE_ENDIAN);
    if (b.getInt(0) != 0xa1b2c3d4) {
      b.order(ByteOrder.BIG_ENDIAN);
    }
    assertThat(b.getInt(20)).as("link type").isEqualTo(1);
    java.util.Set<Integer> servers = new java.util.HashSet<>();
    for (int at = 24; at + 16 <= in.length; at += 16 + b.getInt(at + 8)) {
      int tcp = at + 16 + 14 + (in[at + 16 + 14] & 0x0f) * 4;
      if ((in[tcp + 13] & 0x12) == 0x02) {
        servers.add((in[tcp + 2] & 0xff) << 8 | in[tcp + 3] & 0xff);
      }
    }
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    out.write(in, 0, 24);
    for (int copy = 0; copy < COPIES; copy++) {
      for (int at = 24; at + 16 <= in.length; at += 16 + b.getInt(at + 8)) {
        byte[] record = java.util.Arrays.copyOfRange(in, at, at + 16 + b.getInt(at + 8));
        ByteBuffer r = ByteBuffer.wrap(record).order(b.order());
        r.putInt(0, r.getInt(0) + 60 * copy);
        int tcp = 16 + 14 + (record[16 + 14] & 0x0f) * 4;
        for (int p : new int[] {tcp, tcp + 2}) {
          int port = (record[p] & 0xff) << 8 | record[p + 1] & 0xff;
          if (!servers.contains(port)) {
            int moved = 10_000 + (port + copy * 131) % 50_000;
            record[p] = (byte) (moved >> 8);
            record[p + 1] = (byte) moved;
          }
        }
        out.write(record);
      }
    }
    Files.write(target, out.toByteArray());
    return target;
  }
}
