package io.github.ntlmaffinity.examples;

import java.io.IOException;
import java.io.Writer;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;

/**
 * Writes the acceptor's access log in the W3C extended format IIS writes (UTC times, {@code -} for
 * an empty value, {@code +} for a space), so that log analysers can be tested on logs of real runs
 * whose truth the nodes' filters report. The {@code #Software} line says who wrote it.
 */
final class W3cAccessLog {
  private static final DateTimeFormatter DATE =
      DateTimeFormatter.ofPattern("yyyy-MM-dd").withZone(ZoneOffset.UTC);
  private static final DateTimeFormatter TIME =
      DateTimeFormatter.ofPattern("HH:mm:ss").withZone(ZoneOffset.UTC);

  private W3cAccessLog() {}

  /** Which fields to write. */
  enum Fields {
    /**
     * IIS's default field set (IIS 8.5 and later): {@code date time s-ip cs-method cs-uri-stem
     * cs-uri-query s-port cs-username c-ip cs(User-Agent) cs(Referer) sc-status sc-substatus
     * sc-win32-status time-taken}.
     */
    DEFAULT(
        "date time s-ip cs-method cs-uri-stem cs-uri-query s-port cs-username c-ip cs(User-Agent)"
            + " cs(Referer) sc-status sc-substatus sc-win32-status time-taken"),
    /**
     * An {@code _x} file: the default set plus {@code s-computername} and {@code cs-version}, and
     * two custom fields as IIS 8.5+ appends them, the {@code X-Forwarded-For} request header and
     * the {@code REMOTE_PORT} server variable (the balancer's port of the backend connection).
     */
    EXTENDED(
        "date time s-computername s-ip cs-method cs-uri-stem cs-uri-query s-port cs-username c-ip"
            + " cs-version cs(User-Agent) cs(Referer) sc-status sc-substatus sc-win32-status"
            + " time-taken X-Forwarded-For REMOTE_PORT");

    private final String names;

    Fields(String names) {
      this.names = names;
    }
  }

  /** Writes the directives and one line per entry. */
  static void write(List<AccessLog.Entry> entries, Fields fields, Writer out) throws IOException {
    out.write("#Software: ntlm-affinity examples (IIS W3C extended log format)\r\n");
    out.write("#Version: 1.0\r\n");
    if (!entries.isEmpty()) {
      AccessLog.Entry first = entries.get(0);
      out.write("#Date: " + DATE.format(first.time()) + " " + TIME.format(first.time()) + "\r\n");
    }
    out.write("#Fields: " + fields.names + "\r\n");
    for (AccessLog.Entry e : entries) {
      out.write(line(e, fields));
      out.write("\r\n");
    }
  }

  private static String line(AccessLog.Entry e, Fields fields) {
    int colon = e.peer().lastIndexOf(':');
    String cIp = e.peer().substring(0, colon).replace("[", "").replace("]", "");
    String port = e.peer().substring(colon + 1);
    AccessLog.Request r = e.request();
    StringBuilder b = new StringBuilder(160);
    b.append(DATE.format(e.time())).append(' ').append(TIME.format(e.time()));
    if (fields == Fields.EXTENDED) {
      value(b, e.node());
    }
    value(b, r.localAddress());
    value(b, e.method());
    value(b, e.path());
    value(b, null);
    value(b, Integer.toString(e.serverPort()));
    value(b, e.user());
    value(b, cIp);
    if (fields == Fields.EXTENDED) {
      value(b, r.protocol());
    }
    value(b, r.userAgent());
    value(b, null);
    value(b, Integer.toString(e.status()));
    value(b, Integer.toString(e.substatus()));
    value(b, Long.toString(e.win32Status()));
    value(b, "0");
    if (fields == Fields.EXTENDED) {
      value(b, r.forwardedFor());
      value(b, port);
    }
    return b.toString();
  }

  private static void value(StringBuilder b, String v) {
    b.append(' ');
    if (v == null || v.isEmpty()) {
      b.append('-');
      return;
    }
    for (int i = 0; i < v.length(); i++) {
      char c = v.charAt(i);
      b.append(c == ' ' || Character.isISOControl(c) ? '+' : c);
    }
  }
}
