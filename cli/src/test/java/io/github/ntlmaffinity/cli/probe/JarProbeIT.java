package io.github.ntlmaffinity.cli.probe;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Runs {@code probe} from the shaded jar as a process, the way users run it: the jar must carry
 * jcifs-ng and its signed bcprov in a form {@code java -jar} accepts.
 */
class JarProbeIT {
  private static Path jar;
  private static BackendCluster cluster;

  @BeforeAll
  static void start() throws Exception {
    jar = Path.of(System.getProperty("ntlmaffinity.cli.jar", "target/ntlm-affinity-cli.jar"));
    assumeTrue(Files.isRegularFile(jar), "no shaded jar at " + jar + ": run mvn verify");
    cluster = BackendCluster.start();
  }

  @AfterAll
  static void stop() throws Exception {
    if (cluster != null) {
      cluster.close();
    }
  }

  @Test
  void logsInThroughTheJarWithThePasswordFromTheEnvironment() throws Exception {
    Process p =
        process(
            "probe",
            cluster.urlA(),
            "-n",
            "6",
            "--user",
            BackendCluster.USER,
            "--password-env",
            BackendCluster.PASSWORD_ENV);
    p.getOutputStream().close();
    String out = new String(p.getInputStream().readAllBytes(), UTF_8);
    assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();

    assertThat(p.exitValue()).as(out).isZero();
    assertThat(out).contains("SAFE: every login").doesNotContain(BackendCluster.PASSWORD);
  }

  @Test
  void anUnreachableUrlIsExit3WithoutATrace() throws Exception {
    Process p = process("probe", "http://127.0.0.1:1/");
    p.getOutputStream().close();
    String out = new String(p.getInputStream().readAllBytes(), UTF_8);
    assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();

    assertThat(p.exitValue()).as(out).isEqualTo(3);
    assertThat(out).contains("cannot connect").doesNotContain("Exception");
  }

  private static Process process(String... args) throws Exception {
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.add("-jar");
    command.add(jar.toString());
    command.addAll(List.of(args));
    ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
    builder.environment().put(BackendCluster.PASSWORD_ENV, BackendCluster.PASSWORD);
    return builder.start();
  }
}
