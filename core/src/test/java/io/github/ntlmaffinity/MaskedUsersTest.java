package io.github.ntlmaffinity;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.ntlmaffinity.testing.NtlmTestMessages;
import io.github.ntlmaffinity.testing.ServerIdentity;
import io.github.ntlmaffinity.testing.TestClock;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/** With users masked, no view shows any user a handshake carried, however many it carried. */
class MaskedUsersTest {
  private final TestClock clock = new TestClock(Instant.parse("2026-11-24T21:14:03Z"));
  private final TestNode node = new TestNode("node-a", ServerIdentity.NODE_A, clock);

  @Test
  void twoAuthenticatesInOneHandshakeAreBothMasked() {
    // Two streams of one HTTP/2 connection answer the same CHALLENGE as two users.
    ConnectionInfo c = node.connection("HTTP/2.0");
    byte[] type2 = node.negotiate(c);
    Exchange first = node.affinity.begin(authenticate(c, type2, "bartholomew"));
    Exchange second = node.affinity.begin(authenticate(c, type2, "alice"));
    first.complete(401, false);
    second.complete(200, false);

    DiagnosticsSnapshot snapshot = node.affinity.snapshot();
    assertThat(snapshot.handshakes()).hasSize(1);
    assertThat(snapshot.handshakes().get(0).legs())
        .extracting(Handshake.Leg::user)
        .containsExactly(null, null, "bartholomew", "alice");
    String masked = snapshot.toJson(true, false);
    assertThat(masked).doesNotContain("bartholomew").doesNotContain("alice").contains("b***");
    assertThat(snapshot.toJson(false, false)).contains("bartholomew").contains("alice");
  }

  private static FakeRequest authenticate(ConnectionInfo c, byte[] type2, String user) {
    byte[] type3 = TestNode.JCIFS.authenticate(type2, "EXAMPLE", user, "Passw0rd!", "WS01");
    return TestNode.authorization(c, NtlmTestMessages.ntlmHeader(type3));
  }
}
