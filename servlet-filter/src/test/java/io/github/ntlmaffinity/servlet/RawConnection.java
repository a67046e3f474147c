package io.github.ntlmaffinity.servlet;

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

/**
 * One HTTP/1.1 client connection on a raw socket to 127.0.0.1: the test decides which connection
 * carries which request. Responses are read by Content-Length, chunked encoding, or to the end of
 * the stream. Every read is bounded by a socket timeout.
 */
final class RawConnection implements AutoCloseable {
  private static final int TIMEOUT_MILLIS = 5_000;

  /** The Host every request names: the same for every node, so responses compare equal. */
  static final String HOST = "backend.example.test";

  private final Socket socket;
  private final InputStream in;
  private final OutputStream out;

  RawConnection(int port) throws IOException {
    this.socket = new Socket();
    socket.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), TIMEOUT_MILLIS);
    socket.setSoTimeout(TIMEOUT_MILLIS);
    socket.setTcpNoDelay(true);
    this.in = new BufferedInputStream(socket.getInputStream());
    this.out = socket.getOutputStream();
  }

  /** The client's port: the server's remote port of this connection. */
  int localPort() {
    return socket.getLocalPort();
  }

  /** Sends {@code GET path} with {@code headers} ({@code "Name: value"}) and reads the response. */
  Response get(String path, String... headers) throws IOException {
    return getAs("HTTP/1.1", path, headers);
  }

  /** {@code GET path} as {@code version} ({@code HTTP/1.0}, {@code HTTP/1.1}). */
  Response getAs(String version, String path, String... headers) throws IOException {
    return request("GET", version, path, HOST, headers);
  }

  /** A request with another method or {@code Host} (none when {@code host} is null). */
  Response request(String method, String version, String path, String host, String... headers)
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
   * within the socket timeout. False when the connection stays open that long.
   */
  boolean closedByServer() throws IOException {
    try {
      return in.read() == -1;
    } catch (SocketTimeoutException stillOpen) {
      return false;
    } catch (IOException reset) {
      return true;
    }
  }

  @Override
  public void close() throws IOException {
    socket.close();
  }

  private Response read() throws IOException {
    String statusLine = line();
    String[] parts = statusLine.split(" ", 3);
    if (parts.length < 2 || !parts[0].startsWith("HTTP/")) {
      throw new IOException("not an HTTP status line: " + statusLine);
    }
    int status = Integer.parseInt(parts[1]);
    List<Header> headers = new ArrayList<>();
    for (String l = line(); !l.isEmpty(); l = line()) {
      int colon = l.indexOf(':');
      headers.add(new Header(l.substring(0, colon).trim(), l.substring(colon + 1).trim()));
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
      body = in.readNBytes(Integer.parseInt(length));
    } else {
      body = in.readAllBytes();
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
          // Trailers are not used by the tests.
        }
        return body.toByteArray();
      }
      body.write(in.readNBytes(n));
      if (!line().isEmpty()) {
        throw new IOException("chunk not followed by CRLF");
      }
    }
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
      line.write(b);
    }
  }

  /** A response header as received. */
  record Header(String name, String value) {}

  /**
   * A response.
   *
   * @param statusLine the status line as sent
   * @param status the status code
   * @param headers every header line in order
   * @param body the decoded body
   */
  record Response(String statusLine, int status, List<Header> headers, byte[] body) {

    /** The first value of header {@code name}, or {@code null}. */
    String header(String name) {
      for (Header h : headers) {
        if (h.name().equalsIgnoreCase(name)) {
          return h.value();
        }
      }
      return null;
    }

    /** Every value of header {@code name}, in order. */
    List<String> headers(String name) {
      return headers.stream()
          .filter(h -> h.name().equalsIgnoreCase(name))
          .map(Header::value)
          .toList();
    }

    String text() {
      return new String(body, UTF_8);
    }

    /**
     * What must not change when the filter is added: status line, headers in order except {@code
     * Date}, and the body.
     */
    String comparable() {
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
