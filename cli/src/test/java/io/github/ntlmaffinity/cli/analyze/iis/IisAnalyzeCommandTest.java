package io.github.ntlmaffinity.cli.analyze.iis;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.ntlmaffinity.cli.analyze.AnalyzeCommand;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code analyze} on IIS logs, through the command: same report formats as for captures. */
class IisAnalyzeCommandTest {
  @TempDir Path dir;

  private final ByteArrayOutputStream out = new ByteArrayOutputStream();
  private final ByteArrayOutputStream err = new ByteArrayOutputStream();

  private int run(String... args) {
    return AnalyzeCommand.run(args, new ByteArrayInputStream(new byte[0]), out, err);
  }

  private static String file(String name) {
    return IisAnalyzerTest.resource(name).toString();
  }

  @Test
  void twoServersLogsGiveTheSplitInTextJsonAndHtml() throws Exception {
    Path html = dir.resolve("report.html");
    int status =
        run(
            file("farm-default/web1/u_ex261130.log"),
            file("farm-default/web2/u_ex261130.log"),
            "--html",
            html.toString());

    assertThat(status).isEqualTo(AnalyzeCommand.EXIT_BROKEN);
    String text = out.toString(StandardCharsets.UTF_8);
    assertThat(text)
        .contains("IIS W3C log", "HANDSHAKE_SPLIT_ACROSS_NODES", "BROKEN", "(inferred)")
        .contains("logFieldName='REMOTE_PORT'")
        .contains("SEC_E_NO_CREDENTIALS")
        .doesNotContain("PARTIAL", "2148074254 401 1 2148074254");
    assertThat(Files.readString(html)).contains("HANDSHAKE_SPLIT_ACROSS_NODES");

    out.reset();
    assertThat(
            run(
                "--json",
                "--balancer",
                "haproxy",
                file("farm-default/web1/u_ex261130.log"),
                file("farm-default/web2/u_ex261130.log")))
        .isEqualTo(AnalyzeCommand.EXIT_BROKEN);
    JsonNode tree = new ObjectMapper().readTree(out.toByteArray());
    assertThat(tree.toString()).contains("HANDSHAKE_SPLIT_ACROSS_NODES", "web2");
  }

  @Test
  void aServerCanBeNamedOnTheCommandLine() throws Exception {
    Path x = IisAnalyzerTest.resource("farm-x/WEB1/u_ex261130_x.log");
    Path err1 = IisAnalyzerTest.resource("farm-x/WEB1/httperr1.log");

    int status = run(x.toString(), err1.toString(), "--server", "WEB1=" + err1);

    assertThat(status).isEqualTo(AnalyzeCommand.EXIT_BROKEN);
    assertThat(out.toString(StandardCharsets.UTF_8))
        .contains("CHALLENGE_ABANDONED", "Timer_ConnectionIdle")
        .doesNotContain("10.0.1.11:443");
  }

  @Test
  void aBrokenLogIsReadInPartAndSaysSo() throws Exception {
    Path log = dir.resolve("u_ex1.log");
    Files.writeString(
        log,
        "#Software: Microsoft Internet Information Services 10.0\r\n"
            + "#Fields: date time c-ip sc-status sc-substatus sc-win32-status\r\n"
            + "2026-11-30 09:00:01 10.0.0.5 401 2 5\r\n"
            + "2026-11-30 09:00:01 10.0.0.5 401 1");

    int status = run(log.toString());

    assertThat(status).isEqualTo(AnalyzeCommand.EXIT_NOTHING_OR_PARTIAL);
    assertThat(out.toString(StandardCharsets.UTF_8)).contains("PARTIAL", "file ends mid-line");
    assertThat(err.toString(StandardCharsets.UTF_8)).isEmpty();
  }

  @Test
  void logsAndHarFilesAreNotMixed() {
    int status =
        run(
            file("farm-default/web1/u_ex261130.log"),
            IisAnalyzerTest.resource("../har/chromium-ntlm.har").toString());

    assertThat(status).isEqualTo(AnalyzeCommand.EXIT_USAGE);
    assertThat(err.toString(StandardCharsets.UTF_8)).contains("one kind of file per run");
  }
}
