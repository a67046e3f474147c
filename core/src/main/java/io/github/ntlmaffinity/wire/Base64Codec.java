package io.github.ntlmaffinity.wire;

import static java.nio.charset.StandardCharsets.ISO_8859_1;

import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.Base64;

/**
 * A strict base64 decoder (RFC 4648 section 4, padded) that names the offending character. The
 * output is sized from the input's length, never from anything the input declares.
 *
 * <p>A token held in a {@code String} takes a fast path: the header is copied out in one block,
 * then long tokens are decoded by the JDK's decoder, which HotSpot compiles to vector instructions
 * where the CPU has them, and short ones by a loop over that copy; both are several times faster
 * than reading the token a character at a time. The fast path refuses whatever the strict decoder
 * refuses (the JDK's decoder also takes unpadded input, but a token whose length is a multiple of 4
 * is one it accepts exactly when this decoder does); a refused token is decoded again a character
 * at a time, for the exact reason and offset.
 */
final class Base64Codec {
  private static final byte[] VALUES = new byte[128];

  /** {@link #VALUES} for every byte, -1 outside the alphabet ('=' included). */
  private static final int[] BYTE_VALUES = new int[256];

  /**
   * How many characters of the header may lie outside the token for the fast path, which copies the
   * whole header: the scheme and a space, or a few challenges before it.
   */
  private static final int MAX_OUTSIDE_TOKEN = 64;

  /**
   * Tokens from this length on go to the JDK's decoder; below it, its fixed cost (two buffer
   * wrappers, the call into the vector code) outweighs its speed. A NEGOTIATE is about 56
   * characters, a CHALLENGE 200 to 300, an AUTHENTICATE 400 to 600.
   */
  private static final int JDK_DECODER_FROM = 128;

  static {
    Arrays.fill(VALUES, (byte) -1);
    Arrays.fill(BYTE_VALUES, -1);
    String alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    for (int i = 0; i < alphabet.length(); i++) {
      VALUES[alphabet.charAt(i)] = (byte) i;
      BYTE_VALUES[alphabet.charAt(i)] = i;
    }
  }

  private Base64Codec() {}

  /**
   * Decodes {@code s[start, end)}. Error offsets are indexes into {@code s}.
   *
   * @throws MalformedException on a character outside the alphabet or bad padding
   */
  static byte[] decode(CharSequence s, int start, int end) {
    byte[] decoded = decodeIfWellFormed(s, start, end);
    return decoded != null ? decoded : strictDecode(s, start, end);
  }

  /**
   * Decodes {@code s[start, end)} on the fast path, or returns {@code null} when the token is not
   * well-formed base64 (or not in a {@code String}, or a small part of a long one): nothing is
   * thrown, {@link #decode} says what is wrong.
   */
  static byte[] decodeIfWellFormed(CharSequence s, int start, int end) {
    int length = end - start;
    if (!(s instanceof String string)
        || length % 4 != 0
        || s.length() - length > MAX_OUTSIDE_TOKEN) {
      return null;
    }
    // Characters above U+00FF become '?' in the copy, which is not base64: refused below. A
    // surrogate pair becomes one '?', so the copy is shorter and its indexes are not the string's.
    byte[] chars = string.getBytes(ISO_8859_1);
    if (chars.length != s.length()) {
      return null;
    }
    return length >= JDK_DECODER_FROM
        ? jdkDecode(chars, start, end)
        : loopDecode(chars, start, end);
  }

  /** {@code chars[start, end)} decoded by the JDK, or {@code null} when it refuses them. */
  private static byte[] jdkDecode(byte[] chars, int start, int end) {
    ByteBuffer decoded;
    try {
      decoded = Base64.getDecoder().decode(ByteBuffer.wrap(chars, start, end - start));
    } catch (IllegalArgumentException e) {
      return null;
    }
    byte[] out = decoded.array();
    return decoded.arrayOffset() == 0 && decoded.position() == 0 && decoded.limit() == out.length
        ? out
        : Arrays.copyOfRange(
            out,
            decoded.arrayOffset() + decoded.position(),
            decoded.arrayOffset() + decoded.limit());
  }

  /**
   * {@code chars[start, end)}, a multiple of 4 long, decoded, or {@code null} for anything {@link
   * #strictDecode} refuses.
   */
  private static byte[] loopDecode(byte[] chars, int start, int end) {
    int length = end - start;
    int padding = 0;
    if (length > 0 && chars[end - 1] == '=') {
      padding = chars[end - 2] == '=' ? 2 : 1;
    }
    int dataEnd = end - padding;
    int quadsEnd = start + (dataEnd - start) / 4 * 4;
    byte[] out = new byte[length / 4 * 3 - padding];
    int o = 0;
    int i = start;
    while (i < quadsEnd) {
      // A byte outside the alphabet is -1, which makes the whole value negative.
      int bits =
          BYTE_VALUES[chars[i] & 0xff] << 18
              | BYTE_VALUES[chars[i + 1] & 0xff] << 12
              | BYTE_VALUES[chars[i + 2] & 0xff] << 6
              | BYTE_VALUES[chars[i + 3] & 0xff];
      if (bits < 0) {
        return null;
      }
      out[o++] = (byte) (bits >> 16);
      out[o++] = (byte) (bits >> 8);
      out[o++] = (byte) bits;
      i += 4;
    }
    int rest = dataEnd - i;
    if (rest == 2) {
      int bits = BYTE_VALUES[chars[i] & 0xff] << 18 | BYTE_VALUES[chars[i + 1] & 0xff] << 12;
      if (bits < 0) {
        return null;
      }
      out[o] = (byte) (bits >> 16);
    } else if (rest == 3) {
      int bits =
          BYTE_VALUES[chars[i] & 0xff] << 18
              | BYTE_VALUES[chars[i + 1] & 0xff] << 12
              | BYTE_VALUES[chars[i + 2] & 0xff] << 6;
      if (bits < 0) {
        return null;
      }
      out[o++] = (byte) (bits >> 16);
      out[o] = (byte) (bits >> 8);
    } else if (rest != 0) {
      return null;
    }
    return out;
  }

  private static byte[] strictDecode(CharSequence s, int start, int end) {
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
