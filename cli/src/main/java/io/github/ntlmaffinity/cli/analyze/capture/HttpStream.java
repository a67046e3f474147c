package io.github.ntlmaffinity.cli.analyze.capture;

import java.nio.charset.StandardCharsets;

/**
 * One direction of a TCP connection read as HTTP/1.x: message heads are collected (at most {@value
 * #MAX_HEAD} bytes each) and handed to the {@link Listener}; bodies (Content-Length, chunked, or
 * until close) are skipped without being kept. Recognises TLS, HTTP/2 and other protocols from the
 * first bytes. After a gap, or when the capture started mid-stream, it looks for the start of the
 * next message at a line start.
 */
final class HttpStream {
  static final int MAX_HEAD = 65_536;
  private static final int MAX_LINE = 1024;

  /** What the stream carries, as told by its first bytes. */
  enum Kind {
    UNKNOWN,
    HTTP1,
    TLS,
    HTTP2,
    OTHER
  }

  /** Receives message heads. */
  interface Listener {
    /**
     * A complete head; returns the body's framing: a length {@code >= 0}, {@link #CHUNKED} or
     * {@link #UNTIL_CLOSE}.
     */
    long head(HttpStream stream, HttpHead head, long nanos);

    /** Whether heads should keep their {@code Cookie} values. */
    boolean wantsCookies();
  }

  private static final byte[] NO_BYTES = new byte[0];
  static final long CHUNKED = -1;
  static final long UNTIL_CLOSE = -2;

  private enum State {
    START,
    HEAD,
    BODY,
    CHUNK_SIZE,
    CHUNK_DATA,
    CHUNK_END,
    TRAILER,
    UNTIL_CLOSE,
    RESYNC,
    IGNORE
  }

  private final Listener listener;
  private State state;
  private Kind kind = Kind.UNKNOWN;
  private byte[] head = NO_BYTES; // allocated when a head or line spans segments
  private int headLength;
  private long remaining;
  private boolean lineStart = true;
  private long messages;

  HttpStream(Listener listener, boolean fromStart) {
    this.listener = listener;
    this.state = fromStart ? State.START : State.RESYNC;
  }

  Kind kind() {
    return kind;
  }

  long messages() {
    return messages;
  }

  /** Bytes were lost: look for the next message start. */
  void gap() {
    if (state != State.IGNORE && state != State.UNTIL_CLOSE) {
      state = State.RESYNC;
      headLength = 0;
      lineStart = true;
    }
  }

  /** Stops reading this stream (e.g. after an upgrade). */
  void ignore() {
    state = State.IGNORE;
  }

  void feed(byte[] b, int off, int len, long nanos) {
    int i = off;
    int end = off + len;
    while (i < end) {
      switch (state) {
        case IGNORE, UNTIL_CLOSE -> i = end;
        case START -> i = start(b, i, end);
        case HEAD -> i = head(b, i, end, nanos);
        case BODY -> {
          long n = Math.min(remaining, end - i);
          i += (int) n;
          remaining -= n;
          if (remaining == 0) {
            state = State.START;
          }
        }
        case CHUNK_SIZE, CHUNK_END, TRAILER -> i = line(b, i, end);
        case CHUNK_DATA -> {
          long n = Math.min(remaining, end - i);
          i += (int) n;
          remaining -= n;
          if (remaining == 0) {
            state = State.CHUNK_END;
          }
        }
        case RESYNC -> i = resync(b, i, end);
        default -> throw new IllegalStateException();
      }
    }
  }

  private int start(byte[] b, int i, int end) {
    if (kind == Kind.UNKNOWN) {
      int first = b[i] & 0xff;
      if (first == 0x16 && (i + 1 >= end || b[i + 1] == 3)) {
        kind = Kind.TLS;
        state = State.IGNORE;
        return end;
      }
      if ((first == 'P' && startsWith(b, i, end, "PRI * HTTP/2")) || settingsFrame(b, i, end)) {
        kind = Kind.HTTP2;
        state = State.IGNORE;
        return end;
      }
      if (!looksLikeStart(b, i, end)) {
        kind = Kind.OTHER;
        state = State.IGNORE;
        return end;
      }
    }
    if (b[i] == '\r' || b[i] == '\n') {
      return i + 1; // stray CRLF between messages
    }
    headLength = 0;
    state = State.HEAD;
    return i;
  }

  private int head(byte[] b, int i, int end, long nanos) {
    if (headLength == 0) {
      // The common case: the whole head is in this segment, read where it lies.
      int stop = headEnd(b, i, Math.min(end, i + MAX_HEAD));
      if (stop > 0) {
        complete(b, i, stop - i, nanos);
        return stop;
      }
    }
    while (i < end) {
      byte c = b[i++];
      if (headLength == head.length) {
        if (head.length >= MAX_HEAD) {
          gap();
          return i;
        }
        head =
            java.util.Arrays.copyOf(head, Math.min(MAX_HEAD, Math.max(MAX_LINE, head.length * 2)));
      }
      head[headLength++] = c;
      if (c == '\n' && endsHead()) {
        int n = headLength;
        headLength = 0;
        complete(head, 0, n, nanos);
        return i;
      }
    }
    return i;
  }

  /**
   * Where a head starting at {@code b[from]} ends (just after its empty line) within {@code b[from,
   * to)}, or -1: the same test as {@link #endsHead()} on bytes not copied.
   */
  private static int headEnd(byte[] b, int from, int to) {
    for (int j = from; j < to; j++) {
      if (b[j] == '\n') {
        int k = j - from;
        if ((k >= 1 && b[j - 1] == '\n') || (k >= 3 && b[j - 1] == '\r' && b[j - 2] == '\n')) {
          return j + 1;
        }
      }
    }
    return -1;
  }

  private boolean endsHead() {
    int n = headLength;
    return (n >= 2 && head[n - 2] == '\n')
        || (n >= 4 && head[n - 2] == '\r' && head[n - 3] == '\n');
  }

  private void complete(byte[] b, int offset, int length, long nanos) {
    HttpHead h = HttpHead.parse(b, offset, length, listener.wantsCookies());
    if (h == null) {
      if (kind == Kind.UNKNOWN) {
        kind = Kind.OTHER;
        state = State.IGNORE;
      } else {
        gap();
      }
      return;
    }
    kind = Kind.HTTP1;
    messages++;
    long framing = listener.head(this, h, nanos);
    if (state == State.IGNORE) {
      return;
    }
    if (framing == CHUNKED) {
      state = State.CHUNK_SIZE;
    } else if (framing == UNTIL_CLOSE) {
      state = State.UNTIL_CLOSE;
    } else if (framing > 0) {
      remaining = framing;
      state = State.BODY;
    } else {
      state = State.START;
    }
  }

  /** Collects a short line (chunk size, chunk end, trailer) and acts on it. */
  private int line(byte[] b, int i, int end) {
    while (i < end) {
      byte c = b[i++];
      if (c != '\n') {
        if (headLength < MAX_LINE) {
          if (headLength == head.length) {
            head = java.util.Arrays.copyOf(head, MAX_LINE);
          }
          head[headLength++] = c;
        } else {
          gap();
          return i;
        }
        continue;
      }
      String text = new String(head, 0, headLength, StandardCharsets.ISO_8859_1).trim();
      headLength = 0;
      switch (state) {
        case CHUNK_SIZE -> {
          int semi = text.indexOf(';');
          String hex = semi >= 0 ? text.substring(0, semi).trim() : text;
          long size = parseHex(hex);
          if (size < 0) {
            gap();
          } else if (size == 0) {
            state = State.TRAILER;
          } else {
            remaining = size;
            state = State.CHUNK_DATA;
          }
        }
        case CHUNK_END -> state = text.isEmpty() ? State.CHUNK_SIZE : errorGap();
        default -> {
          if (text.isEmpty()) {
            state = State.START;
          }
        }
      }
      return i;
    }
    return i;
  }

  private State errorGap() {
    gap();
    return state;
  }

  private int resync(byte[] b, int i, int end) {
    while (i < end) {
      if (lineStart && looksLikeStart(b, i, end)) {
        headLength = 0;
        state = State.HEAD;
        lineStart = true;
        return i;
      }
      lineStart = b[i] == '\n';
      i++;
    }
    return i;
  }

  /** A message start: {@code HTTP/1.} or an upper-case method and a space, within this segment. */
  private static boolean looksLikeStart(byte[] b, int i, int end) {
    if (startsWith(b, i, end, "HTTP/1.")) {
      return true;
    }
    int j = i;
    while (j < end && j - i < 16 && b[j] >= 'A' && b[j] <= 'Z') {
      j++;
    }
    return j > i
        && j < end
        && b[j] == ' '
        && (j + 1 < end
            && (b[j + 1] == '/'
                || b[j + 1] == 'h'
                || b[j + 1] == '*'
                || Character.isLetterOrDigit(b[j + 1])));
  }

  /**
   * An HTTP/2 SETTINGS frame on stream 0 without flags (RFC 9113 section 6.5): what an HTTP/2
   * server sends first, before any reply to the client's preface.
   */
  private static boolean settingsFrame(byte[] b, int i, int end) {
    if (end - i < 9 || b[i + 3] != 4 || b[i + 4] != 0) {
      return false;
    }
    int length = (b[i] & 0xff) << 16 | (b[i + 1] & 0xff) << 8 | b[i + 2] & 0xff;
    return length % 6 == 0 && length <= 16_384 && (b[i + 5] | b[i + 6] | b[i + 7] | b[i + 8]) == 0;
  }

  private static boolean startsWith(byte[] b, int i, int end, String s) {
    if (end - i < s.length()) {
      return false;
    }
    for (int k = 0; k < s.length(); k++) {
      if (b[i + k] != s.charAt(k)) {
        return false;
      }
    }
    return true;
  }

  private static long parseHex(String hex) {
    if (hex.isEmpty() || hex.length() > 15) {
      return -1;
    }
    long n = 0;
    for (int k = 0; k < hex.length(); k++) {
      int d = Character.digit(hex.charAt(k), 16);
      if (d < 0) {
        return -1;
      }
      n = n * 16 + d;
    }
    return n;
  }
}
