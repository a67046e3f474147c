package io.github.ntlmaffinity;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** Core stays free of servlet types and of runtime dependencies other than SLF4J. */
class CoreBoundaryTest {
  private static final Path MAIN = Path.of("src/main/java");

  @Test
  void coreImportsNoServletOrThirdPartyTypes() throws IOException {
    List<String> offending;
    try (Stream<Path> files = Files.walk(MAIN)) {
      offending =
          files
              .filter(p -> p.toString().endsWith(".java"))
              .flatMap(CoreBoundaryTest::imports)
              .filter(
                  i ->
                      !(i.startsWith("import java.")
                          || i.startsWith("import static java.")
                          || i.startsWith("import javax.crypto.")
                          || i.startsWith("import org.slf4j.")
                          || i.startsWith("import io.github.ntlmaffinity.")
                          || i.startsWith("import static io.github.ntlmaffinity.")))
              .toList();
    }
    assertThat(offending).isEmpty();
  }

  @Test
  void theScanSeesTheSources() throws IOException {
    try (Stream<Path> files = Files.walk(MAIN)) {
      assertThat(files.filter(p -> p.endsWith("Tracker.java")).count()).isEqualTo(1);
    }
  }

  private static Stream<String> imports(Path file) {
    try {
      return Files.readAllLines(file).stream()
          .map(String::trim)
          .filter(l -> l.startsWith("import "))
          .map(l -> file.getFileName() + ": " + l)
          .map(l -> l.substring(l.indexOf(": ") + 2));
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }
}
