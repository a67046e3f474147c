package io.github.ntlmaffinity.cli.probe;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

/** The probe endpoint's mark, read from a reply: escaped, and ignored when garbled. */
class ProbeMarkTest {
  @Test
  void readsNodeConnectionResultAndReason() {
    ProbeMark m =
        ProbeMark.of(
            reply(
                "node=node-a; connection=0123456789abcdef; logins=2; result=refused;"
                    + " reason=other-node"));

    assertThat(m)
        .isEqualTo(new ProbeMark("node-a", "0123456789abcdef", 2, "refused", "other-node"));
    assertThat(m.describe()).isEqualTo("node-a conn 01234567");
  }

  @Test
  void escapesTheNodeAndDropsAGarbledMark() {
    assertThat(ProbeMark.of(reply("node=evil\u001b[2J\u202e; connection=ab; result=offer")).node())
        .doesNotContain("\u001b")
        .doesNotContain("\u202e");
    assertThat(ProbeMark.of(reply("node=a; connection=not-hex; result=offer"))).isNull();
    assertThat(ProbeMark.of(reply("garbage"))).isNull();
    assertThat(ProbeMark.of(new Reply(401, "", List.of(), false))).isNull();
  }

  private static Reply reply(String mark) {
    return new Reply(401, "", List.of(new Reply.Header(ProbeMark.HEADER, mark)), false);
  }
}
