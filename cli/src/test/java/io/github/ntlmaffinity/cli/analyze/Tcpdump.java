package io.github.ntlmaffinity.cli.analyze;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * A real tcpdump (or Wireshark's dumpcap) capturing loopback traffic to a file; stopped by SIGTERM
 * to its own PID.
 */
final class Tcpdump implements AutoCloseable {
  private final Process process;
  private final Path file;
  private final StringBuffer stderr = new StringBuffer();

  private Tcpdump(Process process, Path file) {
    this.process = process;
    this.file = file;
  }

  /** Whether tcpdump is installed (tests that need it are skipped, not failed, without it). */
  static boolean available() {
    return onPath("tcpdump");
  }

  static boolean onPath(String tool) {
    for (String dir : System.getenv().getOrDefault("PATH", "").split(":")) {
      if (!dir.isEmpty() && Files.isExecutable(Path.of(dir, tool))) {
        return true;
      }
    }
    return Files.isExecutable(Path.of("/usr/sbin", tool));
  }

  /**
   * Starts {@code tcpdump --immediate-mode -U -w FILE} with the extra options and filter, and waits
   * until it listens.
   */
  static Tcpdump start(Path file, List<String> options, String filter) throws Exception {
    List<String> command =
        new ArrayList<>(
            List.of("tcpdump", "--immediate-mode", "-B", "32768", "-U", "-w", file.toString()));
    command.addAll(options);
    command.add(filter);
    return start(command, file, "listening on");
  }

  /**
   * Starts Wireshark's {@code dumpcap -w FILE} (pcapng) on the interfaces with the capture filter
   * and extra options, and waits until it captures.
   */
  static Tcpdump dumpcap(Path file, List<String> interfaces, String filter, List<String> options)
      throws Exception {
    List<String> command = new ArrayList<>(List.of("dumpcap", "-w", file.toString()));
    for (String i : interfaces) {
      command.addAll(List.of("-i", i, "-f", filter));
    }
    command.addAll(options);
    return start(command, file, "Capturing on");
  }

  private static Tcpdump start(List<String> command, Path file, String ready) throws Exception {
    Process p = new ProcessBuilder(command).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
    Tcpdump t = new Tcpdump(p, file);
    CountDownLatch listening = new CountDownLatch(1);
    Thread reader =
        new Thread(
            () -> {
              try (BufferedReader r =
                  new BufferedReader(
                      new InputStreamReader(p.getErrorStream(), StandardCharsets.UTF_8))) {
                String line;
                while ((line = r.readLine()) != null) {
                  t.stderr.append(line).append('\n');
                  if (line.contains(ready)) {
                    listening.countDown();
                  }
                }
              } catch (IOException ignored) {
                // the process ended
              }
            },
            "tcpdump-stderr");
    reader.setDaemon(true);
    reader.start();
    if (!listening.await(15, TimeUnit.SECONDS)) {
      p.destroyForcibly();
      throw new IllegalStateException(command.get(0) + " did not start: " + t.stderr);
    }
    return t;
  }

  /** Stops tcpdump with SIGTERM and waits for it to write the file out. */
  Path stop() throws InterruptedException {
    process.destroy();
    if (!process.waitFor(15, TimeUnit.SECONDS)) {
      process.destroyForcibly();
      throw new IllegalStateException("tcpdump did not stop: " + stderr);
    }
    Thread.sleep(100); // let the reader thread take tcpdump's last lines
    return file;
  }

  /** What tcpdump said, e.g. its packet and drop counts after {@link #stop()}. */
  String said() {
    return stderr.toString().replace('\n', ' ');
  }

  @Override
  public void close() {
    if (process.isAlive()) {
      process.destroyForcibly();
    }
  }
}
