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
    String[] values = split(text);
    if (values == null) {
      problems.add(
          line.terminated() ? Kind.WRONG_FIELD_COUNT : Kind.TRUNCATED_LAST_LINE,
          where,
          "#Fields names " + fieldCount);
      return null;
    }
    Instant time = time(value(values, W3cField.DATE), value(values, W3cField.TIME));
    if (time == null) {
      problems.add(Kind.BAD_TIME, where, null);
      return null;
    }
    String uri = value(values, W3cField.URI_STEM);
    if (uri == null) {
      uri = value(values, W3cField.URI);
      if (uri != null && uri.indexOf('?') >= 0) {
        uri = uri.substring(0, uri.indexOf('?'));
      }
    }
    String serverIp = value(values, W3cField.SERVER_IP);
    String serverPort = value(values, W3cField.SERVER_PORT);
    String server =
        namer.name(
            value(values, W3cField.COMPUTER),
            serverIp == null ? null : serverPort == null ? serverIp : serverIp + ":" + serverPort);
    return new IisEntry(
        time,
        server,
        name,
        line.number(),
        value(values, W3cField.METHOD),
        uri,
        value(values, W3cField.CLIENT_IP),
        (int) number(value(values, W3cField.CLIENT_PORT), 65_535),
        firstAddress(value(values, W3cField.FORWARDED_FOR)),
        plusToSpace(value(values, W3cField.USER_AGENT)),
        value(values, W3cField.USERNAME),
        (int) number(value(values, W3cField.STATUS), 999),
        (int) number(value(values, W3cField.SUBSTATUS), 65_535),
        number(value(values, W3cField.WIN32_STATUS), 0xFFFF_FFFFL),
        value(values, W3cField.VERSION),
        value(values, W3cField.REASON));
  }

  /** The values, or {@code null} when there are not as many as {@code #Fields} names. */
  private String[] split(String text) {
    String[] values = new String[fieldCount];
    int n = 0;
    int start = 0;
    int length = text.length();
    for (int i = 0; i <= length; i++) {
      if (i == length || text.charAt(i) == ' ') {
        if (n == fieldCount) {
          return null;
        }
        values[n++] = text.substring(start, i);
        start = i + 1;
      }
    }
    return n == fieldCount ? values : null;
  }

  private String value(String[] values, W3cField f) {
    int i = index[f.ordinal()];
    if (i < 0) {
      return null;
    }
    String v = values[i];
    return v.isEmpty() || v.equals("-") ? null : v;
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
