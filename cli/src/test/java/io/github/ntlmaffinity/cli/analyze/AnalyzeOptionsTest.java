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
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
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

  /**
   * The help names the three kinds of input and the {@code --server} form of each, and every
   * balancer name it offers is one the command accepts (it once offered {@code f5}, which is not).
   */
  @Test
  void helpDescribesTheThreeInputsAndOffersOnlyNamesThatWork() throws Exception {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    AnalyzeCommand.run(
        new String[] {"--help"},
        new ByteArrayInputStream(new byte[0]),
        out,
        new ByteArrayOutputStream());
    String help = out.toString(StandardCharsets.UTF_8);
    assertThat(help)
        .contains("packet captures  pcap or pcapng")
        .contains("IIS W3C logs     u_ex*.log")
        .contains("httperr*.log")
        .contains("HAR files")
        .contains("--server IP[:P]    captures:")
        .contains("--server NAME=FILE IIS logs:");

    Matcher offered =
        Pattern.compile("--balancer NAME .*?\\(([^)]*)\\)", Pattern.DOTALL).matcher(help);
    assertThat(offered.find()).isTrue();
    List<String> names = new ArrayList<>();
    for (String word : offered.group(1).split("[,\\s]+")) {
      if (!word.isEmpty() && !word.equals("...")) {
        names.add(word);
      }
    }
    assertThat(names).contains("haproxy", "f5-big-ip");
    String web1 = resource("/iis/farm-default/web1/u_ex261130.log");
    String web2 = resource("/iis/farm-default/web2/u_ex261130.log");
    for (String name : names) {
      ByteArrayOutputStream err = new ByteArrayOutputStream();
      int exit =
          AnalyzeCommand.run(
              new String[] {"--balancer", name, web1, web2},
              new ByteArrayInputStream(new byte[0]),
              new ByteArrayOutputStream(),
              err);
      assertThat(exit).as(name + ": " + err.toString(StandardCharsets.UTF_8)).isEqualTo(1);
    }
    int har =
        AnalyzeCommand.run(
            new String[] {resource("/har/chromium-ntlm.har")},
            new ByteArrayInputStream(new byte[0]),
            new ByteArrayOutputStream(),
            new ByteArrayOutputStream());
    assertThat(har).isIn(0, 1);
  }

  private static String resource(String name) throws Exception {
    return Path.of(AnalyzeOptionsTest.class.getResource(name).toURI()).toString();
  }
}
