package io.github.ntlmaffinity.cli.analyze;

import io.github.ntlmaffinity.NtlmAffinity;
import io.github.ntlmaffinity.cli.analyze.capture.CaptureAnalyzer;
import io.github.ntlmaffinity.cli.analyze.har.HarSource;
import io.github.ntlmaffinity.cli.analyze.iis.IisSource;
import io.github.ntlmaffinity.cli.analyze.report.AnalysisReport;
import io.github.ntlmaffinity.cli.analyze.report.HtmlReport;
import io.github.ntlmaffinity.cli.analyze.report.JsonReport;
import io.github.ntlmaffinity.cli.analyze.report.ReportCollector;
import io.github.ntlmaffinity.cli.analyze.report.TextReport;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.PrintStream;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/**
 * {@code java -jar ntlm-affinity-cli.jar analyze FILE...}: reads captures (and, where a reader is
 * plugged in, logs and HAR files), feeds what they show to the engine, and prints the report. See
 * {@link AnalyzeOptions#USAGE} and {@code docs/analyze.md}.
 */
public final class AnalyzeCommand {
  /** No broken handshake. */
  public static final int EXIT_OK = 0;

  /** Broken handshakes found. */
  public static final int EXIT_BROKEN = 1;

  /** Nothing to analyse (no NTLM over HTTP/1.x), or some input read only in part. */
  public static final int EXIT_NOTHING_OR_PARTIAL = 2;

  /** Usage error, unreadable or unrecognised file, or an internal error. */
  public static final int EXIT_USAGE = 3;

  private AnalyzeCommand() {}

  /** Runs the command; never throws. Returns the exit status. */
  public static int run(
      String[] args, InputStream stdin, OutputStream stdout, OutputStream stderr) {
    PrintStream err = new PrintStream(stderr, true, StandardCharsets.UTF_8);
    AnalyzeOptions options;
    try {
      options = AnalyzeOptions.parse(args);
    } catch (IllegalArgumentException e) {
      err.println("error: " + e.getMessage());
      err.println();
      err.print(AnalyzeOptions.USAGE);
      return EXIT_USAGE;
    }
    Writer out = new BufferedWriter(new OutputStreamWriter(stdout, StandardCharsets.UTF_8));
    try {
      if (options.help()) {
        out.write(AnalyzeOptions.USAGE);
        out.flush();
        return EXIT_OK;
      }
      return analyze(options, out, err);
    } catch (IOException e) {
      err.println("error: cannot write the report: " + e.getMessage());
      return EXIT_USAGE;
    } catch (RuntimeException | StackOverflowError | OutOfMemoryError e) {
      err.println("error: internal error (" + e.getClass().getSimpleName() + "), please report it");
      return EXIT_USAGE;
    }
  }

  private static int analyze(AnalyzeOptions options, Writer out, PrintStream err)
      throws IOException {
    Map<Format, List<Path>> byFormat = new EnumMap<>(Format.class);
    for (String name : options.files()) {
      Path file = Path.of(name);
      Format format;
      try (InputStream in = Files.newInputStream(file)) {
        byte[] head = new byte[Format.HEAD];
        int n = in.readNBytes(head, 0, head.length);
        format = Format.sniff(head, n);
      } catch (IOException | RuntimeException e) {
        err.println("error: cannot read " + name + ": " + reason(e));
        return EXIT_USAGE;
      }
      if (format == Format.UNKNOWN) {
        err.println(
            "error: "
                + name
                + " is not a packet capture (pcap, pcapng), an IIS W3C log or a HAR file");
        return EXIT_USAGE;
      }
      byFormat.computeIfAbsent(format, f -> new ArrayList<>()).add(file);
    }
    ReportCollector collector;
    try {
      collector = new ReportCollector(options.settings());
    } catch (IllegalArgumentException e) {
      err.println("error: " + e.getMessage());
      return EXIT_USAGE;
    }
    List<Path> captures = new ArrayList<>();
    for (Map.Entry<Format, List<Path>> e : byFormat.entrySet()) {
      if (e.getKey().isCapture()) {
        captures.addAll(e.getValue());
      }
    }
    AnalysisReport report;
    try {
      if (captures.size() == options.files().size()) {
        CaptureAnalyzer.analyze(
            captures,
            options.servers(),
            NtlmAffinity.builder()
                .configure(options.settings())
                .logRatePerMinute(0)
                .build()
                .affinityCookies(),
            collector);
        report = collector.finish();
      } else if (byFormat.size() > 1) {
        err.println("error: give one kind of file per run: captures, IIS logs or HAR files");
        return EXIT_USAGE;
      } else if (byFormat.containsKey(Format.IIS_W3C)) {
        report =
            IisSource.analyze(byFormat.get(Format.IIS_W3C), options.servers(), options.settings());
      } else {
        report = HarSource.analyze(byFormat.get(Format.HAR), options.settings());
      }
    } catch (IllegalArgumentException e) {
      err.println("error: " + e.getMessage());
      return EXIT_USAGE;
    } catch (java.io.UncheckedIOException e) {
      err.println("error: cannot read the input: " + reason(e.getCause()));
      return EXIT_USAGE;
    }
    if (options.json()) {
      JsonReport.write(report, out);
      out.write('\n');
    } else {
      TextReport.write(report, out);
    }
    out.flush();
    if (options.html() != null) {
      try (Writer html = Files.newBufferedWriter(Path.of(options.html()), StandardCharsets.UTF_8)) {
        HtmlReport.write(report, html);
      }
    }
    return exitStatus(report);
  }

  static int exitStatus(AnalysisReport report) {
    if (report.hasBroken()) {
      return EXIT_BROKEN;
    }
    if (report.isPartial() || report.summary().handshakes() == 0) {
      return EXIT_NOTHING_OR_PARTIAL;
    }
    return EXIT_OK;
  }

  private static String reason(Exception e) {
    if (e instanceof java.nio.file.NoSuchFileException) {
      return "no such file";
    }
    if (e instanceof java.nio.file.AccessDeniedException) {
      return "permission denied";
    }
    return e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
  }
}
