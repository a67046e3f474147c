package io.github.ntlmaffinity.cli.docs;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The project's Markdown pages as the docs checks read them: the repository root, the pages, their
 * fenced code blocks (continuation lines joined), their relative links and their headings' anchors
 * as GitHub makes them.
 */
final class Docs {
  private static final Pattern LINK =
      Pattern.compile("!?\\[[^\\]]*\\]\\(([^)\\s]+)(?:\\s+\"[^\"]*\")?\\)");
  private static final Pattern CODE_SPAN = Pattern.compile("`[^`]*`");
  private static final Pattern HEADING = Pattern.compile("^#{1,6}\\s+(.*?)\\s*#*\\s*$");

  private Docs() {}

  /** The repository root: the parent of the module the tests run in. */
  static Path root() {
    Path dir = Path.of("").toAbsolutePath();
    for (Path p = dir; p != null; p = p.getParent()) {
      if (Files.isRegularFile(p.resolve("README.md")) && Files.isDirectory(p.resolve("docs"))) {
        return p;
      }
    }
    throw new IllegalStateException("no repository root with README.md and docs/ above " + dir);
  }

  /** README.md, the other pages at the root, cli/README.md and docs/*.md. */
  static List<Path> pages() {
    Path root = root();
    List<Path> pages = new ArrayList<>();
    for (String name : List.of("README.md", "CHANGELOG.md", "BENCHMARKS.md", "FUZZING.md")) {
      if (Files.isRegularFile(root.resolve(name))) {
        pages.add(root.resolve(name));
      }
    }
    pages.add(root.resolve("cli/README.md"));
    try (Stream<Path> docs = Files.list(root.resolve("docs"))) {
      docs.filter(p -> p.toString().endsWith(".md")).sorted().forEach(pages::add);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return pages;
  }

  static List<String> lines(Path page) {
    try {
      return Files.readAllLines(page, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The fenced code blocks of a page, in order. */
  static List<Block> blocks(Path page) {
    List<Block> blocks = new ArrayList<>();
    List<String> lines = lines(page);
    String heading = "";
    for (int i = 0; i < lines.size(); i++) {
      String line = lines.get(i);
      Matcher h = HEADING.matcher(line);
      if (h.matches()) {
        heading = h.group(1);
      }
      if (!line.stripLeading().startsWith("```")) {
        continue;
      }
      String info = line.strip().substring(3).strip();
      int start = i + 1;
      int end = start;
      while (end < lines.size() && !lines.get(end).stripLeading().startsWith("```")) {
        end++;
      }
      blocks.add(new Block(page, heading, info, start + 1, logicalLines(lines, start, end)));
      i = end;
    }
    return blocks;
  }

  /** Lines start..end (exclusive), with lines ending in a backslash joined to the next. */
  private static List<Line> logicalLines(List<String> lines, int start, int end) {
    List<Line> result = new ArrayList<>();
    StringBuilder current = null;
    int first = 0;
    for (int i = start; i < end; i++) {
      String line = lines.get(i);
      if (current == null) {
        current = new StringBuilder();
        first = i + 1;
      }
      String trimmed = line.stripTrailing();
      if (trimmed.endsWith("\\")) {
        current.append(trimmed, 0, trimmed.length() - 1).append(' ');
        continue;
      }
      current.append(trimmed);
      result.add(new Line(first, current.toString().strip().replaceAll("\\s+", " ")));
      current = null;
    }
    if (current != null) {
      result.add(new Line(first, current.toString().strip()));
    }
    return result;
  }

  /** The relative link targets of a page outside its code blocks, with their line numbers. */
  static List<Line> relativeLinks(Path page) {
    List<Line> links = new ArrayList<>();
    boolean inCode = false;
    List<String> lines = lines(page);
    for (int i = 0; i < lines.size(); i++) {
      String line = lines.get(i);
      if (line.stripLeading().startsWith("```")) {
        inCode = !inCode;
        continue;
      }
      if (inCode) {
        continue;
      }
      Matcher m = LINK.matcher(withoutCodeSpans(line));
      while (m.find()) {
        String target = m.group(1);
        if (!target.matches("(?i)(https?|mailto|ftp):.*")) {
          links.add(new Line(i + 1, target));
        }
      }
    }
    return links;
  }

  /** The anchors GitHub gives the page's headings. */
  static Set<String> anchors(Path page) {
    Set<String> anchors = new LinkedHashSet<>();
    Map<String, Integer> seen = new HashMap<>();
    boolean inCode = false;
    for (String line : lines(page)) {
      if (line.stripLeading().startsWith("```")) {
        inCode = !inCode;
        continue;
      }
      Matcher h = HEADING.matcher(line);
      if (inCode || !h.matches()) {
        continue;
      }
      String text = h.group(1).replaceAll("\\[([^\\]]*)\\]\\([^)]*\\)", "$1");
      String slug =
          text.toLowerCase(Locale.ROOT)
              .replaceAll("[^\\p{L}\\p{M}\\p{N}\\p{Pc} -]", "")
              .replace(' ', '-');
      int n = seen.merge(slug, 1, Integer::sum);
      anchors.add(n == 1 ? slug : slug + "-" + (n - 1));
    }
    return anchors;
  }

  /** Removes inline code spans, where a link is not a link. */
  static String withoutCodeSpans(String line) {
    return CODE_SPAN.matcher(line).replaceAll("");
  }

  /** A fenced code block: its page, the heading above it, its info string and its lines. */
  record Block(Path page, String heading, String info, int firstLine, List<Line> lines) {}

  /** A (logical) line and its 1-based line number in the page. */
  record Line(int number, String text) {}
}
