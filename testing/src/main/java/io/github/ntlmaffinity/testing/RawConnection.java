package io.github.ntlmaffinity.testing;

import static java.nio.charset.StandardCharsets.ISO_8859_1;
import static java.nio.charset.StandardCharsets.UTF_8;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * One HTTP/1.1 client connection on a plain socket: the caller decides which connection carries
 * which request, as NTLM needs (a pooled HTTP client would not let it). Responses are read by
 * {@code Content-Length}, chunked encoding, or to the end of the stream. Every read is bounded by a
 * socket timeout, every line and body by a size. Not thread-safe: one exchange at a time, as
 * HTTP/1.1 without pipelining.
 *
 * <pre>{@code
 * try (RawConnection c = new RawConnection(port)) {
 *   RawConnection.Response challenge = c.get("/app", "Authorization: NTLM " + type1);
 *   RawConnection.Response done = c.get("/app", "Authorization: NTLM " + type3);
 * }
 * }</pre>
 */
public final class RawConnection implements AutoCloseable {

  /**
   * The {@code Host} of {@link #RawConnection(int)}: the same for every node, so responses compare.
   */
  public static final String HOST = "backend.example.test";

  private static final int TIMEOUT_MILLIS = 10_000;
  private static final int CLOSE_WAIT_MILLIS = 5_000;
  private static final int MAX_LINE = 16_384;
  private static final int MAX_BODY = 16 << 20;

  private final Socket socket;
  private final InputStream in;
  private final OutputStream out;
  private final String host;

  /** Connects to {@code 127.0.0.1:port}; requests name {@link #HOST}. */
  public RawConnection(int port) throws IOException {
    this(open(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), null), HOST);
  }

  private RawConnection(Socket socket, String host) throws IOException {
    this.socket = socket;
    this.in = new BufferedInputStream(socket.getInputStream());
    this.out = socket.getOutputStream();
    this.host = host;
  }

  /**
   * Connects to {@code server}, from {@code bindAddress} when it is not {@code null} (a loopback
   * address such as 127.0.0.21, so that a client has its own address); requests name the server's
   * {@code host:port} ({@code [::1]:port} for IPv6).
   */
  public static RawConnection connect(InetSocketAddress server, InetAddress bindAddress)
      throws IOException {
    String host = server.getHostString();
    // An IPv6 literal is bracketed in Host (RFC 9110 7.2, RFC 3986 3.2.2).
    String authority = host.indexOf(':') >= 0 ? '[' + host + ']' : host;
    return new RawConnection(open(server, bindAddress), authority + ':' + server.getPort());
  }

  /** The client's port: the server's remote port of this connection. */
  public int localPort() {
    return socket.getLocalPort();
  }

  /** Sends {@code GET path} with {@code headers} ({@code "Name: value"}) and reads the response. */
  public Response get(String path, String... headers) throws IOException {
    return getAs("HTTP/1.1", path, headers);
  }

  /** Sends {@code GET path} with {@code headers} (name to value, in the map's order). */
  public Response get(String path, Map<String, String> headers) throws IOException {
    return get(
        path,
        headers.entrySet().stream()
            .map(h -> h.getKey() + ": " + h.getValue())
            .toArray(String[]::new));
  }

  /** {@code GET path} as {@code version} ({@code HTTP/1.0}, {@code HTTP/1.1}). */
  public Response getAs(String version, String path, String... headers) throws IOException {
    return request("GET", version, path, host, headers);
  }

  /** A request with another method or {@code Host} (none when {@code host} is null). */
  public Response request(
      String method, String version, String path, String host, String... headers)
      throws IOException {
    StringBuilder request = new StringBuilder(256);
    request.append(method).append(' ').append(path).append(' ').append(version).append("\r\n");
    if (host != null) {
      request.append("Host: ").append(host).append("\r\n");
    }
    for (String h : headers) {
      request.append(h).append("\r\n");
    }
    request.append("\r\n");
    out.write(request.toString().getBytes(ISO_8859_1));
    out.flush();
    return read();
  }

  /**
   * Whether the server closed the connection: the next read sees the end of the stream (or a reset)
   * within 5 seconds. False when the connection stays open that long.
   */
  public boolean closedByServer() throws IOException {
    socket.setSoTimeout(CLOSE_WAIT_MILLIS);
    try {
      return in.read() == -1;
    } catch (SocketTimeoutException stillOpen) {
      return false;
    } catch (IOException reset) {
      return true;
    } finally {
      if (!socket.isClosed()) {
        socket.setSoTimeout(TIMEOUT_MILLIS);
      }
    }
  }

  @Override
  public void close() throws IOException {
    socket.close();
  }

  private static Socket open(InetSocketAddress server, InetAddress bindAddress) throws IOException {
    Socket socket = new Socket();
    try {
      if (bindAddress != null) {
        socket.bind(new InetSocketAddress(bindAddress, 0));
      }
      socket.connect(server, TIMEOUT_MILLIS);
      socket.setSoTimeout(TIMEOUT_MILLIS);
      socket.setTcpNoDelay(true);
      return socket;
    } catch (IOException | RuntimeException e) {
      socket.close();
      throw e;
    }
  }

  private Response read() throws IOException {
    String statusLine = line();
    String[] parts = statusLine.split(" ", 3);
    if (parts.length < 2 || !parts[0].startsWith("HTTP/")) {
      throw new IOException("not an HTTP status line: " + statusLine);
    }
    int status;
    try {
      status = Integer.parseInt(parts[1]);
    } catch (NumberFormatException e) {
      throw new IOException("bad status line: " + statusLine, e);
    }
    List<Header> headers = new ArrayList<>();
    for (String l = line(); !l.isEmpty(); l = line()) {
      int colon = l.indexOf(':');
      if (colon > 0) {
        headers.add(new Header(l.substring(0, colon).trim(), l.substring(colon + 1).trim()));
      }
    }
    Response head = new Response(statusLine, status, headers, new byte[0]);
    byte[] body;
    String length = head.header("Content-Length");
    String encoding = head.header("Transfer-Encoding");
    if (status == 204 || status == 304 || status / 100 == 1) {
      body = new byte[0];
    } else if (encoding != null && encoding.toLowerCase(Locale.ROOT).contains("chunked")) {
      body = chunked();
    } else if (length != null) {
      body = exactly(Integer.parseInt(length.trim()));
    } else {
      body = toEnd();
    }
    return new Response(statusLine, status, headers, body);
  }

  private byte[] chunked() throws IOException {
    ByteArrayOutputStream body = new ByteArrayOutputStream();
    while (true) {
      String size = line();
      int semicolon = size.indexOf(';');
      int n = Integer.parseInt((semicolon < 0 ? size : size.substring(0, semicolon)).trim(), 16);
      if (n == 0) {
        for (String trailer = line(); !trailer.isEmpty(); trailer = line()) {
          // Trailers are not used.
        }
        return body.toByteArray();
      }
      if (n < 0 || body.size() + n > MAX_BODY) {
        throw new IOException("body larger than " + MAX_BODY + " bytes");
      }
      body.writeBytes(exactly(n));
      if (!line().isEmpty()) {
        throw new IOException("chunk not followed by CRLF");
      }
    }
  }

  private byte[] exactly(int n) throws IOException {
    if (n < 0 || n > MAX_BODY) {
      throw new IOException("body of " + n + " bytes");
    }
    byte[] bytes = in.readNBytes(n);
    if (bytes.length < n) {
      throw new EOFException("connection closed in the body");
    }
    return bytes;
  }

  private byte[] toEnd() throws IOException {
    byte[] bytes = in.readNBytes(MAX_BODY + 1);
    if (bytes.length > MAX_BODY) {
      throw new IOException("body larger than " + MAX_BODY + " bytes");
    }
    return bytes;
  }

  private String line() throws IOException {
    ByteArrayOutputStream line = new ByteArrayOutputStream(80);
    while (true) {
      int b = in.read();
      if (b == -1) {
        throw new EOFException("connection closed mid-response after '" + line + "'");
      }
      if (b == '\n') {
        byte[] bytes = line.toByteArray();
        int end =
            bytes.length > 0 && bytes[bytes.length - 1] == '\r' ? bytes.length - 1 : bytes.length;
        return new String(bytes, 0, end, ISO_8859_1);
      }
      if (line.size() == MAX_LINE) {
        throw new IOException("line longer than " + MAX_LINE);
      }
      line.write(b);
    }
  }

  /** A response header as received. */
  public record Header(String name, String value) {}

  /**
   * A response.
   *
   * @param statusLine the status line as sent
   * @param status the status code
   * @param headers every header line in order
   * @param body the decoded body
   */
  public record Response(String statusLine, int status, List<Header> headers, byte[] body) {

    /** The first value of header {@code name}, or {@code null}. */
    public String header(String name) {
      for (Header h : headers) {
        if (h.name().equalsIgnoreCase(name)) {
          return h.value();
        }
      }
      return null;
    }

    /** Every value of header {@code name}, in order. */
    public List<String> headers(String name) {
      return headers.stream()
          .filter(h -> h.name().equalsIgnoreCase(name))
          .map(Header::value)
          .toList();
    }

    /** The body as UTF-8 text. */
    public String text() {
      return new String(body, UTF_8);
    }

    /**
     * What must not change when the filter is added: status line, headers in order except {@code
     * Date}, and the body.
     */
    public String comparable() {
      StringBuilder s = new StringBuilder(statusLine).append('\n');
      for (Header h : headers) {
        if (!h.name().equalsIgnoreCase("Date")) {
          s.append(h.name()).append(": ").append(h.value()).append('\n');
        }
      }
      return s.append('\n').append(text()).toString();
    }
  }
}
