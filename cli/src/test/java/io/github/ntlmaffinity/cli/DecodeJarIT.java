package io.github.ntlmaffinity.cli;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.ntlmaffinity.testing.Samples;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Runs the shaded jar as {@code java -jar}, the way users run it. Failsafe runs this after {@code
 * package} and passes the jar's path in {@code ntlmaffinity.cli.jar}; without a jar it is skipped.
 */
class DecodeJarIT {
  private static final Samples SAMPLES = Samples.load(DecodeJarIT.class, "headers.txt");

  private static final ObjectMapper MAPPER = new ObjectMapper();
  private static Path jar;

  @TempDir Path dir;

  @BeforeAll
  static void findJar() {
    jar = Path.of(System.getProperty("ntlmaffinity.cli.jar", "target/ntlm-affinity-cli.jar"));
    assumeTrue(Files.isRegularFile(jar), "no shaded jar at " + jar + ": run mvn verify");
  }

  @Test
  void decodesAType3HeaderGivenAsArgument() throws Exception {
    Result result = java(null, "decode", SAMPLES.line("hc5-type3"));

    assertThat(result.status).isZero();
    assertThat(result.stderr).isEmpty();
    assertThat(result.stdout.lines()).hasSize(1);
    JsonNode node = MAPPER.readTree(result.stdout);
    assertThat(node.get("summary").textValue())
        .isEqualTo(
            "AUTHENTICATE EXAMPLE\\alice from VM, NTLMv2, answers a challenge issued by NODE-A"
                + " at 2026-11-24T23:32:28Z");
    assertThat(node.at("/message/challengeTimestamp/fileTime").textValue())
        .isEqualTo("0x01dd7c6c11ec4eb0");
  }

  @Test
  void decodesStdinLineByLineAndExitsOneOnMalformedInput() throws Exception {
    String stdin =
        SAMPLES.line("samba-spnego-type1")
            + "\n\n"
            + SAMPLES.line("samba-spnego-type2")
            + "\nAuthorization: NTLM TlRMTVNTUAADAAAA\n";

    Result result = java(stdin, "decode", "-");

    assertThat(result.status).isEqualTo(1);
    assertThat(result.stderr).isEmpty();
    List<JsonNode> nodes = new ArrayList<>();
    for (String line : result.stdout.lines().toList()) {
      nodes.add(MAPPER.readTree(line));
    }
    assertThat(nodes)
        .extracting(n -> n.get("kind").textValue())
        .containsExactly("ntlm", "ntlm", "malformed");
    assertThat(nodes.get(2).get("reason").textValue()).isEqualTo("NTLM_TRUNCATED");
    assertThat(nodes.get(2).get("line").intValue()).isEqualTo(4);
  }

  @Test
  void usageErrorExitsTwoWithoutAStackTrace() throws Exception {
    Result result = java(null, "frobnicate");

    assertThat(result.status).isEqualTo(2);
    assertThat(result.stdout).isEmpty();
    assertThat(result.stderr).startsWith("error: unknown command frobnicate").contains("Usage:");
    assertThat(result.stderr).doesNotContain("Exception", "\tat ");
  }

  @Test
  void versionComesFromTheJarManifest() throws Exception {
    Result result = java(null, "--version");

    assertThat(result.status).isZero();
    assertThat(result.stdout).matches("ntlm-affinity-cli \\d+\\.\\d+\\.\\d+\\S*\n");
  }

  private Result java(String stdin, String... args) throws IOException, InterruptedException {
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.add("-jar");
    command.add(jar.toString());
    command.addAll(List.of(args));
    Path in = dir.resolve("stdin");
    Path out = dir.resolve("stdout");
    Path err = dir.resolve("stderr");
    Files.writeString(in, stdin == null ? "" : stdin, UTF_8);
    Process process =
        new ProcessBuilder(command)
            .redirectInput(in.toFile())
            .redirectOutput(out.toFile())
            .redirectError(err.toFile())
            .start();
    if (!process.waitFor(60, TimeUnit.SECONDS)) {
      process.destroyForcibly();
      throw new AssertionError("java -jar did not finish in 60 s: " + command);
    }
    return new Result(
        process.exitValue(), Files.readString(out, UTF_8), Files.readString(err, UTF_8));
  }

  private record Result(int status, String stdout, String stderr) {}
}
