package io.github.ntlmaffinity.cli.analyze.capture;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/**
 * The bounds of IP reassembly (the real fragmented captures are in {@code AnalyzeFragmentsTest}).
 */
class FragmentsTest {
  private static final long SECOND = 1_000_000_000L;
  private static final byte[] BYTES = new byte[2048];

  @Test
  void piecesInAnyOrderMakeTheDatagram() {
    Fragments f = new Fragments();
    Fragments.Key k = key(1);
    assertThat(f.add(k, 0, 16, false, BYTES, BYTES.length, 0, 8)).isNull();
    assertThat(f.add(k, 0, 0, true, BYTES, BYTES.length, 0, 16)).hasSize(24);
    assertThat(f.reassembled).isEqualTo(1);
    assertThat(f.add(k, 0, 0, true, BYTES, BYTES.length, 0, 16)).as("a late duplicate").isNull();
    assertThat(f.incomplete()).isZero();
  }

  @Test
  void aDatagramOver65535BytesIsGivenUp() {
    Fragments f = new Fragments();
    assertThat(f.add(key(1), 0, 65_528, false, BYTES, BYTES.length, 0, 16)).isNull();
    assertThat(f.dropped).isEqualTo(1);
    assertThat(f.incomplete()).isZero();
  }

  @Test
  void anIncompleteDatagramTimesOut() {
    Fragments f = new Fragments();
    f.add(key(1), 0, 0, true, BYTES, BYTES.length, 0, 8);
    f.add(key(2), (Fragments.TIMEOUT_SECONDS + 1) * SECOND, 0, true, BYTES, BYTES.length, 0, 8);
    assertThat(f.dropped).isEqualTo(1);
    assertThat(f.incomplete()).isEqualTo(1);
  }

  @Test
  void theNumberOfOpenDatagramsIsCapped() {
    Fragments f = new Fragments();
    for (int i = 0; i < Fragments.MAX_DATAGRAMS + 100; i++) {
      f.add(key(i), 0, 0, true, BYTES, BYTES.length, 0, 8);
    }
    assertThat(f.incomplete()).isEqualTo(Fragments.MAX_DATAGRAMS);
    assertThat(f.dropped).isEqualTo(100);
  }

  @Test
  void aFragmentCutByTheSnapshotLengthGivesItsDatagramUp() {
    Fragments f = new Fragments();
    assertThat(f.add(key(1), 0, 8, false, new byte[10], 10, 0, 16)).isNull();
    assertThat(f.dropped).isEqualTo(1);
    assertThat(f.add(key(2), 0, 8, false, new byte[10], 10, 12, 0))
        .as("header beyond the bytes")
        .isNull();
    assertThat(f.dropped).isEqualTo(2);
  }

  private static Fragments.Key key(long id) {
    return new Fragments.Key("192.0.2.1", "192.0.2.2", id, 6);
  }
}
