package io.github.ntlmaffinity.testing;

import static java.nio.charset.StandardCharsets.UTF_8;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Captured header lines in a text resource, by label: each sample is the first non-blank line after
 * a comment line {@code # <label> ...} whose label contains {@code -type} (e.g. {@code hc5-type3});
 * other comment lines are notes.
 *
 * <pre>{@code
 * # hc5-type1 Authorization: Apache HttpClient 5.4.4 NEGOTIATE
 * NTLM TlRMTVNTUAABAAAA...
 * }</pre>
 */
public final class Samples {
  private final Map<String, String> lines;

  private Samples(Map<String, String> lines) {
    this.lines = Collections.unmodifiableMap(lines);
  }

  /** The samples of {@code resource}, found as {@code anchor.getResourceAsStream} finds it. */
  public static Samples load(Class<?> anchor, String resource) {
    Map<String, String> samples = new LinkedHashMap<>();
    try (InputStream in = anchor.getResourceAsStream(resource)) {
      if (in == null) {
        throw new IllegalArgumentException("no resource " + resource + " next to " + anchor);
      }
      BufferedReader reader = new BufferedReader(new InputStreamReader(in, UTF_8));
      String label = null;
      for (String line = reader.readLine(); line != null; line = reader.readLine()) {
        if (line.startsWith("# ")) {
          String first = line.substring(2).split(" ", 2)[0];
          label = first.contains("-type") ? first : null;
        } else if (!line.isBlank() && label != null) {
          samples.put(label, line);
          label = null;
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return new Samples(samples);
  }

  /** Every sample line by label, in file order. */
  public Map<String, String> all() {
    return lines;
  }

  /** The sample's line as written, e.g. {@code Authorization: NTLM TlRM...}. */
  public String line(String label) {
    String line = lines.get(label);
    if (line == null) {
      throw new IllegalArgumentException("no sample " + label);
    }
    return line;
  }

  /** The header's value of a {@code Name: value} line, e.g. {@code NTLM TlRM...}. */
  public String value(String label) {
    String line = line(label);
    return line.substring(line.indexOf(':') + 1).strip();
  }

  /** The base64 token alone of a {@code Name: scheme token} line. */
  public String token(String label) {
    String value = value(label);
    return value.substring(value.indexOf(' ') + 1);
  }
}
