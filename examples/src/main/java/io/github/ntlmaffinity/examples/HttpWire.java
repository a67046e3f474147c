package io.github.ntlmaffinity.examples;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.Closeable;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * One HTTP/1.1 keep-alive connection on a plain socket: the demo's NTLM clients send every message
 * of a login on it, so the connection the client uses is never in doubt. Bodies by {@code
 * Content-Length} or chunked. Not thread-safe: one exchange at a time, as HTTP/1.1 without
 * pipelining.
 */
final class HttpWire implements Closeable {
  private static final int TIMEOUT_MILLIS = 10_000;
  private static final int MAX_LINE = 16_384;
  private static final int MAX_BODY = 1 << 20;

  private final Socket socket;
  private final InputStream in;
  private final OutputStream out;
  private final String host;

  private HttpWire(Socket socket, String host) throws IOException {
    this.socket = socket;
    this.in = new BufferedInputStream(socket.getInputStream());
    this.out = socket.getOutputStream();
    this.host = host;
  }

  /**
   * Connects to {@code server}, from {@code bindAddress} when it is not {@code null} (a loopback
   * address such as 127.0.0.21, so each demo client has its own address), else from any.
   */
  static HttpWire connect(InetSocketAddress server, InetAddress bindAddress) throws IOException {
    Socket socket = new Socket();
    try {
      if (bindAddress != null) {
        socket.bind(new InetSocketAddress(bindAddress, 0));
      }
      socket.connect(server, TIMEOUT_MILLIS);
      socket.setSoTimeout(TIMEOUT_MILLIS);
      socket.setTcpNoDelay(true);
      return new HttpWire(socket, server.getHostString() + ':' + server.getPort());
    } catch (IOException | RuntimeException e) {
      socket.close();
      throw e;
    }
  }

  /** Whether {@code address} can be bound here (Linux binds all of 127.0.0.0/8; macOS only .1). */
  static boolean canBind(InetAddress address) {
    try (Socket s = new Socket()) {
      s.bind(new InetSocketAddress(address, 0));
      return true;
    } catch (IOException e) {
      return false;
    }
  }

  /** The local port of the connection: how the balancer tells this client connection apart. */
  int localPort() {
    return socket.getLocalPort();
  }

  /** Sends {@code GET path} with {@code headers} and reads the whole response. */
  Response get(String path, Map<String, String> headers) throws IOException {
    StringBuilder request = new StringBuilder();
    request.append("GET ").append(path).append(" HTTP/1.1\r\n");
    request.append("Host: ").append(host).append("\r\n");
    for (Map.Entry<String, String> h : headers.entrySet()) {
      request.append(h.getKey()).append(": ").append(h.getValue()).append("\r\n");
    }
    request.append("\r\n");
    out.write(request.toString().getBytes(StandardCharsets.ISO_8859_1));
    out.flush();
    return read();
  }

  private Response read() throws IOException {
    String statusLine = line();
    String[] parts = statusLine.split(" ", 3);
    if (parts.length < 2 || !parts[0].startsWith("HTTP/1.")) {
      throw new IOException("not an HTTP/1.x status line: " + statusLine);
    }
    int status;
    try {
      status = Integer.parseInt(parts[1]);
    } catch (NumberFormatException e) {
      throw new IOException("bad status line: " + statusLine, e);
    }
    List<String[]> headers = new ArrayList<>();
    for (String line = line(); !line.isEmpty(); line = line()) {
      int colon = line.indexOf(':');
      if (colon > 0) {
        headers.add(
            new String[] {line.substring(0, colon).trim(), line.substring(colon + 1).trim()});
      }
    }
    Response response = new Response(status, headers, new byte[0]);
    byte[] body;
    String length = response.header("Content-Length");
    if ("chunked".equalsIgnoreCase(response.header("Transfer-Encoding"))) {
      body = chunked();
    } else if (length != null) {
      body = exactly(Integer.parseInt(length.trim()));
    } else if (status == 204 || status == 304) {
      body = new byte[0];
    } else {
      throw new IOException("a response without a length would close the connection");
    }
    return new Response(status, headers, body);
  }

  private byte[] chunked() throws IOException {
    ByteArrayOutputStream body = new ByteArrayOutputStream();
    while (true) {
      String size = line();
      int semicolon = size.indexOf(';');
      int n = Integer.parseInt((semicolon < 0 ? size : size.substring(0, semicolon)).trim(), 16);
      if (n == 0) {
        while (!line().isEmpty()) {
          // trailers: ignored
        }
        return body.toByteArray();
      }
      if (body.size() + n > MAX_BODY) {
        throw new IOException("body larger than " + MAX_BODY + " bytes");
      }
      body.writeBytes(exactly(n));
      line();
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

  private String line() throws IOException {
    StringBuilder line = new StringBuilder();
    while (true) {
      int c = in.read();
      if (c < 0) {
        throw new EOFException("connection closed by the server");
      }
      if (c == '\n') {
        int end = line.length();
        if (end > 0 && line.charAt(end - 1) == '\r') {
          line.setLength(end - 1);
        }
        return line.toString();
      }
      if (line.length() == MAX_LINE) {
        throw new IOException("line longer than " + MAX_LINE);
      }
      line.append((char) c);
    }
  }

  @Override
  public void close() throws IOException {
    socket.close();
  }

  /**
   * A response.
   *
   * @param status the status code
   * @param headers name and value pairs in order
   * @param body the body
   */
  record Response(int status, List<String[]> headers, byte[] body) {

    /** The first value of {@code name}, or {@code null}. */
    String header(String name) {
      for (String[] h : headers) {
        if (h[0].equalsIgnoreCase(name)) {
          return h[1];
        }
      }
      return null;
    }

    /** Every value of {@code name}, in order. */
    List<String> headers(String name) {
      List<String> values = new ArrayList<>();
      for (String[] h : headers) {
        if (h[0].equalsIgnoreCase(name)) {
          values.add(h[1]);
        }
      }
      return values;
    }
  }
}
