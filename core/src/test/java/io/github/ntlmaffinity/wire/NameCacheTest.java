package io.github.ntlmaffinity.wire;

import static io.github.ntlmaffinity.testing.LittleEndian.put16;
import static io.github.ntlmaffinity.testing.LittleEndian.put32;
import static java.nio.charset.StandardCharsets.UTF_16LE;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import org.junit.jupiter.api.Test;

/**
 * The name cache returns an entry only for exactly its bytes and id, wherever the bytes lie, and
 * keeps nothing longer than its limit.
 */
class NameCacheTest {

  @Test
  void findsAnEntryByItsBytesAtAnyOffset() {
    byte[] name = "node-a.example.test".getBytes(UTF_16LE);
    byte[] elsewhere = new byte[name.length + 13];
    System.arraycopy(name, 0, elsewhere, 13, name.length);
    int hash = NameCache.hash(NameCache.NAME, name, 0, name.length);
    NameCache.put(hash, NameCache.NAME, name, 0, name.length, "node-a.example.test", null);

    assertThat(NameCache.hash(NameCache.NAME, elsewhere, 13, name.length)).isEqualTo(hash);
    NameCache.Entry found = NameCache.find(hash, NameCache.NAME, elsewhere, 13, name.length);
    assertThat(found).isNotNull();
    assertThat(found.name()).isEqualTo("node-a.example.test");
    // The entry holds its own copy: changing the message afterwards changes nothing.
    Arrays.fill(name, (byte) 0);
    assertThat(NameCache.find(hash, NameCache.NAME, elsewhere, 13, name.length - 2)).isNull();
    assertThat(NameCache.find(hash, NameCache.NAME, elsewhere, 13, name.length)).isSameAs(found);
  }

  @Test
  void neverReturnsAnEntryForOtherBytesOrAnotherId() {
    for (String value :
        new String[] {"", "A", "NODE", "NODE-A", "EXAMPLE", "node-a.example.test"}) {
      byte[] bytes = value.getBytes(UTF_16LE);
      int hash = NameCache.hash(AvPair.NB_COMPUTER_NAME, bytes, 0, bytes.length);
      AvPair.Text text = new AvPair.Text(AvPair.NB_COMPUTER_NAME, bytes.length, value);
      NameCache.put(hash, AvPair.NB_COMPUTER_NAME, bytes, 0, bytes.length, value, text);

      assertThat(NameCache.find(hash, AvPair.NB_COMPUTER_NAME, bytes, 0, bytes.length).text())
          .isSameAs(text);
      assertThat(NameCache.find(hash, AvPair.DNS_COMPUTER_NAME, bytes, 0, bytes.length)).isNull();
      for (int i = 0; i < bytes.length; i++) {
        byte[] changed = bytes.clone();
        changed[i] ^= 1;
        assertThat(NameCache.find(hash, AvPair.NB_COMPUTER_NAME, changed, 0, changed.length))
            .as("%s with byte %d changed", value, i)
            .isNull();
      }
      if (bytes.length > 0) {
        assertThat(NameCache.find(hash, AvPair.NB_COMPUTER_NAME, bytes, 0, bytes.length - 1))
            .isNull();
      }
    }
  }

  @Test
  void decodedNamesAreEqualWhetherCachedOrNot() {
    String header = "NTLM " + java.util.Base64.getEncoder().encodeToString(challengeWithNames());
    ChallengeMessage first = challenge(header);
    ChallengeMessage second = challenge(header);
    assertThat(second).isEqualTo(first);
    assertThat(second.targetInfo().nbComputerName()).isEqualTo("NODE-\ufffdA");
    assertThat(second.targetInfo().dnsComputerName()).isEqualTo("x".repeat(80));
  }

  private static ChallengeMessage challenge(String header) {
    DecodeResult r = NtlmDecoder.decodeWwwAuthenticate(header).get(0);
    return (ChallengeMessage) ((DecodeResult.Ntlm) r).message();
  }

  /** A CHALLENGE whose TargetInfo holds a lone surrogate and a name too long to be cached. */
  private static byte[] challengeWithNames() {
    byte[] nb = "NODE-\ud800A".getBytes(UTF_16LE);
    // getBytes replaces the lone surrogate: put it back.
    nb[10] = 0x00;
    nb[11] = (byte) 0xd8;
    byte[] dns = "x".repeat(80).getBytes(UTF_16LE);
    int infoLength = 4 + nb.length + 4 + dns.length + 4;
    byte[] msg = new byte[48 + infoLength];
    System.arraycopy(
        "NTLMSSP\0".getBytes(java.nio.charset.StandardCharsets.US_ASCII), 0, msg, 0, 8);
    msg[8] = 2;
    put32(msg, 20, 0x00800001); // UNICODE | TARGET_INFO
    put16(msg, 40, infoLength);
    put16(msg, 42, infoLength);
    put32(msg, 44, 48);
    int p = 48;
    put16(msg, p, AvPair.NB_COMPUTER_NAME);
    put16(msg, p + 2, nb.length);
    System.arraycopy(nb, 0, msg, p + 4, nb.length);
    p += 4 + nb.length;
    put16(msg, p, AvPair.DNS_COMPUTER_NAME);
    put16(msg, p + 2, dns.length);
    System.arraycopy(dns, 0, msg, p + 4, dns.length);
    return msg;
  }
}
