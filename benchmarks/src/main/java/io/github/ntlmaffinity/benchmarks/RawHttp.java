package io.github.ntlmaffinity.benchmarks;

import static java.nio.charset.StandardCharsets.ISO_8859_1;

import java.io.BufferedInputStream;
import java.io.Closeable;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;

/**
 * One HTTP/1.1 keep-alive connection on a plain socket, the load generator's client: each request
 * goes on this connection and no other, so a benchmark decides which connection carries which NTLM
 * message (a pooled HTTP client would not). It reads only what the benchmarks need: the status, one
 * named header and a body framed by {@code Content-Length} or chunked encoding.
 */
final class RawHttp implements Closeable {
  private static final int TIMEOUT_MILLIS = 10_000;

  private final Socket socket;
  private final OutputStream out;
  private final InputStream in;
  private final String host;
  private final byte[] line = new byte[16 * 1024];

  private RawHttp(Socket socket, String host) throws IOException {
    this.socket = socket;
    this.out = socket.getOutputStream();
    this.in = new BufferedInputStream(socket.getInputStream(), 16 * 1024);
    this.host = host;
  }

  /** Connects to {@code 127.0.0.1:port}. */
  static RawHttp connect(int port) throws IOException {
    Socket socket = new Socket();
    socket.setTcpNoDelay(true);
    socket.setSoTimeout(TIMEOUT_MILLIS);
    socket.connect(new InetSocketAddress("127.0.0.1", port), TIMEOUT_MILLIS);
    return new RawHttp(socket, "127.0.0.1:" + port);
  }

  /**
   * A browser-like GET of {@code path}, with {@code Authorization: <authorization>} when it is not
   * {@code null}.
   */
  byte[] get(String path, String authorization) {
    StringBuilder request =
        new StringBuilder(256)
            .append("GET ")
            .append(path)
            .append(" HTTP/1.1\r\nHost: ")
            .append(host)
            .append("\r\nUser-Agent: ntlm-affinity-benchmark\r\nAccept: */*\r\n");
    if (authorization != null) {
      request.append("Authorization: ").append(authorization).append("\r\n");
    }
    return request.append("\r\n").toString().getBytes(ISO_8859_1);
  }

  /**
   * Sends {@code request} and reads the response.
   *
   * @param header the response header whose value to keep (case-insensitive), or {@code null}
   */
  Response exchange(byte[] request, String header) throws IOException {
    out.write(request);
    out.flush();
    return read(header);
  }

  private Response read(String wanted) throws IOException {
    int n = readLine();
    // "HTTP/1.1 200 OK"
    if (n < 12 || line[8] != ' ') {
      throw new IOException("bad status line: " + new String(line, 0, n, ISO_8859_1));
    }
    int status = (line[9] - '0') * 100 + (line[10] - '0') * 10 + (line[11] - '0');
    long contentLength = -1;
    boolean chunked = false;
    boolean close = false;
    String value = null;
    while ((n = readLine()) > 0) {
      int colon = indexOf(line, n, (byte) ':');
      if (colon < 0) {
        continue;
      }
      if (is(line, colon, "content-length")) {
        contentLength = Long.parseLong(trimmed(colon + 1, n));
      } else if (is(line, colon, "transfer-encoding")) {
        chunked = trimmed(colon + 1, n).equalsIgnoreCase("chunked");
      } else if (is(line, colon, "connection")) {
        close = trimmed(colon + 1, n).equalsIgnoreCase("close");
      } else if (wanted != null && is(line, colon, wanted)) {
        value = trimmed(colon + 1, n);
      }
    }
    if (chunked) {
      while (true) {
        n = readLine();
        int size = Integer.parseInt(new String(line, 0, n, ISO_8859_1).trim().split(";")[0], 16);
        if (size == 0) {
          while (readLine() > 0) {
            // trailers
          }
          break;
        }
        skip(size);
        readLine();
      }
    } else if (contentLength > 0) {
      skip(contentLength);
    }
    return new Response(status, value, close);
  }

  private void skip(long count) throws IOException {
    long left = count;
    while (left > 0) {
      long skipped = in.skip(left);
      if (skipped <= 0) {
        if (in.read() < 0) {
          throw new EOFException("connection closed inside a body");
        }
        skipped = 1;
      }
      left -= skipped;
    }
  }

  /** Reads a line into {@link #line} without its CRLF; returns its length. */
  private int readLine() throws IOException {
    int n = 0;
    while (true) {
      int b = in.read();
      if (b < 0) {
        throw new EOFException("connection closed");
      }
      if (b == '\n') {
        return n > 0 && line[n - 1] == '\r' ? n - 1 : n;
      }
      if (n == line.length) {
        throw new IOException("header line longer than " + line.length);
      }
      line[n++] = (byte) b;
    }
  }

  private String trimmed(int from, int to) {
    return new String(line, from, to - from, ISO_8859_1).trim();
  }

  private static int indexOf(byte[] b, int n, byte c) {
    for (int i = 0; i < n; i++) {
      if (b[i] == c) {
        return i;
      }
    }
    return -1;
  }

  private static boolean is(byte[] b, int length, String name) {
    if (length != name.length()) {
      return false;
    }
    for (int i = 0; i < length; i++) {
      if (Character.toLowerCase((char) b[i]) != Character.toLowerCase(name.charAt(i))) {
        return false;
      }
    }
    return true;
  }

  @Override
  public void close() throws IOException {
    socket.close();
  }

  /**
   * What came back.
   *
   * @param status the status code
   * @param header the value of the header asked for, or {@code null}
   * @param closes whether the server said it closes the connection
   */
  record Response(int status, String header, boolean closes) {}
}
