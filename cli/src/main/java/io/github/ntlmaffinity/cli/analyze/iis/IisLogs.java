package io.github.ntlmaffinity.cli.analyze.iis;

import io.github.ntlmaffinity.cli.analyze.iis.InputProblems.Kind;
import java.io.BufferedInputStream;
import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.PriorityQueue;
import java.util.Set;

/**
 * Several W3C log files, of one server or several, read together as one stream of entries in time
 * order: a k-way merge that holds one entry per file, so memory does not grow with the files.
 * Internal, not API.
 */
final class IisLogs implements Closeable {
  private final List<W3cFile> files = new ArrayList<>();
  private final PriorityQueue<Cursor> queue =
      new PriorityQueue<>(
          Comparator.comparing((Cursor c) -> c.entry.time()).thenComparingInt(c -> c.order));
  private final InputProblems problems;

  private IisLogs(InputProblems problems) {
    this.problems = problems;
  }

  /**
   * Opens the files. A file that cannot be opened is reported in {@code problems} and left out.
   *
   * @param paths the files
   * @param servers server names given on the command line, by file; may be empty
   * @param maxLineBytes the longest line kept
   */
  static IisLogs open(
      List<Path> paths, Map<Path, String> servers, int maxLineBytes, InputProblems problems)
      throws IOException {
    IisLogs logs = new IisLogs(problems);
    Set<String> folders = new HashSet<>();
    for (Path p : paths) {
      folders.add(String.valueOf(serverFolder(p)));
    }
    boolean byFolder = folders.size() > 1;
    int order = 0;
    for (Path p : paths) {
      String display = display(p);
      InputStream in;
      try {
        in = new BufferedInputStream(Files.newInputStream(p), 64 * 1024);
      } catch (IOException e) {
        problems.add(Kind.UNREADABLE_FILE, display, e.getClass().getSimpleName());
        continue;
      }
      ServerNamer namer =
          new ServerNamer(
              servers.get(p), byFolder ? serverFolder(p) : null, String.valueOf(p.getFileName()));
      W3cFile file = new W3cFile(display, in, maxLineBytes, problems, namer);
      logs.files.add(file);
      logs.advance(new Cursor(file, order++));
    }
    return logs;
  }

  /** Whether the start of a file looks like a W3C extended log: its first line a directive. */
  static boolean looksLikeW3c(byte[] head, int length) {
    String text = new String(head, 0, length, StandardCharsets.ISO_8859_1);
    if (text.startsWith("\uFEFF") || text.startsWith("\u00EF\u00BB\u00BF")) {
      text = text.substring(text.charAt(0) == '\uFEFF' ? 1 : 3);
    }
    text = text.stripLeading();
    return text.startsWith("#Software:")
        || text.startsWith("#Version:")
        || text.startsWith("#Fields:")
        || text.startsWith("#Date:");
  }

  /** The next entry of all files in time order, or {@code null} when all are read. */
  IisEntry next() throws IOException {
    Cursor c = queue.poll();
    if (c == null) {
      return null;
    }
    IisEntry e = c.entry;
    advance(c);
    return e;
  }

  List<W3cFile> files() {
    return files;
  }

  @Override
  public void close() throws IOException {
    for (W3cFile f : files) {
      f.close();
    }
  }

  private void advance(Cursor c) throws IOException {
    try {
      c.entry = c.file.next();
    } catch (IOException e) {
      problems.add(Kind.UNREADABLE_FILE, c.file.name(), e.getClass().getSimpleName());
      c.entry = null;
    }
    if (c.entry != null) {
      queue.add(c);
    }
  }

  /**
   * The folder that names the server: the file's folder, or its parent when the folder is IIS's own
   * per-site folder ({@code W3SVC1}) or {@code HTTPERR}.
   */
  static String serverFolder(Path p) {
    Path parent = p.toAbsolutePath().getParent();
    while (parent != null && parent.getFileName() != null) {
      String n = parent.getFileName().toString();
      String lower = n.toLowerCase(Locale.ROOT);
      if (!lower.startsWith("w3svc") && !lower.equals("httperr") && !lower.equals("logfiles")) {
        return n;
      }
      parent = parent.getParent();
    }
    return null;
  }

  private static String display(Path p) {
    Path parent = p.getParent();
    Path name = p.getFileName();
    if (parent != null && parent.getFileName() != null) {
      return parent.getFileName() + "/" + name;
    }
    return String.valueOf(name);
  }

  private static final class Cursor {
    final W3cFile file;
    final int order;
    IisEntry entry;

    Cursor(W3cFile file, int order) {
      this.file = file;
      this.order = order;
    }
  }
}
