package io.github.ntlmaffinity.cli.analyze.capture;

import io.github.ntlmaffinity.cli.analyze.report.ReportCollector;
import java.nio.file.Path;
import java.util.List;

/** Reads packet captures into a {@link ReportCollector}. */
public final class CaptureAnalyzer {
  private CaptureAnalyzer() {}

  /**
   * Reads the files, merged by packet time, into the collector.
   *
   * @param servers {@code --server} values
   * @throws IllegalArgumentException when a {@code --server} value is not an address
   */
  public static void analyze(List<Path> files, List<String> servers, ReportCollector collector) {
    throw new UnsupportedOperationException("not yet");
  }
}
