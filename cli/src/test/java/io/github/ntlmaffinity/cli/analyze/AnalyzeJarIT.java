package io.github.ntlmaffinity.cli.analyze;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * {@code java -jar ntlm-affinity-cli.jar analyze} as users run it, on a real round-robin capture
 * ({@link Captures}): exit status, text report, the HTML report with its style sheet from the jar.
 */
class AnalyzeJarIT {

  @Test
  void analyzesACaptureAndWritesTheHtmlReport() throws Exception {
    Path jar = Path.of(System.getProperty("ntlmaffinity.cli.jar", "target/ntlm-affinity-cli.jar"));
    assumeTrue(Files.isRegularFile(jar), "no shaded jar at " + jar + ": run mvn verify");
    Captures.Run rr = Captures.roundRobin();
    Path html = Captures.dir().resolve("jar-report.html");
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    Process p =
        new ProcessBuilder(
                List.of(
                    java,
                    "-jar",
                    jar.toString(),
                    "analyze",
                    rr.lo().toString(),
                    "--html",
                    html.toString()))
            .start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    String err = new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
    assertThat(p.exitValue()).as(err).isEqualTo(1);
    assertThat(err).isEmpty();
    assertThat(out)
        .contains("Handshakes: " + Captures.LOGINS + " seen")
        .contains("BROKEN")
        .contains("HANDSHAKE_SPLIT_ACROSS_NODES");
    String page = Files.readString(html);
    assertThat(page).contains("<svg").contains(".timeline{").contains("leg misplaced");
  }
}
