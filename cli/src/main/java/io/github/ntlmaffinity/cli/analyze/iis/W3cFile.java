package io.github.ntlmaffinity.cli.analyze.iis;

import io.github.ntlmaffinity.cli.analyze.iis.InputProblems.Kind;
import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDate;
import java.util.LinkedHashSet;
import java.util.Set;

/**
 * Streams the entries of one W3C extended log file as IIS and HTTP.sys write it: {@code #Software},
 * {@code #Version}, {@code #Date} and {@code #Fields} directives (a new {@code #Fields} can come at
 * any point, e.g. after the site's logging fields changed), entries of space-separated values in
 * the order {@code #Fields} names them, {@code -} for an empty value, {@code +} for a space inside
 * the user agent and referer, times in UTC. Lines that cannot be read are skipped and counted in
 * {@link InputProblems}. Internal, not API.
 */
final class W3cFile implements Closeable {
  private static final W3cField[] FIELDS = W3cField.values();

  private final String name;
  private final InputStream stream;
  private final LineReader lines;
  private final InputProblems problems;
  private final ServerNamer namer;
  private final Set<String> ignoredFields = new LinkedHashSet<>();
  private int[] index = new int[0];
  private int[] starts = new int[0];
  private int[] ends = new int[0];
  private String current;
  private int fieldCount = -1;
  private String directiveDate;
  private String software;
  private String lastDate;
  private long lastEpochDay;
  private long entries;
  private boolean portLogged;
  private boolean forwardedForLogged;
  private boolean computerLogged;

  W3cFile(
      String name,
      InputStream stream,
      int maxLineBytes,
      InputProblems problems,
      ServerNamer namer) {
    this.name = name;
    this.stream = stream;
    this.lines = new LineReader(stream, maxLineBytes);
    this.problems = problems;
    this.namer = namer;
  }

  /** The next entry, or {@code null} at the end of the file. */
  IisEntry next() throws IOException {
    LineReader.Line line;
    while ((line = lines.next()) != null) {
      String where = name + ":" + line.number();
      if (line.text() == null) {
        problems.add(Kind.LINE_TOO_LONG, where, line.skippedBytes() + " bytes");
        continue;
      }
      if (line.latin1()) {
        problems.add(Kind.NOT_UTF8, where, null);
      }
      String text = line.text();
      if (line.number() == 1 && text.startsWith("\uFEFF")) {
        text = text.substring(1);
      }
      if (text.isEmpty()) {
        continue;
      }
      if (text.charAt(0) == '#') {
        directive(text);
        continue;
      }
      IisEntry e = entry(text, line, where);
      if (e != null) {
        entries++;
        return e;
      }
    }
    return null;
  }

  String name() {
    return name;
  }

  long entries() {
    return entries;
  }

  long bytesRead() {
    return lines.bytesRead();
  }

  /** The {@code #Software} directive's value, or {@code null}. */
  String software() {
    return software;
  }

  boolean portLogged() {
    return portLogged;
  }

  boolean forwardedForLogged() {
    return forwardedForLogged;
  }

  boolean computerLogged() {
    return computerLogged;
  }

  /** Field names in {@code #Fields} that the analysis does not read, in order of appearance. */
  Set<String> ignoredFields() {
    return ignoredFields;
  }

  @Override
  public void close() throws IOException {
    stream.close();
  }

  private void directive(String text) {
    int colon = text.indexOf(':');
    String key = colon < 0 ? text.substring(1) : text.substring(1, colon);
    String value = colon < 0 ? "" : text.substring(colon + 1).strip();
    if (key.equalsIgnoreCase("Fields")) {
      fields(value);
    } else if (key.equalsIgnoreCase("Date")) {
      int space = value.indexOf(' ');
      directiveDate = space < 0 ? value : value.substring(0, space);
    } else if (key.equalsIgnoreCase("Software")) {
      software = value.length() > 200 ? value.substring(0, 200) : value;
    }
  }

  private void fields(String value) {
    index = new int[FIELDS.length];
    java.util.Arrays.fill(index, -1);
    String[] names = value.isEmpty() ? new String[0] : value.split(" +");
    fieldCount = names.length;
    for (int i = 0; i < names.length; i++) {
      W3cField f = W3cField.of(names[i]);
      if (f == null) {
        if (ignoredFields.size() < 64 && ignoredFields.add(names[i])) {
          problems.add(Kind.UNKNOWN_FIELDS, name, names[i]);
        }
      } else if (index[f.ordinal()] < 0) {
        index[f.ordinal()] = i;
      }
    }
    portLogged |= has(W3cField.CLIENT_PORT);
    forwardedForLogged |= has(W3cField.FORWARDED_FOR);
    computerLogged |= has(W3cField.COMPUTER);
  }

  private boolean has(W3cField f) {
    return index[f.ordinal()] >= 0;
  }

  private IisEntry entry(String text, LineReader.Line line, String where) {
    if (fieldCount < 0) {
      problems.add(Kind.NO_FIELDS, where, null);
      return null;
    }
    if (!split(text)) {
      problems.add(
          line.terminated() ? Kind.WRONG_FIELD_COUNT : Kind.TRUNCATED_LAST_LINE,
          where,
          "#Fields names " + fieldCount);
      return null;
    }
    Instant time = time(value(W3cField.DATE), value(W3cField.TIME));
    if (time == null) {
      problems.add(Kind.BAD_TIME, where, null);
      return null;
    }
    String uri = value(W3cField.URI_STEM);
    if (uri == null) {
      uri = value(W3cField.URI);
      if (uri != null && uri.indexOf('?') >= 0) {
        uri = uri.substring(0, uri.indexOf('?'));
      }
    }
    String serverIp = value(W3cField.SERVER_IP);
    String serverPort = value(W3cField.SERVER_PORT);
    String server =
        namer.name(
            value(W3cField.COMPUTER),
            serverIp == null ? null : serverPort == null ? serverIp : serverIp + ":" + serverPort);
    String clientIp = value(W3cField.CLIENT_IP);
    int clientPort = (int) number(value(W3cField.CLIENT_PORT), 65_535);
    return new IisEntry(
        time,
        server,
        name,
        line.number(),
        value(W3cField.METHOD),
        uri,
        clientIp,
        clientPort,
        firstAddress(value(W3cField.FORWARDED_FOR)),
        plusToSpace(value(W3cField.USER_AGENT)),
        value(W3cField.USERNAME),
        (int) number(value(W3cField.STATUS), 999),
        (int) number(value(W3cField.SUBSTATUS), 65_535),
        number(value(W3cField.WIN32_STATUS), 0xFFFF_FFFFL),
        value(W3cField.VERSION),
        value(W3cField.REASON),
        IisEntry.hostPort(clientIp, clientPort));
  }

  /**
   * Finds where each value of {@code text} starts and ends (no value is cut out yet: only the
   * fields read are, by {@link #value}); {@code false} when there are not as many values as {@code
   * #Fields} names.
   */
  private boolean split(String text) {
    if (starts.length < fieldCount) {
      starts = new int[fieldCount];
      ends = new int[fieldCount];
    }
    int n = 0;
    int start = 0;
    int length = text.length();
    for (int i = 0; i <= length; i++) {
      if (i == length || text.charAt(i) == ' ') {
        if (n == fieldCount) {
          return false;
        }
        starts[n] = start;
        ends[n++] = i;
        start = i + 1;
      }
    }
    current = text;
    return n == fieldCount;
  }

  /** Field {@code f} of the line last split, or {@code null} when not logged or {@code -}. */
  private String value(W3cField f) {
    int i = index[f.ordinal()];
    if (i < 0) {
      return null;
    }
    int from = starts[i];
    int to = ends[i];
    if (from == to || (to - from == 1 && current.charAt(from) == '-')) {
      return null;
    }
    return current.substring(from, to);
  }

  private Instant time(String date, String time) {
    if (date == null) {
      date = directiveDate;
    }
    if (date == null || time == null || date.length() != 10 || time.length() < 8) {
      return null;
    }
    try {
      if (!date.equals(lastDate)) {
        lastEpochDay =
            LocalDate.of(
                    Integer.parseInt(date, 0, 4, 10),
                    Integer.parseInt(date, 5, 7, 10),
                    Integer.parseInt(date, 8, 10, 10))
                .toEpochDay();
        lastDate = date;
      }
      int h = Integer.parseInt(time, 0, 2, 10);
      int m = Integer.parseInt(time, 3, 5, 10);
      int s = Integer.parseInt(time, 6, 8, 10);
      if (h > 23 || m > 59 || s > 60 || time.charAt(2) != ':' || time.charAt(5) != ':') {
        return null;
      }
      long nanos = 0;
      if (time.length() > 9 && time.charAt(8) == '.') {
        String frac = (time.substring(9) + "000000000").substring(0, 9);
        nanos = Long.parseLong(frac);
      }
      return Instant.ofEpochSecond(lastEpochDay * 86_400 + h * 3600L + m * 60L + s, nanos);
    } catch (NumberFormatException | DateTimeException e) {
      return null;
    }
  }

  private static long number(String value, long max) {
    if (value == null || value.isEmpty() || value.length() > 10) {
      return -1;
    }
    long n = 0;
    for (int i = 0; i < value.length(); i++) {
      char c = value.charAt(i);
      if (c < '0' || c > '9') {
        return -1;
      }
      n = n * 10 + (c - '0');
    }
    return n > max ? -1 : n;
  }

  private static String firstAddress(String forwardedFor) {
    if (forwardedFor == null) {
      return null;
    }
    String value = forwardedFor.replace('+', ' ');
    int comma = value.indexOf(',');
    String first = (comma < 0 ? value : value.substring(0, comma)).strip();
    return first.isEmpty() ? null : first;
  }

  private static String plusToSpace(String value) {
    return value == null ? null : value.replace('+', ' ');
  }
}
