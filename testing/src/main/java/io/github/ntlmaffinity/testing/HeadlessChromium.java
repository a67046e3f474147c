package io.github.ntlmaffinity.testing;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Debian's {@code chromium}, headless, run with its own profile directory per run: it loads a page
 * from a loopback URL and dumps the DOM after the page's scripts ran, saves a screenshot, or opens
 * a page driven over the DevTools protocol ({@link DevToolsPage}). Each run is bounded in time and
 * its processes are stopped by PID. Tests skip (an assumption) when {@link #installed()} is false.
 *
 * <pre>{@code
 * assumeTrue(HeadlessChromium.installed(), "/usr/bin/chromium is not installed");
 * HeadlessChromium chromium = new HeadlessChromium(tempDir);
 * try (DevToolsPage page = chromium.open("about:blank", 1200, 800)) {
 *   page.send("Page.navigate", Map.of("url", url));
 * }
 * }</pre>
 *
 * <p>Jackson ({@code jackson-databind}) must be on the test class path for {@link DevToolsPage}.
 */
public final class HeadlessChromium {
  private static final Path BINARY = Path.of("/usr/bin/chromium");
  private static final long TIMEOUT_SECONDS = 90;

  /** Flags of every run: no sandbox (containers), no GPU, no traffic of the browser's own. */
  static final List<String> COMMON_FLAGS =
      List.of(
          "--headless",
          "--no-sandbox",
          "--disable-gpu",
          "--disable-quic",
          "--no-first-run",
          "--no-proxy-server",
          "--disable-background-networking",
          "--disable-component-update",
          "--disable-sync",
          "--disable-dev-shm-usage");

  private final Path profiles;
  private final String timeZone;
  private int runs;

  /** A browser whose profiles, logs and outputs go under {@code profiles}. */
  public HeadlessChromium(Path profiles) {
    this(profiles, null);
  }

  private HeadlessChromium(Path profiles, String timeZone) {
    this.profiles = profiles;
    this.timeZone = timeZone;
  }

  /** Whether {@code /usr/bin/chromium} is there. */
  public static boolean installed() {
    return Files.isExecutable(BINARY);
  }

  /** The same browser run in the time zone {@code tz} (the {@code TZ} environment variable). */
  public HeadlessChromium inTimeZone(String tz) {
    return new HeadlessChromium(profiles.resolve("tz-" + tz.replace('/', '-')), tz);
  }

  /** The DOM after load and scripts, and what the browser logged (console messages included). */
  public Result dumpDom(String url) throws Exception {
    return run(List.of("--dump-dom", url));
  }

  /**
   * Opens {@code url} in a browser driven over DevTools, with {@code flags} added to the command
   * line (e.g. {@code --auth-server-allowlist=127.0.0.1}); close the page to stop the browser.
   */
  public DevToolsPage open(String url, int width, int height, String... flags) throws Exception {
    return DevToolsPage.open(
        BINARY, profiles.resolve("devtools-" + ++runs), url, width, height, List.of(flags));
  }

  /** Saves a screenshot of {@code url} at {@code width} x {@code height} CSS pixels. */
  public Result screenshot(String url, Path file, int width, int height) throws Exception {
    Files.createDirectories(file.getParent());
    Files.deleteIfExists(file);
    return run(
        List.of(
            "--screenshot=" + file.toAbsolutePath(),
            "--window-size=" + width + "," + height,
            "--hide-scrollbars",
            url));
  }

  private Result run(List<String> extra) throws Exception {
    Path profile = Files.createDirectories(profiles.resolve("profile-" + ++runs));
    Path out = profiles.resolve("out-" + runs + ".txt");
    Path err = profiles.resolve("err-" + runs + ".txt");
    List<String> command = new ArrayList<>();
    command.add(BINARY.toString());
    command.addAll(COMMON_FLAGS);
    command.addAll(
        List.of("--enable-logging=stderr", "--v=0", "--user-data-dir=" + profile.toAbsolutePath()));
    command.addAll(extra);
    ProcessBuilder pb =
        new ProcessBuilder(command).redirectOutput(out.toFile()).redirectError(err.toFile());
    keepTemporaryFilesIn(pb, profile);
    if (timeZone != null) {
      pb.environment().put("TZ", timeZone);
    }
    Process p = pb.start();
    try {
      if (!p.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
        throw new AssertionError("chromium did not finish in " + TIMEOUT_SECONDS + " s");
      }
    } finally {
      p.descendants().forEach(ProcessHandle::destroyForcibly);
      p.destroyForcibly();
    }
    return new Result(p.exitValue(), read(out), read(err));
  }

  /**
   * Points the browser's temporary files (its {@code org.chromium.Chromium.*} singleton directory,
   * left behind when it is stopped by PID) into {@code profile}, which the test's directory holds.
   */
  static void keepTemporaryFilesIn(ProcessBuilder pb, Path profile) {
    pb.environment().put("TMPDIR", profile.toAbsolutePath().toString());
  }

  private static String read(Path file) throws IOException {
    return Files.exists(file) ? Files.readString(file, StandardCharsets.UTF_8) : "";
  }

  /**
   * One run.
   *
   * @param exitCode the browser's exit code
   * @param out standard output: the DOM for {@code --dump-dom}
   * @param log standard error: the browser's log, console messages included
   */
  public record Result(int exitCode, String out, String log) {}
}
