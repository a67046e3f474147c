package io.github.ntlmaffinity.cli.analyze.har;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * {@code java -jar ntlm-affinity-cli.jar analyze} on a HAR file and on IIS logs, as users run it:
 * the shaded jar carries the streaming JSON parser the HAR reader uses.
 */
class HarJarIT {

  @Test
  void theJarAnalysesAHarAndIisLogs() throws Exception {
    Path jar = Path.of(System.getProperty("ntlmaffinity.cli.jar", "target/ntlm-affinity-cli.jar"));
    assumeTrue(Files.isRegularFile(jar), "no shaded jar at " + jar + ": run mvn verify");

    Result har = run(jar, HarAnalyzeCommandTest.file("chromium-ntlm.har"));
    assertThat(har.status()).as(har.err()).isEqualTo(1);
    assertThat(har.out()).contains("HAR", "HANDSHAKE_SPLIT_ACROSS_CONNECTIONS", "no token bytes");

    Path logs = Path.of(HarJarIT.class.getResource("/iis/farm-default").toURI());
    Result iis =
        run(
            jar,
            logs.resolve("web1/u_ex261130.log").toString(),
            logs.resolve("web2/u_ex261130.log").toString());
    assertThat(iis.status()).as(iis.err()).isEqualTo(1);
    assertThat(iis.out()).contains("IIS W3C log", "HANDSHAKE_SPLIT_ACROSS_NODES");
  }

  private static Result run(Path jar, String... files) throws Exception {
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    List<String> command =
        new java.util.ArrayList<>(List.of(java, "-jar", jar.toString(), "analyze"));
    command.addAll(List.of(files));
    Process p = new ProcessBuilder(command).start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    String err = new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
    return new Result(p.exitValue(), out, err);
  }

  private record Result(int status, String out, String err) {}
}
