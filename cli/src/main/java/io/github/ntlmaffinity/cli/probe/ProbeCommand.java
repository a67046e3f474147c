package io.github.ntlmaffinity.cli.probe;

import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;

/** {@code java -jar ntlm-affinity-cli.jar probe ...}: not built yet; says so and exits 3. */
public final class ProbeCommand {
  private ProbeCommand() {}

  /** Runs the command; never throws. Returns the exit status. */
  public static int run(
      String[] args, InputStream stdin, OutputStream stdout, OutputStream stderr) {
    PrintStream err = new PrintStream(stderr, true, StandardCharsets.UTF_8);
    err.println("error: the probe command is not available in this build yet");
    return 3;
  }
}
