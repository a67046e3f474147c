package io.github.ntlmaffinity.wire;

import java.util.Arrays;

/**
 * A strict base64 decoder (RFC 4648 section 4, padded) that names the offending character. The
 * output is sized from the input's length, never from anything the input declares.
 */
final class Base64Codec {
  private static final byte[] VALUES = new byte[128];

  static {
    Arrays.fill(VALUES, (byte) -1);
    String alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    for (int i = 0; i < alphabet.length(); i++) {
      VALUES[alphabet.charAt(i)] = (byte) i;
    }
  }

  private Base64Codec() {}

  /**
   * Decodes {@code s[start, end)}. Error offsets are indexes into {@code s}.
   *
   * @throws MalformedException on a character outside the alphabet or bad padding
   */
  static byte[] decode(CharSequence s, int start, int end) {
    int length = end - start;
    if (length % 4 != 0) {
      // Name a bad character first if there is one: it explains more than the length does.
      checkAlphabet(s, start, end);
      throw new MalformedException(
          MalformedReason.BASE64_BAD_PADDING,
          end,
          "base64 length " + length + " is not a multiple of 4");
    }
    int padding = 0;
    if (length > 0 && s.charAt(end - 1) == '=') {
      padding = s.charAt(end - 2) == '=' ? 2 : 1;
    }
    int dataEnd = end - padding;
    byte[] out = new byte[length / 4 * 3 - padding];
    int o = 0;
    int i = start;
    // Whole quads of data.
    int quadsEnd = start + (dataEnd - start) / 4 * 4;
    while (i < quadsEnd) {
      int bits = value(s, i) << 18 | value(s, i + 1) << 12 | value(s, i + 2) << 6 | value(s, i + 3);
      out[o++] = (byte) (bits >> 16);
      out[o++] = (byte) (bits >> 8);
      out[o++] = (byte) bits;
      i += 4;
    }
    // The last, padded quad: 2 or 3 data characters.
    int rest = dataEnd - i;
    if (rest == 2) {
      int bits = value(s, i) << 18 | value(s, i + 1) << 12;
      out[o++] = (byte) (bits >> 16);
    } else if (rest == 3) {
      int bits = value(s, i) << 18 | value(s, i + 1) << 12 | value(s, i + 2) << 6;
      out[o++] = (byte) (bits >> 16);
      out[o++] = (byte) (bits >> 8);
    } else if (rest != 0) {
      throw new MalformedException(
          MalformedReason.BASE64_BAD_PADDING, i, "'=' padding where data must be");
    }
    return out;
  }

  private static void checkAlphabet(CharSequence s, int start, int end) {
    for (int i = start; i < end; i++) {
      char c = s.charAt(i);
      if (c != '=') {
        value(s, i);
      } else if (i < end - 2) {
        throw new MalformedException(
            MalformedReason.BASE64_BAD_PADDING, i, "'=' before the end of the token");
      }
    }
  }

  private static int value(CharSequence s, int i) {
    char c = s.charAt(i);
    int v = c < 128 ? VALUES[c] : -1;
    if (v < 0) {
      throw invalid(c, i);
    }
    return v;
  }

  private static MalformedException invalid(char c, int i) {
    if (c == '-' || c == '_') {
      return new MalformedException(
          MalformedReason.BASE64_URL_SAFE_ALPHABET,
          i,
          "'" + c + "' is from the URL-safe base64 alphabet; HTTP authentication uses '+' and '/'");
    }
    if (c == '=') {
      return new MalformedException(
          MalformedReason.BASE64_BAD_PADDING, i, "'=' before the end of the token");
    }
    String shown = c >= 0x20 && c < 0x7f ? "'" + c + "'" : String.format("U+%04X", (int) c);
    return new MalformedException(
        MalformedReason.BASE64_INVALID_CHARACTER, i, shown + " is not a base64 character");
  }
}
