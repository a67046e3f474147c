package io.github.ntlmaffinity.testing;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.HexFormat;

/**
 * Hex dumps as test fixtures: the byte dumps of a specification typed into a resource file.
 *
 * <p>A hex resource holds pairs of hex digits separated by any white space; {@code #} starts a
 * comment that runs to the end of the line. A spec dump line such as {@code 4e 54 4c 4d 53 53 50 00
 * 02 00 00 00 0c 00 0c 00 # NTLMSSP.........} is read as it is.
 */
public final class Hex {

  private Hex() {}

  /** The bytes of a hex string: white space and {@code #} comments are skipped. */
  public static byte[] parse(CharSequence text) {
    StringBuilder digits = new StringBuilder(text.length());
    boolean comment = false;
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (c == '\n' || c == '\r') {
        comment = false;
      } else if (c == '#') {
        comment = true;
      } else if (!comment && !Character.isWhitespace(c)) {
        digits.append(c);
      }
    }
    if (digits.length() % 2 != 0) {
      throw new IllegalArgumentException("odd number of hex digits: " + digits.length());
    }
    return HexFormat.of().parseHex(digits);
  }

  /**
   * The bytes of the hex resource at {@code path} on the test class path, e.g. {@code
   * /vectors/x.hex}.
   */
  public static byte[] resource(String path) {
    try (InputStream in = Hex.class.getResourceAsStream(path)) {
      if (in == null) {
        throw new IllegalArgumentException("no test resource " + path);
      }
      return parse(new String(in.readAllBytes(), StandardCharsets.US_ASCII));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Lower-case hex digits of {@code bytes}, no separators. */
  public static String of(byte[] bytes) {
    return HexFormat.of().formatHex(bytes);
  }
}
