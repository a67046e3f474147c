package io.github.ntlmaffinity.cli.docs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;
import static org.junit.jupiter.api.DynamicTest.dynamicTest;

import io.github.ntlmaffinity.cli.analyze.Captures;
import io.github.ntlmaffinity.examples.BackendNode;
import io.github.ntlmaffinity.examples.NodeIdentity;
import io.github.ntlmaffinity.examples.UserTable;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.eclipse.jetty.server.Server;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * Runs every {@code java -jar ntlm-affinity-cli.jar ...} example of README.md, cli/README.md and
 * docs/*.md against the shaded jar, as written, with bash, in a scratch directory that holds the
 * repository (linked) and the inputs the examples name: {@code web1/}, {@code web2/} and {@code
 * logs/WEB1/} (the IIS samples of the tests), {@code session.har} (a HAR sample), {@code trace.txt}
 * (a {@code curl -v} trace of real captured headers) and {@code backend.pcap} (a real round-robin
 * capture, made by tcpdump: that example is skipped without it). Every URL is pointed at a demo
 * NTLM node on loopback that knows the documented accounts, so {@code probe} examples run whole.
 * Synopsis lines ({@code [--...]}, {@code FILE...}, {@code URL [options]}) are not run.
 *
 * <p>An example fails when it exits with a status its command does not document for a finished run
 * (decode: 0; probe and analyze: a verdict 0, 1 or 2), prints its usage (a wrong option), a stack
 * trace, nothing at all, or does not write the {@code --html} report it names.
 */
class DocsCommandsIT {
  private static final Pattern COMMAND =
      Pattern.compile("(?:^|\\|\\s*)java -jar \\S*ntlm-affinity-cli\\.jar\\s+(\\S+)");
  private static final Pattern JAR = Pattern.compile("\\S*ntlm-affinity-cli\\.jar");
  private static final Pattern URL = Pattern.compile("https?://[^\\s'\"]+");
  private static final Pattern HTML = Pattern.compile("--html\\s+(\\S+)");
  private static final String PASSWORD = "Passw0rd!";

  private static Path jar;
  private static Path workspace;
  private static Server node;
  private static String nodeUrl;

  @BeforeAll
  static void prepare() throws Exception {
    jar =
        Path.of(System.getProperty("ntlmaffinity.cli.jar", "target/ntlm-affinity-cli.jar"))
            .toAbsolutePath();
    assumeTrue(Files.isRegularFile(jar), "no shaded jar at " + jar + ": run mvn verify");
    Path root = Docs.root();
    workspace = Files.createTempDirectory("docs-commands");
    try (Stream<Path> entries = Files.list(root)) {
      for (Path entry : entries.toList()) {
        if (!entry.getFileName().toString().equals(".git")) {
          Files.createSymbolicLink(workspace.resolve(entry.getFileName()), entry);
        }
      }
    }
    Path iis = root.resolve("cli/src/test/resources/iis");
    copy(iis.resolve("farm-default/web1/u_ex261130.log"), workspace.resolve("web1/u_ex261130.log"));
    copy(iis.resolve("farm-default/web2/u_ex261130.log"), workspace.resolve("web2/u_ex261130.log"));
    copy(
        iis.resolve("farm-x/WEB1/u_ex261130_x.log"),
        workspace.resolve("logs/WEB1/u_ex261130_x.log"));
    copy(iis.resolve("farm-x/WEB1/httperr1.log"), workspace.resolve("logs/WEB1/httperr1.log"));
    copy(
        root.resolve("cli/src/test/resources/har/chromium-ntlm.har"),
        workspace.resolve("session.har"));
    Files.writeString(workspace.resolve("trace.txt"), curlTrace(), StandardCharsets.UTF_8);

    UserTable users =
        UserTable.parse(List.of("EXAMPLE\\alice:" + PASSWORD, "EXAMPLE\\probe-user:" + PASSWORD));
    BackendNode backend = BackendNode.create(NodeIdentity.NODE_A, users);
    node = backend.createServer(0);
    node.start();
    nodeUrl = "http://127.0.0.1:" + backend.port() + "/app/";
  }

  @AfterAll
  static void cleanUp() throws Exception {
    if (node != null) {
      node.stop();
    }
    if (workspace != null) {
      // Files.walk does not follow the links into the repository: only the links are deleted.
      try (Stream<Path> files = Files.walk(workspace)) {
        for (Path p : files.sorted(Comparator.reverseOrder()).toList()) {
          Files.delete(p);
        }
      }
    }
  }

  @TestFactory
  Stream<DynamicTest> everyCliExampleInTheDocsRuns() {
    Path root = Docs.root();
    List<Example> examples = new ArrayList<>();
    for (Path page : Docs.pages()) {
      for (Docs.Block block : Docs.blocks(page)) {
        for (Docs.Line line : block.lines()) {
          String text = line.text().startsWith("$ ") ? line.text().substring(2) : line.text();
          Matcher m = COMMAND.matcher(text);
          if (!m.find() || isSynopsis(text)) {
            continue;
          }
          String where = root.relativize(page) + ":" + line.number();
          examples.add(new Example(where, text, m.group(1)));
        }
      }
    }
    assertThat(examples).as("CLI examples found in the docs").hasSizeGreaterThanOrEqualTo(10);
    assertThat(examples.stream().map(Example::command).distinct())
        .contains("decode", "probe", "analyze");
    return examples.stream().map(e -> dynamicTest(e.where() + " " + e.command(), () -> run(e)));
  }

  private static boolean isSynopsis(String text) {
    return text.contains("[--") || text.contains("FILE...") || text.contains(" URL [");
  }

  private static void run(Example example) throws Exception {
    if (example.text().contains("backend.pcap")
        && !Files.exists(workspace.resolve("backend.pcap"))) {
      copy(Captures.roundRobin().lo(), workspace.resolve("backend.pcap"));
    }
    String script =
        JAR.matcher(example.text()).replaceAll(Matcher.quoteReplacement(jar.toString()));
    script = URL.matcher(script).replaceAll(Matcher.quoteReplacement(nodeUrl));
    List<Path> reports = new ArrayList<>();
    Matcher html = HTML.matcher(script);
    while (html.find()) {
      Path report = workspace.resolve(html.group(1));
      Files.deleteIfExists(report);
      reports.add(report);
    }
    Path out = Files.createTempFile("docs-command", ".out");
    Path err = Files.createTempFile("docs-command", ".err");
    try {
      ProcessBuilder pb =
          new ProcessBuilder("bash", "-o", "pipefail", "-c", script)
              .directory(workspace.toFile())
              .redirectInput(ProcessBuilder.Redirect.from(Path.of("/dev/null").toFile()))
              .redirectOutput(out.toFile())
              .redirectError(err.toFile());
      Map<String, String> env = pb.environment();
      env.put("PATH", Path.of(System.getProperty("java.home"), "bin") + ":" + env.get("PATH"));
      env.put("PROBE_PASSWORD", PASSWORD);
      Process p = pb.start();
      boolean finished = p.waitFor(150, TimeUnit.SECONDS);
      if (!finished) {
        p.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
      }
      String stdout = Files.readString(out, StandardCharsets.UTF_8);
      String stderr = Files.readString(err, StandardCharsets.UTF_8);
      String said = "\n$ " + script + "\n" + stdout + stderr;
      assertThat(finished).as("finished in 150 s" + said).isTrue();
      List<Integer> documented =
          example.command().equals("decode") || example.command().equals("--version")
              ? List.of(0)
              : List.of(0, 1, 2);
      assertThat(p.exitValue()).as(example.where() + said).isIn(documented);
      assertThat(stdout).as(example.where() + said).isNotBlank();
      assertThat(stdout + stderr)
          .as(example.where() + said)
          .doesNotContainIgnoringCase("usage:")
          .doesNotContain("Exception")
          .doesNotContain("\tat ");
      for (Path report : reports) {
        assertThat(report).as(example.where() + said).isNotEmptyFile();
      }
    } finally {
      Files.deleteIfExists(out);
      Files.deleteIfExists(err);
    }
  }

  /** A {@code curl -v --ntlm} trace: curl's lines around three real captured header lines. */
  private static String curlTrace() throws IOException {
    List<String> headers = new ArrayList<>();
    try (InputStream in =
        DocsCommandsIT.class.getResourceAsStream("/io/github/ntlmaffinity/cli/headers.txt")) {
      List<String> lines = new String(in.readAllBytes(), StandardCharsets.UTF_8).lines().toList();
      for (String label : List.of("# hc5-type1", "# hc5-type2", "# hc5-type3")) {
        for (int i = 0; i < lines.size() - 1; i++) {
          if (lines.get(i).startsWith(label + " ")) {
            headers.add(lines.get(i + 1));
          }
        }
      }
    }
    assertThat(headers).hasSize(3);
    return String.join(
        "\n",
        "*   Trying 10.0.0.10:443...",
        "* Connected to app.example (10.0.0.10) port 443",
        "* Server auth using NTLM with user 'EXAMPLE\\alice'",
        "> GET / HTTP/1.1",
        "> Host: app.example",
        "> " + headers.get(0),
        "> ",
        "< HTTP/1.1 401 Unauthorized",
        "< " + headers.get(1),
        "< Content-Length: 0",
        "< ",
        "* Connection #0 to host app.example left intact",
        "> GET / HTTP/1.1",
        "> Host: app.example",
        "> " + headers.get(2),
        "> ",
        "< HTTP/1.1 200 OK",
        "< ",
        "");
  }

  private static void copy(Path from, Path to) throws IOException {
    Files.createDirectories(to.getParent());
    Files.copy(from, to, StandardCopyOption.REPLACE_EXISTING);
  }

  /** A documented command: where it is, its text, and the CLI command it runs. */
  private record Example(String where, String text, String command) {}
}
