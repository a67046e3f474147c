package io.github.ntlmaffinity.cli.analyze;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The command line of {@code analyze}, and its usage errors. */
class AnalyzeOptionsTest {

  @Test
  void parsesEveryOption() {
    AnalyzeOptions o =
        AnalyzeOptions.parse(
            new String[] {
              "a.pcap",
              "--json",
              "--html",
              "r.html",
              "--server",
              "10.0.0.1:80",
              "b.pcapng",
              "--balancer",
              "nginx",
              "--setting",
              "trustedProxies=10.0.0.0/8"
            });
    assertThat(o.files()).containsExactly("a.pcap", "b.pcapng");
    assertThat(o.json()).isTrue();
    assertThat(o.html()).isEqualTo("r.html");
    assertThat(o.servers()).containsExactly("10.0.0.1:80");
    assertThat(o.settings()).isEqualTo(Map.of("balancer", "nginx", "trustedProxies", "10.0.0.0/8"));
  }

  @Test
  void refusesBadCommandLines() {
    assertThatThrownBy(() -> AnalyzeOptions.parse(new String[] {}))
        .hasMessageContaining("no input file");
    assertThatThrownBy(() -> AnalyzeOptions.parse(new String[] {"a", "--html"}))
        .hasMessageContaining("--html needs a value");
    assertThatThrownBy(() -> AnalyzeOptions.parse(new String[] {"a", "--setting", "nodeName=x"}))
        .hasMessageContaining("KEY one of");
    assertThatThrownBy(() -> AnalyzeOptions.parse(new String[] {"a", "--fast"}))
        .hasMessageContaining("unknown option --fast");
  }

  @Test
  void usageErrorsExitThree(@TempDir Path dir) throws Exception {
    Path empty = dir.resolve("empty.pcap");
    ByteBuffer header = ByteBuffer.allocate(24).order(ByteOrder.LITTLE_ENDIAN);
    header.putInt(0xa1b2c3d4).putShort((short) 2).putShort((short) 4).putInt(0).putInt(0);
    header.putInt(262144).putInt(1);
    Files.write(empty, header.array());
    String file = empty.toString();
    Map<String[], String> cases =
        Map.of(
            new String[] {"--fast", file}, "unknown option --fast",
            new String[] {file, "--server", "host.example"}, "expected an IP address",
            new String[] {file, "--setting", "balancer=nope"}, "balancer");
    for (Map.Entry<String[], String> c : cases.entrySet()) {
      ByteArrayOutputStream err = new ByteArrayOutputStream();
      int exit =
          AnalyzeCommand.run(
              c.getKey(), new ByteArrayInputStream(new byte[0]), new ByteArrayOutputStream(), err);
      assertThat(exit).isEqualTo(3);
      assertThat(err.toString(StandardCharsets.UTF_8)).startsWith("error: ").contains(c.getValue());
    }
  }

  @Test
  void helpExitsZero() {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    int exit =
        AnalyzeCommand.run(
            new String[] {"--help"},
            new ByteArrayInputStream(new byte[0]),
            out,
            new ByteArrayOutputStream());
    assertThat(exit).isZero();
    assertThat(out.toString(StandardCharsets.UTF_8)).contains("Exit status: 0 no broken");
  }
}
