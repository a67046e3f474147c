package io.github.ntlmaffinity.cli;

import static java.nio.charset.StandardCharsets.UTF_8;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.util.LinkedHashMap;
import java.util.Map;

/** The captured header lines of {@code headers.txt}, by label. */
final class Samples {
  private static final Map<String, String> HEADERS = load();

  private Samples() {}

  /** The whole header line, e.g. {@code Authorization: NTLM TlRM...}. */
  static String header(String label) {
    String header = HEADERS.get(label);
    if (header == null) {
      throw new IllegalArgumentException("no sample " + label);
    }
    return header;
  }

  /** The header's value, e.g. {@code NTLM TlRM...}. */
  static String value(String label) {
    String header = header(label);
    return header.substring(header.indexOf(':') + 1).strip();
  }

  /** The header's base64 token alone. */
  static String token(String label) {
    String value = value(label);
    return value.substring(value.indexOf(' ') + 1);
  }

  private static Map<String, String> load() {
    Map<String, String> samples = new LinkedHashMap<>();
    try (InputStream in = Samples.class.getResourceAsStream("headers.txt");
        BufferedReader reader = new BufferedReader(new InputStreamReader(in, UTF_8))) {
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
      throw new IllegalStateException(e);
    }
    return samples;
  }
}
