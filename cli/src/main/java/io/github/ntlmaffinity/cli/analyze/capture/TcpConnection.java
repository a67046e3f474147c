package io.github.ntlmaffinity.cli.analyze.capture;

import io.github.ntlmaffinity.ConnectionInfo;
import io.github.ntlmaffinity.Observation;
import io.github.ntlmaffinity.wire.NtlmDecoder;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * One TCP connection: its two directions, which end is the server (the one that answers with HTTP
 * responses, unless {@code --server} said), and the requests waiting for their responses
 * (pipelining), turned into the engine's observations.
 */
final class TcpConnection implements HttpStream.Listener {
  private static final int MAX_PENDING = 1024;

  private final Endpoint a;
  private final Endpoint b;
  private final TcpDirection fromA;
  private final TcpDirection fromB;
  private final Consumer<Observation> sink;
  private final Exchanges exchanges;
  private final List<String> cookieNames;
  private final ArrayDeque<Pending> pending = new ArrayDeque<>(4);
  private Boolean serverIsB;
  private String node;
  private ConnectionInfo info;
  private boolean closed;
  private boolean sawStart;
  private String switched;

  TcpConnection(
      Endpoint a,
      Endpoint b,
      Boolean serverIsB,
      TcpDirection.Budget budget,
      Exchanges exchanges,
      List<String> cookieNames,
      Consumer<Observation> sink) {
    this.a = a;
    this.b = b;
    this.serverIsB = serverIsB;
    this.fromA = new TcpDirection(budget);
    this.fromB = new TcpDirection(budget);
    this.exchanges = exchanges;
    this.cookieNames = cookieNames;
    this.sink = sink;
  }

  /** Takes a segment of this connection. */
  void accept(Segment s) {
    boolean fromFirst = s.source().equals(a.address()) && s.sourcePort() == a.port();
    if (s.has(Segment.SYN)) {
      sawStart = true;
    }
    TcpDirection d = fromFirst ? fromA : fromB;
    d.accept(s, this);
    if (s.has(Segment.RST) || (fromA.finished() && fromB.finished())) {
      close(s.nanos());
    }
  }

  /** Whether the connection ended (RST, or FIN both ways). */
  boolean closed() {
    return closed;
  }

  /** Whether a SYN was seen: else the connection was open when the capture started. */
  boolean sawStart() {
    return sawStart;
  }

  /** What the connection carried, from the first direction that told. */
  HttpStream.Kind kind() {
    HttpStream.Kind k = kindOf(fromA);
    return k == HttpStream.Kind.UNKNOWN ? kindOf(fromB) : k;
  }

  /**
   * What the connection switched to, after which it is no longer read: the {@code Upgrade} of a
   * {@code 101 Switching Protocols} ({@code h2c}, {@code websocket}, ...), {@code "?"} when the 101
   * named none, {@code "CONNECT"} for a tunnel; {@code null} when it did not switch.
   */
  String switched() {
    return switched;
  }

  long gaps() {
    return fromA.gaps() + fromB.gaps();
  }

  long gapBytes() {
    return fromA.gapBytes() + fromB.gapBytes();
  }

  void release(TcpDirection.Budget budget) {
    budget.release(fromA);
    budget.release(fromB);
  }

  private static HttpStream.Kind kindOf(TcpDirection d) {
    return d.stream() == null ? HttpStream.Kind.UNKNOWN : d.stream().kind();
  }

  private void close(long nanos) {
    fromA.flush(nanos);
    fromB.flush(nanos);
    if (!closed && node != null) {
      sink.accept(new Observation.Closed(instant(nanos), node, info.key()));
    }
    closed = true;
  }

  @Override
  public boolean wantsCookies() {
    return !cookieNames.isEmpty();
  }

  @Override
  public long head(HttpStream stream, HttpHead h, long nanos) {
    boolean senderIsB = stream == fromB.stream();
    if (serverIsB == null) {
      serverIsB = h.request() != senderIsB;
    }
    if (node == null) {
      Endpoint server = serverIsB ? b : a;
      Endpoint client = serverIsB ? a : b;
      node = server.text();
      info =
          new ConnectionInfo(
              null, server.address(), server.port(), client.address(), client.port(), "HTTP/1.1");
    }
    boolean fromServer = senderIsB == serverIsB;
    if (h.request()) {
      return fromServer || closed ? framing(h) : request(h, nanos);
    }
    return fromServer && !closed ? response(h, nanos) : framing(h);
  }

  private long request(HttpHead h, long nanos) {
    long exchange = exchanges.next();
    boolean closes = h.connectionHas("close") || (h.http10() && !h.connectionHas("keep-alive"));
    if (pending.size() < MAX_PENDING) {
      pending.add(new Pending(exchange, h.method(), closes));
    }
    sink.accept(
        new Observation.Request(
            instant(nanos),
            node,
            exchange,
            info,
            h.authorization() == null ? null : NtlmDecoder.decodeAuthorization(h.authorization()),
            h.forwarded(),
            h.xForwardedFor(),
            cookies(h.cookie(), cookieNames)));
    return framing(h);
  }

  /**
   * The values of the cookies named {@code names} in a {@code Cookie} header (RFC 6265 {@code
   * name=value} pairs split at {@code ;}; the first of a name wins, as a servlet container's {@code
   * getCookies()} lists them; surrounding quotes removed); {@code null} when none. Other cookies
   * are not kept.
   */
  static Map<String, String> cookies(String header, List<String> names) {
    if (header == null || names.isEmpty()) {
      return null;
    }
    Map<String, String> found = null;
    int at = 0;
    while (at < header.length()) {
      int semi = header.indexOf(';', at);
      int end = semi < 0 ? header.length() : semi;
      int eq = header.indexOf('=', at);
      if (eq > at && eq < end) {
        String name = header.substring(at, eq).trim();
        if (names.contains(name) && (found == null || !found.containsKey(name))) {
          String value = header.substring(eq + 1, end).trim();
          if (value.length() >= 2 && value.startsWith("\"") && value.endsWith("\"")) {
            value = value.substring(1, value.length() - 1);
          }
          if (found == null) {
            found = new LinkedHashMap<>(4);
          }
          found.put(name, value);
        }
      }
      at = end + 1;
    }
    return found;
  }

  private long response(HttpHead h, long nanos) {
    int status = h.status();
    if (status >= 100 && status < 200 && status != 101) {
      return 0;
    }
    Pending p = pending.poll();
    if (p != null) {
      boolean closes =
          p.closes || h.connectionHas("close") || (h.http10() && !h.connectionHas("keep-alive"));
      sink.accept(
          new Observation.Response(
              instant(nanos), node, p.exchange, status, h.wwwAuthenticate(), closes));
    }
    String method = p == null ? null : p.method;
    if (status == 101 || ("CONNECT".equals(method) && status < 300)) {
      switched = status != 101 ? "CONNECT" : h.upgrade() == null ? "?" : h.upgrade();
      if (fromA.stream() != null) {
        fromA.stream().ignore();
      }
      if (fromB.stream() != null) {
        fromB.stream().ignore();
      }
      return 0;
    }
    if ("HEAD".equals(method) || status == 204 || status == 304) {
      return 0;
    }
    if (h.chunked()) {
      return HttpStream.CHUNKED;
    }
    return h.contentLength() >= 0 ? h.contentLength() : HttpStream.UNTIL_CLOSE;
  }

  private static long framing(HttpHead h) {
    if (h.chunked()) {
      return HttpStream.CHUNKED;
    }
    if (!h.request() && h.contentLength() < 0) {
      return HttpStream.UNTIL_CLOSE;
    }
    return Math.max(0, h.contentLength());
  }

  static Instant instant(long nanos) {
    return Instant.ofEpochSecond(
        Math.floorDiv(nanos, 1_000_000_000L), Math.floorMod(nanos, 1_000_000_000L));
  }

  /** One end of a connection. */
  record Endpoint(String address, int port) {
    String text() {
      return address.indexOf(':') >= 0 ? '[' + address + "]:" + port : address + ':' + port;
    }
  }

  /** Exchange numbers, unique over the whole analysis. */
  static final class Exchanges {
    private long next;

    long next() {
      return ++next;
    }
  }

  private record Pending(long exchange, String method, boolean closes) {}
}
