package io.github.ntlmaffinity;

import static io.github.ntlmaffinity.FindingType.HANDSHAKE_SPLIT_ACROSS_CONNECTIONS;
import static org.assertj.core.api.Assertions.assertThat;

import io.github.ntlmaffinity.internal.engine.StoredNames;
import io.github.ntlmaffinity.testing.NtlmTestMessages;
import io.github.ntlmaffinity.testing.ServerIdentity;
import io.github.ntlmaffinity.testing.TestClock;
import java.lang.management.ManagementFactory;
import java.lang.ref.Reference;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;
import org.junit.jupiter.api.Test;

/**
 * Names as long as a 64 KB header allows neither push the facts out of a finding nor make the
 * tracker's memory follow them: stored names are cut to {@value StoredNames#MAX_NAME} characters.
 */
class LongNamesTest {
  /** Measured here: 13 MB for 12,000 such NEGOTIATEs with the cut, 480 MB without it. */
  private static final long RETAINED_LIMIT = 48L * 1024 * 1024;

  private final TestClock clock = new TestClock(Instant.parse("2026-11-24T21:14:03Z"));

  @Test
  void negotiatesWithHugeNamesRetainBoundedMemory() {
    NtlmAffinity affinity =
        NtlmAffinity.builder().nodeName("node-a").clock(clock).logRatePerMinute(0).build();
    int total = 12_000;
    long before = retainedHeap();
    for (int i = 0; i < total; i++) {
      // Each header decodes to new name strings of 24,000 characters each, as a flood would send.
      String header =
          negotiateHeader("D".repeat(24_000), "W".repeat(23_999) + (char) ('a' + i % 26));
      assertThat(header.length()).isLessThanOrEqualTo(64 * 1024);
      ConnectionInfo on = new ConnectionInfo("c" + i, "10.0.0.10", 8080, "10.0.0.1", i, "HTTP/1.1");
      affinity.begin(TestNode.authorization(on, header)).complete(401, false);
    }
    long retained = retainedHeap() - before;
    System.out.printf(
        "[names] %,d NEGOTIATEs with 48,000 characters of names: retained %,d KB%n",
        total, retained / 1024);

    assertThat(affinity.counters().messages(io.github.ntlmaffinity.wire.MessageType.NEGOTIATE))
        .isEqualTo(total);
    assertThat(retained).isLessThan(RETAINED_LIMIT);
    assertThat(affinity.snapshot().handshakes().get(0).legs().get(0).detail())
        .hasSizeLessThanOrEqualTo(StoredNames.MAX_SUMMARY + 1)
        .endsWith("…");
    Reference.reachabilityFence(affinity);
  }

  @Test
  void aLongUserNameLeavesEveryFactInTheFinding() {
    TestNode node = new TestNode("node-a", ServerIdentity.NODE_A, clock);
    ConnectionInfo first = node.connection();
    ConnectionInfo second = node.connection();
    byte[] type2 = node.negotiate(first);
    String user = "u".repeat(2_600);
    byte[] type3 = TestNode.JCIFS.authenticate(type2, "EXAMPLE", user, "Passw0rd!", "WS01");
    node.send(TestNode.authorization(second, NtlmTestMessages.ntlmHeader(type3)), 401, false);

    Finding split = node.findings(HANDSHAKE_SPLIT_ACROSS_CONNECTIONS).get(0);
    assertThat(split.user()).hasSize(StoredNames.MAX_NAME + 1).endsWith("…");
    assertThat(split.explanation())
        .contains(first.key())
        .contains(first.peer())
        .contains(second.key())
        .contains(second.peer())
        .hasSizeLessThan(1_024);
  }

  /** A NEGOTIATE with OEM domain and workstation names, as MS-NLMP 2.2.1.1 lays it out. */
  private static String negotiateHeader(String domain, String workstation) {
    byte[] d = domain.getBytes(StandardCharsets.US_ASCII);
    byte[] w = workstation.getBytes(StandardCharsets.US_ASCII);
    ByteBuffer b = ByteBuffer.allocate(32 + d.length + w.length).order(ByteOrder.LITTLE_ENDIAN);
    b.put("NTLMSSP\0".getBytes(StandardCharsets.US_ASCII)).putInt(1);
    // NEGOTIATE_OEM | REQUEST_TARGET | NTLM | OEM_DOMAIN_SUPPLIED | OEM_WORKSTATION_SUPPLIED
    b.putInt(0x2 | 0x4 | 0x200 | 0x1000 | 0x2000);
    b.putShort((short) d.length).putShort((short) d.length).putInt(32);
    b.putShort((short) w.length).putShort((short) w.length).putInt(32 + d.length);
    b.put(d).put(w);
    return "NTLM " + Base64.getEncoder().encodeToString(b.array());
  }

  private static long retainedHeap() {
    long used = Long.MAX_VALUE;
    for (int i = 0; i < 4; i++) {
      System.gc();
      used = Math.min(used, ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed());
    }
    return used;
  }
}
