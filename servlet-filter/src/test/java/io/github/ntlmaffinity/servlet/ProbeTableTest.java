package io.github.ntlmaffinity.servlet;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ProbeTableTest {
  @Test
  void holdsAtMostItsCapWhateverTheTraffic() {
    ProbeTable table = new ProbeTable();
    for (int i = 0; i < 5 * ProbeTable.MAX_ENTRIES; i++) {
      table.challenged("c" + i, new byte[8], i, 0);
      table.loggedIn("l" + i, 0);
    }

    assertThat(table.size()).isEqualTo(2 * ProbeTable.MAX_ENTRIES);
    assertThat(table.pending("c0", 0)).isNull();
    assertThat(table.pending("c" + (5 * ProbeTable.MAX_ENTRIES - 1), 0)).isNotNull();
  }

  @Test
  void aNewHandshakeEndsTheLoginButKeepsItsCount() {
    ProbeTable table = new ProbeTable();
    table.challenged("a", new byte[8], 1, 0);
    table.loggedIn("a", 0);
    table.challenged("a", new byte[8], 2, 0);

    assertThat(table.isLoggedIn("a", 0)).isFalse();
    assertThat(table.loginsOn("a")).isEqualTo(1);
    table.loggedIn("a", 0);
    assertThat(table.loginsOn("a")).isEqualTo(2);
    assertThat(table.isLoggedIn("a", 0)).isTrue();
  }

  @Test
  void challengesAndLoginsExpire() {
    ProbeTable table = new ProbeTable();
    table.challenged("a", new byte[8], 1, 0);
    table.loggedIn("b", 0);

    assertThat(table.pending("a", ProbeTable.CHALLENGE_MILLIS + 1)).isNull();
    assertThat(table.isLoggedIn("b", ProbeTable.LOGIN_MILLIS + 1)).isFalse();
    assertThat(table.size()).isZero();
  }
}
