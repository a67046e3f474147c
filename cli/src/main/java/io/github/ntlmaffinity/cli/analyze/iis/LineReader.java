package io.github.ntlmaffinity.cli.analyze.iis;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

/**
 * Reads a log file line by line with a bounded buffer: a line longer than the limit is skipped up
 * to its end without being kept (a 10 MB line costs no more memory than a short one) and reported
 * as such. Lines are UTF-8 (IIS's default, {@code logFile/@logInUTF8}); a line that is not valid
 * UTF-8 is read byte for byte as ISO-8859-1 so no byte is lost, and flagged. Internal, not API.
 */
final class LineReader {
  /** IIS caps all custom fields of a line at 65,536 bytes together; standard fields add little. */
  static final int DEFAULT_MAX_LINE_BYTES = 256 * 1024;

  private final InputStream in;
  private final int maxLineBytes;
  private final byte[] buffer = new byte[64 * 1024];
  private final CharsetDecoder utf8 =
      StandardCharsets.UTF_8
          .newDecoder()
          .onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT);
  private byte[] line = new byte[1024];
  private int pos;
  private int limit;
  private long number;
  private long bytesRead;

  LineReader(InputStream in, int maxLineBytes) {
    this.in = in;
    this.maxLineBytes = maxLineBytes;
  }

  /** The bytes this reader holds on to for a line: never more than the limit. */
  int retainedBytes() {
    return line.length;
  }

  /** The bytes read so far. */
  long bytesRead() {
    return bytesRead;
  }

  /** The next line, or {@code null} at the end of the input. */
  Line next() throws IOException {
    int length = 0;
    long skipped = 0;
    boolean any = false;
    while (true) {
      if (pos == limit) {
        limit = in.read(buffer);
        pos = 0;
        if (limit <= 0) {
          limit = 0;
          if (!any) {
            return null;
          }
          return finish(length, skipped, false);
        }
        bytesRead += limit;
      }
      any = true;
      int start = pos;
      int end = start;
      while (end < limit && buffer[end] != '\n') {
        end++;
      }
      int n = end - start;
      if (skipped > 0 || length + n > maxLineBytes) {
        skipped += length + n;
        length = 0;
      } else {
        ensure(length + n);
        System.arraycopy(buffer, start, line, length, n);
        length += n;
      }
      if (end < limit) {
        pos = end + 1;
        return finish(length, skipped, true);
      }
      pos = limit;
    }
  }

  private Line finish(int length, long skipped, boolean terminated) {
    number++;
    if (skipped > 0) {
      return new Line(number, null, false, skipped, terminated);
    }
    if (length > 0 && line[length - 1] == '\r') {
      length--;
    }
    boolean ascii = true;
    for (int i = 0; i < length; i++) {
      if (line[i] < 0) {
        ascii = false;
        break;
      }
    }
    if (ascii) {
      return new Line(
          number, new String(line, 0, length, StandardCharsets.ISO_8859_1), false, 0, terminated);
    }
    try {
      CharBuffer chars = utf8.reset().decode(ByteBuffer.wrap(line, 0, length));
      return new Line(number, chars.toString(), false, 0, terminated);
    } catch (CharacterCodingException e) {
      return new Line(
          number, new String(line, 0, length, StandardCharsets.ISO_8859_1), true, 0, terminated);
    }
  }

  private void ensure(int capacity) {
    if (capacity > line.length) {
      byte[] bigger = new byte[Math.min(maxLineBytes, Math.max(capacity, line.length * 2))];
      System.arraycopy(line, 0, bigger, 0, line.length);
      line = bigger;
    }
  }

  /**
   * One line.
   *
   * @param number its number in the file, from 1
   * @param text its text without the line end, or {@code null} when it was too long to keep
   * @param latin1 whether it was not valid UTF-8 and was read as ISO-8859-1
   * @param skippedBytes how many bytes a too-long line had (0 otherwise)
   * @param terminated whether a line end followed it (false: the file ended mid-line)
   */
  record Line(long number, String text, boolean latin1, long skippedBytes, boolean terminated) {}
}
