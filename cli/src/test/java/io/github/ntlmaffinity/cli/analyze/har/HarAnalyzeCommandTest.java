package io.github.ntlmaffinity.cli.analyze.har;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.ntlmaffinity.cli.analyze.AnalyzeCommand;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code analyze} on HAR files, through the command. */
class HarAnalyzeCommandTest {
  @TempDir Path dir;

  private final ByteArrayOutputStream out = new ByteArrayOutputStream();
  private final ByteArrayOutputStream err = new ByteArrayOutputStream();

  private int run(String... args) {
    return AnalyzeCommand.run(args, new ByteArrayInputStream(new byte[0]), out, err);
  }

  static String file(String name) throws URISyntaxException {
    return Path.of(HarAnalyzeCommandTest.class.getResource("/har/" + name).toURI()).toString();
  }

  @Test
  void aChromiumHarGivesTheReportWithoutSecrets() throws Exception {
    Path html = dir.resolve("r.html");
    int status = run(file("chromium-ntlm.har"), "--html", html.toString());

    assertThat(status).isEqualTo(AnalyzeCommand.EXIT_BROKEN);
    String text = out.toString(StandardCharsets.UTF_8);
    assertThat(text)
        .contains("HAR", "HANDSHAKE_SPLIT_ACROSS_CONNECTIONS", "NODE-A", "no token bytes")
        .contains("client side", "NTLM_OVER_HTTP2", "NEGOTIATE_FELL_BACK_TO_NTLM");
    for (String s : new String[] {text, Files.readString(html)}) {
      assertThat(s).doesNotContain("TlRMTVNTUA", "do-not-print-me");
    }
  }

  @Test
  void jsonThatIsNotAHarIsRefused() throws Exception {
    Path notHar = dir.resolve("x.json");
    Files.writeString(notHar, "{\"log\": 42}");
    Path other = dir.resolve("y.json");
    Files.writeString(other, "{\"name\": \"not a har\"}");

    assertThat(run(notHar.toString())).isEqualTo(AnalyzeCommand.EXIT_USAGE);
    assertThat(err.toString(StandardCharsets.UTF_8)).contains("not a HAR");
    err.reset();
    assertThat(run(other.toString())).isEqualTo(AnalyzeCommand.EXIT_USAGE);
    assertThat(err.toString(StandardCharsets.UTF_8)).contains("is not a packet capture");
  }
}
