package io.github.ntlmaffinity.cli.analyze;

import static io.github.ntlmaffinity.cli.analyze.AnalyzeCaptureTest.analyze;
import static io.github.ntlmaffinity.cli.analyze.AnalyzeCaptureTest.assertSplitsMatch;
import static io.github.ntlmaffinity.cli.analyze.AnalyzeCaptureTest.exec;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * Real captures rearranged and damaged: TCP reassembly must still find the filters' splits, and bad
 * files must give clear errors or partial results said as such, never a stack trace.
 */
class AnalyzeRobustnessTest {

  @Test
  void outOfOrderRetransmittedAndOverlappingSegmentsAreReassembled() throws Exception {
    Captures.Run rr = Captures.roundRobin();
    PcapRecords pcap = PcapRecords.read(rr.lo());
    Path shuffled = Captures.dir().resolve("rr-shuffled.pcap");
    List<PcapRecords.Rec> recs = PcapRecords.shuffled(pcap.records);
    assertThat(recs.size()).isGreaterThan(pcap.records.size() + 10);
    pcap.write(shuffled, recs);
    JsonNode report = analyze(1, shuffled.toString());
    assertSplitsMatch(report, rr);
    assertThat(report.at("/notes").toString()).doesNotContain("gaps");
  }

  @Test
  void connectionsOpenBeforeTheCaptureAreReadFromTheFirstWholeMessage() throws Exception {
    Captures.Run st = Captures.sticky();
    PcapRecords pcap = PcapRecords.read(st.lo());
    Path late = Captures.dir().resolve("st-late.pcap");
    // Start the capture at the first request: its connection's SYN, SYN-ACK and ACK are lost.
    int first = 0;
    while (!new String(pcap.records.get(first).data(), StandardCharsets.ISO_8859_1)
        .contains("GET /app/")) {
      first++;
    }
    pcap.write(late, pcap.records.subList(first, pcap.records.size()));
    JsonNode report = analyze(0, late.toString());
    assertThat(report.at("/summary/handshakes").asLong()).isEqualTo(Captures.LOGINS);
    assertThat(report.at("/notes").toString()).contains("already open");
  }

  @Test
  void truncatedFileGivesPartialResults() throws Exception {
    Captures.Run rr = Captures.roundRobin();
    byte[] all = Files.readAllBytes(rr.lo());
    Path cut = Captures.dir().resolve("rr-cut.pcap");
    Files.write(cut, Arrays.copyOf(all, all.length * 2 / 3 + 7));
    JsonNode report = analyze(1, cut.toString());
    assertThat(report.at("/sources/0/partial").asBoolean()).isTrue();
    assertThat(report.at("/sources/0/detail/0").asText()).contains("truncated");
    assertThat(report.at("/summary/broken").asLong()).isPositive();
  }

  @Test
  void captureEndingMidHandshakeSaysSo() throws Exception {
    Captures.Run st = Captures.sticky();
    PcapRecords pcap = PcapRecords.read(st.lo());
    int challenge = -1;
    for (int i = 0; i < pcap.records.size() && challenge < 0; i++) {
      String text = new String(pcap.records.get(i).data(), StandardCharsets.ISO_8859_1);
      if (text.contains("WWW-Authenticate: NTLM TlRM")) {
        challenge = i;
      }
    }
    assertThat(challenge).isPositive();
    Path mid = Captures.dir().resolve("st-mid.pcap");
    pcap.write(mid, pcap.records.subList(0, challenge + 1));
    JsonNode report = analyze(0, mid.toString());
    assertThat(report.at("/handshakes/0/outcome").asText()).isEqualTo("in progress");
    assertThat(report.at("/notes").toString()).contains("still waited");
  }

  @Test
  void snaplenCutPacketsAreGapsNotErrors() throws Exception {
    assumeTrue(Tcpdump.onPath("editcap"), "editcap is not installed");
    Captures.Run rr = Captures.roundRobin();
    Path cut = Captures.dir().resolve("rr-snap.pcap");
    exec("editcap", "-s", "120", rr.lo().toString(), cut.toString());
    JsonNode report = analyze(2, cut.toString());
    assertThat(report.at("/summary/handshakes").asLong()).isZero();
    assertThat(report.at("/notes").toString()).contains("gaps");
  }

  @Test
  void hugeClaimedBlockLengthIsRefusedBeforeAllocating() throws Exception {
    assumeTrue(Tcpdump.onPath("editcap"), "editcap is not installed");
    Captures.Run rr = Captures.roundRobin();
    Path ng = Captures.dir().resolve("rr-huge.pcapng");
    exec("editcap", "-F", "pcapng", rr.lo().toString(), ng.toString());
    byte[] all = Files.readAllBytes(ng);
    ByteBuffer block = ByteBuffer.allocate(16).order(ByteOrder.LITTLE_ENDIAN);
    block.putInt(6).putInt(0x8000_0000).putInt(0).putInt(0);
    byte[] bad = Arrays.copyOf(all, all.length + 16);
    System.arraycopy(block.array(), 0, bad, all.length, 16);
    Files.write(ng, bad);
    JsonNode report = analyze(1, ng.toString());
    assertThat(report.at("/sources/0/partial").asBoolean()).isTrue();
    assertThat(report.at("/sources/0/detail/0").asText()).contains("claims 2147483648 bytes");
  }

  @Test
  void garbageAndEmptyFilesAreRefusedClearly() throws Exception {
    Path garbage = Captures.dir().resolve("garbage.bin");
    byte[] noise = new byte[4096];
    new Random(7).nextBytes(noise);
    noise[0] = 0x42;
    Files.write(garbage, noise);
    Path empty = Captures.dir().resolve("empty.pcap");
    Files.write(empty, new byte[0]);
    for (Path p : List.of(garbage, empty, Captures.dir().resolve("missing.pcap"))) {
      ByteArrayOutputStream out = new ByteArrayOutputStream();
      ByteArrayOutputStream err = new ByteArrayOutputStream();
      int exit =
          AnalyzeCommand.run(
              new String[] {p.toString()}, new ByteArrayInputStream(new byte[0]), out, err);
      assertThat(exit).isEqualTo(3);
      assertThat(err.toString(StandardCharsets.UTF_8))
          .startsWith("error: ")
          .doesNotContain("\tat ");
    }
  }

  @Test
  void randomDamageNeverThrows() throws Exception {
    Captures.Run rr = Captures.roundRobin();
    byte[] all = Files.readAllBytes(rr.lo());
    Random random = new Random(42);
    Path damaged = Captures.dir().resolve("rr-damaged.pcap");
    for (int round = 0; round < 200; round++) {
      byte[] copy = all.clone();
      for (int k = 0; k < 1 + random.nextInt(20); k++) {
        int at = 24 + random.nextInt(copy.length - 24);
        copy[at] = (byte) random.nextInt(256);
      }
      Files.write(damaged, copy);
      ByteArrayOutputStream out = new ByteArrayOutputStream();
      ByteArrayOutputStream err = new ByteArrayOutputStream();
      int exit =
          AnalyzeCommand.run(
              new String[] {damaged.toString(), "--json"},
              new ByteArrayInputStream(new byte[0]),
              out,
              err);
      assertThat(exit).as("round %d: %s", round, err).isBetween(0, 2);
    }
  }
}
