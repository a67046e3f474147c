package io.github.ntlmaffinity.testing;

import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** A Prometheus text exposition (a scrape) read into its samples, for tests of the metrics. */
public final class PrometheusText {
  private static final Pattern SAMPLE = Pattern.compile("^([a-zA-Z_:][\\w:]*)(\\{.*})? (\\S+)$");

  private PrometheusText() {}

  /**
   * Each sample of {@code exposition} by its series as written, {@code name{label="value",...}};
   * comment lines skipped.
   */
  public static Map<String, Double> samples(String exposition) {
    Map<String, Double> samples = new TreeMap<>();
    for (String line : exposition.split("\n")) {
      Matcher m = SAMPLE.matcher(line);
      if (!line.startsWith("#") && m.matches()) {
        samples.put(
            m.group(1) + (m.group(2) == null ? "" : m.group(2)), Double.valueOf(m.group(3)));
      }
    }
    return samples;
  }
}
