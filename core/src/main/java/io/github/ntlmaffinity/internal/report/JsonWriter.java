package io.github.ntlmaffinity.internal.report;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Arrays;

/**
 * A small streaming JSON (RFC 8259) writer: objects, arrays, names and scalar values are appended
 * to a {@link StringBuilder} or any {@link Appendable} as they are written, with the commas put in
 * for the caller. Not API: see the package documentation.
 *
 * <pre>{@code
 * StringBuilder out = new StringBuilder();
 * new JsonWriter(out)
 *     .beginObject()
 *     .name("user").value("EXAMPLE\\alice")
 *     .name("flags").beginArray().value("NEGOTIATE_UNICODE").endArray()
 *     .endObject();
 * // {"user":"EXAMPLE\\alice","flags":["NEGOTIATE_UNICODE"]}
 * }</pre>
 *
 * <p>Strings are escaped so that the output is plain printable text whatever they hold, which makes
 * it safe for logs and for embedding in JavaScript: {@code "} and {@code \}, every control
 * character U+0000 to U+001F, U+007F, the JavaScript line terminators U+2028 and U+2029, and lone
 * (unpaired) surrogates are escaped; {@code \b \f \n \r \t} use their short forms, the rest {@code
 * \}{@code uXXXX}. Other characters, including paired surrogates, are written as they are.
 *
 * <p>Numbers: {@code int} and {@code long} exactly; a {@code double} that is NaN or infinite has no
 * JSON form and is written as {@code null}.
 *
 * <p>Misuse — a value in an object without a name, a name in an array, a close that does not match,
 * a second top-level value — throws {@link IllegalStateException}. An {@link IOException} from the
 * {@code Appendable} is rethrown as {@link UncheckedIOException}. A writer is not thread-safe; it
 * allocates nothing per value beyond what the target does, and a nesting stack once deeper than 16.
 */
public final class JsonWriter {

  private static final char[] HEX = "0123456789abcdef".toCharArray();

  /** Scope states, kept on a stack; one entry per open object or array plus the document. */
  private static final byte EMPTY_DOCUMENT = 0;

  private static final byte NONEMPTY_DOCUMENT = 1;
  private static final byte EMPTY_OBJECT = 2;
  private static final byte NONEMPTY_OBJECT = 3;
  private static final byte DANGLING_NAME = 4;
  private static final byte EMPTY_ARRAY = 5;
  private static final byte NONEMPTY_ARRAY = 6;

  private final Appendable out;
  private final String indent;
  private byte[] stack = new byte[16];
  private int depth = 1;

  /**
   * A writer of compact JSON, on one line.
   *
   * @param out where to append; a {@link StringBuilder} never throws
   */
  public JsonWriter(Appendable out) {
    this(out, null);
  }

  /**
   * A writer that puts each member and element on its own line, indented by {@code indent} per
   * level, with a space after each colon.
   *
   * @param out where to append
   * @param indent the indentation of one level, e.g. two spaces; {@code null} for compact output
   */
  public JsonWriter(Appendable out, String indent) {
    if (out == null) {
      throw new NullPointerException("out");
    }
    this.out = out;
    this.indent = indent;
    stack[0] = EMPTY_DOCUMENT;
  }

  /**
   * Escapes {@code s} as a JSON string, quotes included.
   *
   * @param s the text; {@code null} gives {@code null}
   */
  public static String quote(CharSequence s) {
    if (s == null) {
      return "null";
    }
    StringBuilder b = new StringBuilder(s.length() + 2);
    new JsonWriter(b).value(s);
    return b.toString();
  }

  /** Opens an object: a value. */
  public JsonWriter beginObject() {
    beforeValue();
    append('{');
    push(EMPTY_OBJECT);
    return this;
  }

  /** Closes the innermost object. */
  public JsonWriter endObject() {
    return close(EMPTY_OBJECT, NONEMPTY_OBJECT, '}');
  }

  /** Opens an array: a value. */
  public JsonWriter beginArray() {
    beforeValue();
    append('[');
    push(EMPTY_ARRAY);
    return this;
  }

  /** Closes the innermost array. */
  public JsonWriter endArray() {
    return close(EMPTY_ARRAY, NONEMPTY_ARRAY, ']');
  }

  /**
   * Writes a member name; the next call writes its value.
   *
   * @param name the name, escaped like a string value
   */
  public JsonWriter name(CharSequence name) {
    if (name == null) {
      throw new NullPointerException("name");
    }
    byte scope = stack[depth - 1];
    if (scope == NONEMPTY_OBJECT) {
      append(',');
    } else if (scope != EMPTY_OBJECT) {
      throw new IllegalStateException(
          scope == DANGLING_NAME
              ? "name after a name: write its value first"
              : "name outside an object");
    }
    newline();
    stack[depth - 1] = DANGLING_NAME;
    string(name);
    return this;
  }

  /** Writes a string, or {@code null} when {@code value} is null. */
  public JsonWriter value(CharSequence value) {
    if (value == null) {
      return nullValue();
    }
    beforeValue();
    string(value);
    return this;
  }

  /** Writes a number. */
  public JsonWriter value(int value) {
    beforeValue();
    if (out instanceof StringBuilder b) {
      b.append(value);
    } else {
      append(Integer.toString(value));
    }
    return this;
  }

  /** Writes a number. */
  public JsonWriter value(long value) {
    beforeValue();
    if (out instanceof StringBuilder b) {
      b.append(value);
    } else {
      append(Long.toString(value));
    }
    return this;
  }

  /** Writes a number, or {@code null} when {@code value} is NaN or infinite. */
  public JsonWriter value(double value) {
    if (!Double.isFinite(value)) {
      return nullValue();
    }
    beforeValue();
    // Double.toString gives "1.0E10", "1.0E-5", "-0.0": all valid JSON numbers.
    if (out instanceof StringBuilder b) {
      b.append(value);
    } else {
      append(Double.toString(value));
    }
    return this;
  }

  /** Writes {@code true} or {@code false}. */
  public JsonWriter value(boolean value) {
    beforeValue();
    append(value ? "true" : "false");
    return this;
  }

  /** Writes a number, or {@code null} when {@code value} is null. */
  public JsonWriter value(Number value) {
    if (value == null) {
      return nullValue();
    }
    if (value instanceof Integer || value instanceof Short || value instanceof Byte) {
      return value(value.intValue());
    }
    if (value instanceof Long) {
      return value(value.longValue());
    }
    return value(value.doubleValue());
  }

  /** Writes {@code null}. */
  public JsonWriter nullValue() {
    beforeValue();
    append("null");
    return this;
  }

  /** Whether one complete top-level value has been written. */
  public boolean isComplete() {
    return depth == 1 && stack[0] == NONEMPTY_DOCUMENT;
  }

  private void beforeValue() {
    byte scope = stack[depth - 1];
    switch (scope) {
      case DANGLING_NAME -> {
        append(indent == null ? ":" : ": ");
        stack[depth - 1] = NONEMPTY_OBJECT;
      }
      case EMPTY_ARRAY -> {
        newline();
        stack[depth - 1] = NONEMPTY_ARRAY;
      }
      case NONEMPTY_ARRAY -> {
        append(',');
        newline();
      }
      case EMPTY_DOCUMENT -> stack[0] = NONEMPTY_DOCUMENT;
      case NONEMPTY_DOCUMENT -> throw new IllegalStateException("a document holds one value");
      default -> throw new IllegalStateException("value in an object without a name");
    }
  }

  private JsonWriter close(byte empty, byte nonEmpty, char bracket) {
    byte scope = stack[depth - 1];
    if (scope != empty && scope != nonEmpty) {
      throw new IllegalStateException(
          scope == DANGLING_NAME
              ? "name without a value"
              : "no open " + (bracket == '}' ? "object" : "array") + " to close");
    }
    depth--;
    if (scope == nonEmpty) {
      newline();
    }
    append(bracket);
    return this;
  }

  private void push(byte scope) {
    if (depth == stack.length) {
      stack = Arrays.copyOf(stack, depth * 2);
    }
    stack[depth++] = scope;
  }

  private void newline() {
    if (indent == null) {
      return;
    }
    append('\n');
    for (int i = 1; i < depth; i++) {
      append(indent);
    }
  }

  private void string(CharSequence s) {
    append('"');
    int run = 0; // start of the pending run of characters that need no escape
    int length = s.length();
    for (int i = 0; i < length; i++) {
      char c = s.charAt(i);
      if (c >= 0x20 && c < 0x7f && c != '"' && c != '\\') {
        continue; // the common case: printable ASCII
      }
      if (c >= 0x80 && !Character.isSurrogate(c) && c != '\u2028' && c != '\u2029') {
        continue;
      }
      if (Character.isHighSurrogate(c)
          && i + 1 < length
          && Character.isLowSurrogate(s.charAt(i + 1))) {
        i++; // a valid pair is written as it is
        continue;
      }
      if (run < i) {
        append(s, run, i);
      }
      run = i + 1;
      switch (c) {
        case '"' -> append("\\\"");
        case '\\' -> append("\\\\");
        case '\n' -> append("\\n");
        case '\r' -> append("\\r");
        case '\t' -> append("\\t");
        case '\b' -> append("\\b");
        case '\f' -> append("\\f");
        default -> unicodeEscape(c);
      }
    }
    if (run < length) {
      append(s, run, length);
    }
    append('"');
  }

  private void unicodeEscape(char c) {
    append('\\');
    append('u');
    append(HEX[(c >> 12) & 0xf]);
    append(HEX[(c >> 8) & 0xf]);
    append(HEX[(c >> 4) & 0xf]);
    append(HEX[c & 0xf]);
  }

  private void append(char c) {
    try {
      out.append(c);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private void append(CharSequence s) {
    try {
      out.append(s);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private void append(CharSequence s, int start, int end) {
    try {
      out.append(s, start, end);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
