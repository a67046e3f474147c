package io.github.ntlmaffinity.cli.docs;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The docs check that needs no jar: every relative link in the pages resolves (file and heading
 * anchor), and the README's two set-up commands are valid Maven invocations of this build (the
 * demo: an existing module and its main class; the test command: the one {@code .ci/run} runs). The
 * commands are checked, not run: running {@code mvn verify} from inside {@code mvn verify} would
 * build everything twice. {@link DocsCommandsIT} runs the CLI examples.
 */
class DocsTest {
  /** Phases of Maven's default lifecycle, in order. */
  private static final List<String> PHASES =
      List.of("clean", "validate", "compile", "test", "package", "verify", "install");

  private static final Set<String> FLAGS = Set.of("-B", "-q", "-ntp", "-o", "-am", "-e");

  @Test
  void everyRelativeLinkPointsToAnExistingFileAndHeading() {
    Path root = Docs.root();
    List<String> broken = new ArrayList<>();
    int checked = 0;
    for (Path page : Docs.pages()) {
      for (Docs.Line link : Docs.relativeLinks(page)) {
        checked++;
        String problem = problem(root, page, link.text());
        if (problem != null) {
          broken.add(
              root.relativize(page) + ":" + link.number() + " " + link.text() + ": " + problem);
        }
      }
    }
    assertThat(checked).as("links found").isGreaterThan(40);
    assertThat(broken).as("broken links").isEmpty();
  }

  private static String problem(Path root, Path page, String target) {
    int hash = target.indexOf('#');
    String file = hash < 0 ? target : target.substring(0, hash);
    String anchor = hash < 0 ? null : target.substring(hash + 1);
    Path resolved = file.isEmpty() ? page : page.getParent().resolve(file).normalize();
    if (!resolved.startsWith(root)) {
      return "outside the repository";
    }
    if (!Files.exists(resolved)) {
      return "no such file";
    }
    if (anchor != null && resolved.toString().endsWith(".md")) {
      Set<String> anchors = Docs.anchors(resolved);
      if (!anchors.contains(anchor)) {
        return "no heading #" + anchor + " in " + root.relativize(resolved) + " " + anchors;
      }
    }
    return null;
  }

  @Test
  void theReadmesTwoCommandsAreTheDemoAndTheTestCommandOfThisBuild() throws IOException {
    Path root = Docs.root();
    Docs.Block setup =
        Docs.blocks(root.resolve("README.md")).stream()
            .filter(b -> b.heading().equals("Two commands"))
            .findFirst()
            .orElseThrow(
                () -> new AssertionError("README.md has no code block under 'Two commands'"));
    List<String> commands = setup.lines().stream().map(Docs.Line::text).toList();
    assertThat(commands).hasSize(2);

    Maven demo = Maven.parse(commands.get(0));
    assertThat(demo.goals()).as(commands.get(0)).contains("exec:java");
    assertThat(demo.modules()).as(commands.get(0)).hasSize(1);
    String module = demo.modules().get(0);
    assertThat(modules(root)).as("modules of the root pom").contains(module);
    assertThat(PHASES.indexOf(demo.lastPhase()))
        .as("exec:java runs classes the same command builds: " + commands.get(0))
        .isGreaterThanOrEqualTo(PHASES.indexOf("package"));
    String pom = Files.readString(root.resolve(module).resolve("pom.xml"), StandardCharsets.UTF_8);
    assertThat(pom).contains("<artifactId>exec-maven-plugin</artifactId>");
    Matcher main = Pattern.compile("<exec.mainClass>([\\w.]+)</exec.mainClass>").matcher(pom);
    assertThat(main.find()).as(module + "/pom.xml sets exec.mainClass").isTrue();
    Path source =
        root.resolve(module)
            .resolve("src/main/java")
            .resolve(main.group(1).replace('.', '/') + ".java");
    assertThat(source).exists();
    assertThat(Files.readString(source, StandardCharsets.UTF_8))
        .containsPattern("public static void main\\(String\\[\\] args\\)");

    Maven test = Maven.parse(commands.get(1));
    assertThat(test.modules()).as("the test command builds every module").isEmpty();
    assertThat(test.goals()).as(commands.get(1)).containsExactly("verify");
    List<Maven> ci = new ArrayList<>();
    for (String line : Files.readAllLines(root.resolve(".ci/run"), StandardCharsets.UTF_8)) {
      String code = line.strip();
      if (code.startsWith("mvn ")) {
        ci.add(Maven.parse(code));
      }
    }
    assertThat(ci)
        .as(".ci/run runs the README's test command")
        .anyMatch(m -> m.modules().isEmpty() && m.goals().equals(test.goals()));
    assertThat(Files.readString(root.resolve("README.md"), StandardCharsets.UTF_8))
        .contains("bash .ci/run");
  }

  private static Set<String> modules(Path root) throws IOException {
    Set<String> modules = new LinkedHashSet<>();
    Matcher m =
        Pattern.compile("<module>([^<]+)</module>")
            .matcher(Files.readString(root.resolve("pom.xml"), StandardCharsets.UTF_8));
    while (m.find()) {
      modules.add(m.group(1).strip());
    }
    return modules;
  }

  /** A {@code mvn} command line: the modules of {@code -pl} and the goals, options checked. */
  record Maven(List<String> modules, List<String> goals) {
    static Maven parse(String command) {
      List<String> words = new ArrayList<>(Arrays.asList(command.strip().split("\\s+")));
      assertThat(words.remove(0)).as(command).isEqualTo("mvn");
      List<String> modules = new ArrayList<>();
      List<String> goals = new ArrayList<>();
      for (int i = 0; i < words.size(); i++) {
        String w = words.get(i);
        if (w.equals("-pl")) {
          modules.addAll(Arrays.asList(words.get(++i).split(",")));
        } else if (w.startsWith("-D")) {
          assertThat(w).as(command).matches("-D[\\w.]+(=\\S*)?");
        } else if (w.startsWith("-")) {
          assertThat(FLAGS).as("an option this check knows, in " + command).contains(w);
        } else {
          assertThat(PHASES.contains(w) || w.equals("exec:java"))
              .as("a lifecycle phase or exec:java: " + w + " in " + command)
              .isTrue();
          goals.add(w);
        }
      }
      return new Maven(modules, goals);
    }

    String lastPhase() {
      return goals.stream().filter(PHASES::contains).reduce((a, b) -> b).orElse("");
    }
  }
}
