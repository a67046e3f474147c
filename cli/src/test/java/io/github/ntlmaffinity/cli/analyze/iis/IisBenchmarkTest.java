package io.github.ntlmaffinity.cli.analyze.iis;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.ntlmaffinity.Balancer;
import io.github.ntlmaffinity.examples.IisLogRun;
import java.io.BufferedWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.junit.jupiter.api.io.TempDir;

/**
 * Lines per second of the IIS analysis on a large merged log, by hand only:
 *
 * <pre>
 * mvn -B -o -q -pl cli -am test -Dtest=IisBenchmarkTest -Dntlmaffinity.bench=true \
 *     -Dsurefire.failIfNoSpecifiedTests=false
 * </pre>
 *
 * The logs replay a real round-robin run of the example cluster (its {@code _x} logs) again and
 * again, each copy a minute later, to {@code ntlmaffinity.bench.lines} lines (default 2,000,000)
 * over the two servers, and are kept in {@code target/iis-bench} for a {@code grep -c 2148074248}
 * over the same files. Three rounds in one JVM: the first includes the JIT's warm-up.
 */
@EnabledIfSystemProperty(named = "ntlmaffinity.bench", matches = "true")
class IisBenchmarkTest {
  private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss");

  @TempDir Path dir;

  @Test
  void linesPerSecond() throws Exception {
    long target = Long.getLong("ntlmaffinity.bench.lines", 2_000_000L);
    IisLogRun run = IisLogRun.record("round-robin", dir);
    Path out = Path.of("target/iis-bench");
    Files.createDirectories(out);
    List<Path> files = new ArrayList<>();
    long lines = 0;
    for (Map.Entry<String, Path> e : run.extendedLogs().entrySet()) {
      List<String> src = Files.readAllLines(e.getValue(), StandardCharsets.UTF_8);
      List<String> header = src.stream().filter(l -> l.startsWith("#")).toList();
      List<String> body = src.stream().filter(l -> !l.startsWith("#") && !l.isBlank()).toList();
      Path f = Files.createDirectories(out.resolve(e.getKey())).resolve("u_ex_bench_x.log");
      files.add(f);
      long copies = target / 2 / Math.max(1, body.size()) + 1;
      try (BufferedWriter w = Files.newBufferedWriter(f, StandardCharsets.UTF_8)) {
        for (String h : header) {
          w.write(h);
          w.write("\r\n");
        }
        for (long c = 0; c < copies; c++) {
          for (String l : body) {
            LocalDateTime t = LocalDateTime.parse(l.substring(0, 19), TIME).plusMinutes(c);
            w.write(TIME.format(t));
            w.write(l, 19, l.length() - 19);
            w.write("\r\n");
            lines++;
          }
        }
      }
    }
    long bytes = 0;
    for (Path f : files) {
      bytes += Files.size(f);
    }
    IisReport r = null;
    for (int round = 1; round <= 3; round++) {
      long start = System.nanoTime();
      r =
          IisAnalyzer.analyze(
              files,
              Map.of(),
              Balancer.GENERIC,
              IisAnalyzer.DEFAULT_WINDOW,
              LineReader.DEFAULT_MAX_LINE_BYTES);
      double s = (System.nanoTime() - start) / 1e9;
      System.out.printf(
          "BENCH iis round %d: %d lines, %.1f MB in %.2f s = %.0f lines/s, %.1f MB/s%n",
          round, lines, bytes / 1e6, s, lines / s, bytes / 1e6 / s);
    }
    System.out.println("BENCH findings " + r.analysis().counts());
    assertThat(r.analysis().entries()).isEqualTo(lines);
  }
}
