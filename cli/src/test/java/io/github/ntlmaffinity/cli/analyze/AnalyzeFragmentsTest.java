package io.github.ntlmaffinity.cli.analyze;

import static io.github.ntlmaffinity.cli.analyze.AnalyzeCaptureTest.analyze;
import static io.github.ntlmaffinity.cli.analyze.AnalyzeCaptureTest.assertSplitsMatch;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * IP fragments put back together: real tcpdump captures of NTLM traffic (the example cluster's
 * round-robin run over IPv4, logins through an IPv6 relay) rewritten into IP fragments by {@link
 * IpFragmenter} must give the same handshakes and findings as the unfragmented captures.
 */
class AnalyzeFragmentsTest {
  private static final int SIZE = 256;

  @Test
  void ipv4FragmentsGiveTheSameHandshakes() throws Exception {
    Captures.Run rr = Captures.roundRobin();
    PcapRecords pcap = PcapRecords.read(rr.lo());
    IpFragmenter fragmenter = new IpFragmenter();
    List<PcapRecords.Rec> fragments = fragmenter.fragment(pcap.records, SIZE);
    assertThat(fragmenter.fragmented()).isPositive();
    Path file = Captures.dir().resolve("rr-fragments.pcap");
    pcap.write(file, fragments);

    JsonNode whole = analyze(1, rr.lo().toString());
    JsonNode split = analyze(1, file.toString());
    assertThat(split.at("/handshakes")).isEqualTo(whole.at("/handshakes"));
    assertThat(split.at("/summary/findingsByType")).isEqualTo(whole.at("/summary/findingsByType"));
    assertSplitsMatch(split, rr);
    assertThat(split.at("/notes").toString())
        .contains(fragmenter.fragmented() + " datagrams reassembled.");
  }

  @Test
  void anOverlappingFragmentGivesItsDatagramUp() throws Exception {
    Captures.Run rr = Captures.roundRobin();
    PcapRecords pcap = PcapRecords.read(rr.lo());
    IpFragmenter fragmenter = new IpFragmenter();
    List<PcapRecords.Rec> fragments = new ArrayList<>(fragmenter.fragment(pcap.records, SIZE));
    for (int i = 0; i < fragments.size(); i++) {
      byte[] d = fragments.get(i).data();
      int offset = (d[20] & 0x1f) << 8 | d[21] & 0xff;
      if (offset > 0) {
        byte[] o = IpFragmenter.overlapping(d);
        fragments.add(i, new PcapRecords.Rec(fragments.get(i).seconds(), 0, o, o.length));
        break;
      }
    }
    Path file = Captures.dir().resolve("rr-overlap.pcap");
    pcap.write(file, fragments);
    JsonNode report = analyze(1, file.toString());
    // The overlap drops what was held of the datagram; the fragments that follow start it anew,
    // and the first fragment's duplicate (sent last) completes it.
    assertThat(report.at("/notes").toString())
        .contains(fragmenter.fragmented() + " datagrams reassembled, 1 given up");
    assertThat(report.at("/handshakes"))
        .isEqualTo(analyze(1, rr.lo().toString()).at("/handshakes"));
  }

  @Test
  void damagedFragmentHeadersNeverThrow() throws Exception {
    Captures.Run rr = Captures.roundRobin();
    PcapRecords pcap = PcapRecords.read(rr.lo());
    List<PcapRecords.Rec> fragments = new IpFragmenter().fragment(pcap.records, 64);
    java.util.Random random = new java.util.Random(15);
    Path file = Captures.dir().resolve("rr-fragments-damaged.pcap");
    for (int round = 0; round < 150; round++) {
      List<PcapRecords.Rec> damaged = new ArrayList<>();
      for (PcapRecords.Rec r : fragments) {
        byte[] d = r.data().clone();
        if (random.nextInt(8) == 0) {
          // total length, identification, flags and offset, or the header length
          int at = List.of(16, 17, 18, 19, 20, 21, 14).get(random.nextInt(7));
          d[at] = (byte) random.nextInt(256);
        }
        damaged.add(new PcapRecords.Rec(r.seconds(), r.fraction(), d, d.length));
      }
      pcap.write(file, damaged);
      java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
      java.io.ByteArrayOutputStream err = new java.io.ByteArrayOutputStream();
      int exit =
          AnalyzeCommand.run(
              new String[] {file.toString(), "--json"},
              new java.io.ByteArrayInputStream(new byte[0]),
              out,
              err);
      assertThat(exit).as("round %d: %s", round, err).isBetween(0, 2);
    }
  }

  @Test
  void ipv6FragmentsGiveTheSameHandshakes() throws Exception {
    assumeTrue(Tcpdump.available(), "tcpdump is not installed");
    Path file = Captures.dir().resolve("ipv6-whole.pcap");
    AnalyzeProtocolsTest.ipv6Logins(file, 3);
    PcapRecords pcap = PcapRecords.read(file);
    IpFragmenter fragmenter = new IpFragmenter();
    Path fragmented = Captures.dir().resolve("ipv6-fragments.pcap");
    pcap.write(fragmented, fragmenter.fragment(pcap.records, SIZE));
    assertThat(fragmenter.fragmented()).isPositive();

    JsonNode whole = analyze(0, file.toString());
    JsonNode split = analyze(0, fragmented.toString());
    assertThat(whole.at("/summary/handshakes").asLong()).isEqualTo(3);
    assertThat(split.at("/handshakes")).isEqualTo(whole.at("/handshakes"));
    assertThat(split.at("/notes").toString())
        .contains(fragmenter.fragmented() + " datagrams reassembled.");
  }
}
