package io.github.ntlmaffinity.cli.analyze;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Coverage-guided fuzz target (Jazzer) for {@code analyze} on a capture file: the pcap and pcapng
 * readers, link layers, IP fragments, TCP reassembly, HTTP parsing, the engine and the reports, as
 * a user runs them. Whatever the bytes, the command must answer with an exit status of 0 to 3 and
 * never a stack trace; any exception that escapes it is a finding.
 *
 * <p>A plain {@code mvn verify} replays the seeds under {@code
 * src/test/resources/io/github/ntlmaffinity/cli/analyze/CaptureFuzzTestInputs/capture/} (two logins
 * by {@code curl --ntlm} through the demo's round-robin balancer, captured by tcpdump, and the same
 * converted to pcapng by editcap; the demo's public test account) and any crash files Jazzer saved
 * there. To fuzz: {@code JAZZER_FUZZ=1 mvn -pl cli test -Dtest=CaptureFuzzTest
 * -Djazzer.max_duration=5m} (see {@code FUZZING.md}).
 */
class CaptureFuzzTest {
  private static Path file;

  @FuzzTest(maxDuration = "10m")
  void capture(byte[] data) throws IOException {
    Files.write(file(), data);
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    int exit =
        AnalyzeCommand.run(
            new String[] {file().toString(), "--json"},
            new ByteArrayInputStream(new byte[0]),
            out,
            err);
    String said = err.toString(StandardCharsets.UTF_8);
    // A stack trace's frames; the text itself is the input's to choose (it may quote a header).
    if (exit < 0 || exit > 3 || said.contains("\tat ")) {
      throw new AssertionError("exit " + exit + ": " + said);
    }
    if (exit <= 2 && out.size() == 0) {
      throw new AssertionError("exit " + exit + " without a report: " + said);
    }
  }

  /** One file, rewritten for every input: fuzzing runs the target on one thread. */
  private static synchronized Path file() {
    if (file == null) {
      try {
        file = Files.createTempFile("capture-fuzz", ".pcap");
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
      file.toFile().deleteOnExit();
    }
    return file;
  }
}
