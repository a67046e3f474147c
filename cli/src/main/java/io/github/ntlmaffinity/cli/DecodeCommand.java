package io.github.ntlmaffinity.cli;

import io.github.ntlmaffinity.internal.report.DecodeResultJson;
import io.github.ntlmaffinity.internal.report.JsonWriter;
import io.github.ntlmaffinity.wire.DecodeResult;
import java.io.IOException;
import java.io.Reader;
import java.io.Writer;

/**
 * Decodes inputs and writes one JSON object per input, then a newline. Tracks the exit status: 0,
 * {@link #EXIT_MALFORMED} once an input was malformed or rejected, {@link #EXIT_INTERNAL} once
 * decoding one failed unexpectedly (the next inputs are still decoded).
 *
 * <p>Besides the members of {@link DecodeResultJson}, each object carries {@code input} (how the
 * input was read: {@code header-line}, {@code header-value} or {@code token}), {@code header} (the
 * header name the input gave, or {@code null}) and, when reading standard input, {@code line} (the
 * 1-based input line). The tool's own outcomes use two more kinds: {@code offers} (a challenge list
 * without a token: {@code offers} holds one object per challenge) and {@code error} (with {@code
 * reason}: {@code UNSUPPORTED_HEADER}, {@code LINE_TOO_LONG}, {@code INTERNAL_ERROR} or {@code
 * IO_ERROR}, and {@code detail}).
 */
final class DecodeCommand {
  static final int EXIT_OK = 0;
  static final int EXIT_MALFORMED = 1;
  static final int EXIT_USAGE = 2;
  static final int EXIT_INTERNAL = 3;

  /** The longest input line read; the longest token the decoder accepts is far shorter. */
  static final int MAX_LINE_CHARS = 1 << 20;

  private final Writer out;
  private final boolean pretty;
  private int exitStatus = EXIT_OK;

  DecodeCommand(Writer out, boolean pretty) {
    this.out = out;
    this.pretty = pretty;
  }

  /** The exit status so far. */
  int exitStatus() {
    return exitStatus;
  }

  /** Decodes one input given on the command line. */
  void decode(String input) throws IOException {
    decode(input, 0);
  }

  /** Decodes every non-blank line of {@code in}. */
  void decodeLines(Reader in) throws IOException {
    LineReader lines = new LineReader(in, MAX_LINE_CHARS);
    for (String line = lines.next(); line != null; line = lines.next()) {
      if (lines.tooLong()) {
        error(
            lines.number(),
            "LINE_TOO_LONG",
            "line longer than " + MAX_LINE_CHARS + " characters, skipped",
            EXIT_MALFORMED);
      } else if (!line.isBlank()) {
        decode(line, lines.number());
      }
    }
  }

  /** Reports a failure that is not about one input, e.g. reading standard input failed. */
  void error(String reason, Throwable e) throws IOException {
    error(0, reason, describe(e), EXIT_INTERNAL);
  }

  private void decode(String input, int line) throws IOException {
    Decoded decoded;
    try {
      decoded = InputDecoder.decode(input);
    } catch (RuntimeException e) {
      // The decoder promises never to throw; if it does, say so and go on with the next input.
      error(line, "INTERNAL_ERROR", describe(e), EXIT_INTERNAL);
      return;
    }
    if (decoded.failed()) {
      exitStatus = Math.max(exitStatus, EXIT_MALFORMED);
    }
    StringBuilder json = new StringBuilder(1024);
    JsonWriter writer = writer(json);
    writer.beginObject();
    if (decoded instanceof Decoded.Single single) {
      DecodeResultJson.writeMembers(writer, single.result());
    } else if (decoded instanceof Decoded.Offers offers) {
      writer.name("kind").value("offers");
      writer.name("summary").value(offersSummary(offers));
      writer.name("offers").beginArray();
      for (DecodeResult offer : offers.offers()) {
        DecodeResultJson.write(writer, offer);
      }
      writer.endArray();
    } else {
      Decoded.Rejected rejected = (Decoded.Rejected) decoded;
      writer.name("kind").value("error");
      writer.name("summary").value("error: " + rejected.reason() + ": " + rejected.detail());
      writer.name("reason").value(rejected.reason());
      writer.name("detail").value(rejected.detail());
    }
    writer.name("input").value(decoded.input());
    writer.name("header").value(decoded.header());
    if (line > 0) {
      writer.name("line").value(line);
    }
    writer.endObject();
    emit(json);
  }

  private void error(int line, String reason, String detail, int status) throws IOException {
    exitStatus = Math.max(exitStatus, status);
    StringBuilder json = new StringBuilder(256);
    JsonWriter writer = writer(json);
    writer.beginObject();
    writer.name("kind").value("error");
    writer.name("summary").value("error: " + reason + ": " + detail);
    writer.name("reason").value(reason);
    writer.name("detail").value(detail);
    if (line > 0) {
      writer.name("line").value(line);
    }
    writer.endObject();
    emit(json);
  }

  private static String offersSummary(Decoded.Offers offers) {
    StringBuilder s = new StringBuilder("offers ");
    for (int i = 0; i < offers.offers().size(); i++) {
      DecodeResult offer = offers.offers().get(i);
      s.append(i == 0 ? "" : ", ");
      if (offer instanceof DecodeResult.NoToken none) {
        s.append(none.scheme().headerName());
      } else if (offer instanceof DecodeResult.NotNtlm other) {
        s.append(other.scheme());
      }
    }
    return s.append("; none carries a token").toString();
  }

  private JsonWriter writer(StringBuilder json) {
    return pretty ? new JsonWriter(json, "  ") : new JsonWriter(json);
  }

  private void emit(CharSequence json) throws IOException {
    out.append(json).append('\n');
    out.flush(); // one object per line as soon as it is decoded: usable in a pipe
  }

  /** An exception in one line, without a stack trace. */
  private static String describe(Throwable e) {
    String message = e.getMessage();
    return message == null ? e.getClass().getName() : e.getClass().getName() + ": " + message;
  }

  /**
   * Reads lines ending in LF, CRLF or CR, keeping at most a given number of characters: the rest of
   * a longer line is skipped and {@link #tooLong()} says so, so no input makes the tool buffer more
   * than that. A byte order mark at the start is dropped.
   */
  static final class LineReader {
    private final Reader in;
    private final int maxChars;
    private final StringBuilder line = new StringBuilder(512);
    private int number;
    private boolean pendingCr;
    private boolean first = true;
    private boolean tooLong;

    LineReader(Reader in, int maxChars) {
      this.in = in;
      this.maxChars = maxChars;
    }

    /** The 1-based number of the line last returned. */
    int number() {
      return number;
    }

    /** Whether the line last returned was cut at the limit. */
    boolean tooLong() {
      return tooLong;
    }

    /** The next line without its terminator, or {@code null} at the end. */
    String next() throws IOException {
      line.setLength(0);
      tooLong = false;
      boolean any = false;
      int c;
      while ((c = in.read()) >= 0) {
        if (pendingCr) {
          pendingCr = false;
          if (c == '\n') {
            continue; // the LF of a CRLF
          }
        }
        if (first) {
          first = false;
          if (c == '\ufeff') {
            continue;
          }
        }
        any = true;
        if (c == '\n' || c == '\r') {
          pendingCr = c == '\r';
          number++;
          return line.toString();
        }
        if (line.length() < maxChars) {
          line.append((char) c);
        } else {
          tooLong = true;
        }
      }
      if (!any) {
        return null;
      }
      number++;
      return line.toString();
    }
  }
}
