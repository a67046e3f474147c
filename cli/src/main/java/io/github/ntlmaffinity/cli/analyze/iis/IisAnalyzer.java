package io.github.ntlmaffinity.cli.analyze.iis;

import io.github.ntlmaffinity.Balancer;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Analyses the IIS W3C logs of one or more servers: reads them merged by time, reconstructs the
 * handshakes and adds the notes. The entry point of this package. Internal, not API.
 */
final class IisAnalyzer {
  static final Duration DEFAULT_WINDOW = Duration.ofSeconds(10);

  private IisAnalyzer() {}

  /**
   * Analyses {@code files}.
   *
   * @param files the log files (W3C extended, HTTPERR)
   * @param servers server names given on the command line, by file
   * @param balancer the balancer in front, for the advice
   * @param window how long after a 401 an AUTHENTICATE is still taken to answer it
   * @param maxLineBytes the longest line read
   */
  static IisReport analyze(
      List<Path> files,
      Map<Path, String> servers,
      Balancer balancer,
      Duration window,
      int maxLineBytes)
      throws IOException {
    InputProblems problems = new InputProblems();
    IisAnalysis analysis = new IisAnalysis(window, balancer, 5, Duration.ofMinutes(1));
    List<IisReport.FileInfo> infos = new ArrayList<>();
    try (IisLogs logs = IisLogs.open(files, servers, maxLineBytes, problems)) {
      IisEntry e;
      while ((e = logs.next()) != null) {
        analysis.accept(e);
      }
      analysis.finish();
      for (W3cFile f : logs.files()) {
        infos.add(
            new IisReport.FileInfo(
                f.name(),
                f.software(),
                f.entries(),
                f.portLogged(),
                f.forwardedForLogged(),
                f.computerLogged()));
      }
    }
    return new IisReport(infos, problems, analysis, IisNotes.of(infos, analysis));
  }
}
