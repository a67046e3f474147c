package io.github.ntlmaffinity.cli.probe;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.Closeable;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;

/**
 * One client connection to the balancer, HTTP/1.1 on a socket of its own, so the probe decides
 * which connection carries each leg. One exchange at a time, no pipelining. Everything read is
 * bounded: the header block, the number of fields, the body (read and dropped); every read and the
 * connect are bounded by the run's deadline.
 */
final class HttpLink implements Closeable {
  private static final int MAX_LINE = 16_384;
  private static final int MAX_HEADER_BYTES = 65_536;
  private static final int MAX_FIELDS = 200;
  private static final long MAX_BODY = 4L << 20;

  private final Target target;
  private final Socket socket;
  private final InputStream in;
  private final OutputStream out;
  private final Deadline deadline;
  private boolean closed;

  private HttpLink(Target target, Socket socket, Deadline deadline) throws IOException {
    this.target = target;
    this.socket = socket;
    this.in = new BufferedInputStream(socket.getInputStream());
    this.out = socket.getOutputStream();
    this.deadline = deadline;
  }

  /** Opens a connection to {@code target}, with TLS for https. */
  static HttpLink open(Target target, Deadline deadline) throws IOException {
    Socket socket = new Socket();
    try {
      socket.setTcpNoDelay(true);
      socket.connect(
          new InetSocketAddress(target.host(), target.port()), deadline.millisForNextStep());
      if (target.tls() != null) {
        SSLSocket tls =
            (SSLSocket)
                target
                    .tls()
                    .socketFactory()
                    .createSocket(socket, target.host(), target.port(), true);
        SSLParameters parameters = tls.getSSLParameters();
        parameters.setApplicationProtocols(new String[] {"http/1.1"});
        if (target.tls().verifyHostname()) {
          parameters.setEndpointIdentificationAlgorithm("HTTPS");
        }
        tls.setSSLParameters(parameters);
        tls.setSoTimeout(deadline.millisForNextStep());
        tls.startHandshake();
        socket = tls;
      }
      return new HttpLink(target, socket, deadline);
    } catch (IOException | RuntimeException e) {
      socket.close();
      throw e;
    }
  }

  /**
   * The protocol the server picks by ALPN when offered {@code h2} and {@code http/1.1}: {@code h2},
   * {@code http/1.1}, or {@code ""} when it picks none. Sends no request.
   */
  static String alpn(Target target, Deadline deadline) throws IOException {
    try (Socket socket = new Socket()) {
      socket.connect(
          new InetSocketAddress(target.host(), target.port()), deadline.millisForNextStep());
      try (SSLSocket tls =
          (SSLSocket)
              target
                  .tls()
                  .socketFactory()
                  .createSocket(socket, target.host(), target.port(), true)) {
        SSLParameters parameters = tls.getSSLParameters();
        parameters.setApplicationProtocols(new String[] {"h2", "http/1.1"});
        if (target.tls().verifyHostname()) {
          parameters.setEndpointIdentificationAlgorithm("HTTPS");
        }
        tls.setSSLParameters(parameters);
        tls.setSoTimeout(deadline.millisForNextStep());
        tls.startHandshake();
        String protocol = tls.getApplicationProtocol();
        return protocol == null ? "" : protocol;
      }
    }
  }

  /** The client-side port: names the connection in evidence. */
  int localPort() {
    return socket.getLocalPort();
  }

  /** Whether the server closed this connection (or said it would). */
  boolean isClosed() {
    return closed;
  }

  /**
   * Sends {@code GET} with the given extra header lines (each {@code Name: value}) and reads the
   * response.
   *
   * @throws EOFException when the server closed the connection without a response
   */
  Reply get(List<String> headerLines) throws IOException {
    StringBuilder request = new StringBuilder(256);
    request.append("GET ").append(target.path()).append(" HTTP/1.1\r\n");
    request.append("Host: ").append(target.hostHeader()).append("\r\n");
    request.append("User-Agent: ntlm-affinity-probe\r\n");
    request.append("Accept: */*\r\n");
    for (String line : headerLines) {
      request.append(line).append("\r\n");
    }
    request.append("\r\n");
    socket.setSoTimeout(deadline.millisForNextStep());
    Reply reply;
    try {
      out.write(request.toString().getBytes(StandardCharsets.ISO_8859_1));
      out.flush();
      do {
        reply = readResponse();
      } while (reply.status() >= 100 && reply.status() < 200);
    } catch (java.net.SocketException e) {
      closed = true;
      throw e;
    }
    closed = reply.closes();
    return reply;
  }

  private Reply readResponse() throws IOException {
    String statusLine = readLine();
    if (statusLine == null) {
      closed = true;
      throw new EOFException("the connection was closed before a response");
    }
    String[] parts = statusLine.split(" ", 3);
    if (parts.length < 2 || !parts[0].startsWith("HTTP/1.")) {
      throw new ProtocolException("not an HTTP/1.x status line");
    }
    int status;
    try {
      status = Integer.parseInt(parts[1]);
    } catch (NumberFormatException e) {
      throw new ProtocolException("not an HTTP status code");
    }
    boolean http10 = parts[0].equals("HTTP/1.0");
    List<Reply.Header> headers = new ArrayList<>();
    int bytes = 0;
    for (String line = readLine(); line != null && !line.isEmpty(); line = readLine()) {
      bytes += line.length();
      if (bytes > MAX_HEADER_BYTES || headers.size() >= MAX_FIELDS) {
        throw new ProtocolException("response header block too large");
      }
      int colon = line.indexOf(':');
      if (colon > 0) {
        headers.add(
            new Reply.Header(line.substring(0, colon).strip(), line.substring(colon + 1).strip()));
      }
    }
    Reply head = new Reply(status, parts.length > 2 ? parts[2] : "", headers, false);
    String connection = lower(head.first("Connection"));
    boolean closes = connection.contains("close") || (http10 && !connection.contains("keep-alive"));
    boolean bodyToEof = skipBody(head, status);
    return new Reply(status, head.reason(), headers, closes || bodyToEof);
  }

  /** Reads and drops the body. Returns whether it ran to the end of the connection. */
  private boolean skipBody(Reply head, int status) throws IOException {
    if (status == 204 || status == 304) {
      return false;
    }
    if (lower(head.first("Transfer-Encoding")).contains("chunked")) {
      long total = 0;
      while (true) {
        String size = readLine();
        if (size == null) {
          throw new EOFException("the connection was closed inside a chunked body");
        }
        int semi = size.indexOf(';');
        long n;
        try {
          n = Long.parseLong((semi < 0 ? size : size.substring(0, semi)).strip(), 16);
        } catch (NumberFormatException e) {
          throw new ProtocolException("bad chunk size");
        }
        total += n;
        if (n < 0 || total > MAX_BODY) {
          throw new ProtocolException("response body too large");
        }
        if (n == 0) {
          for (String t = readLine(); t != null && !t.isEmpty(); t = readLine()) {
            // trailers: dropped
          }
          return false;
        }
        skip(n);
        readLine();
      }
    }
    String length = head.first("Content-Length");
    if (length != null) {
      long n;
      try {
        n = Long.parseLong(length.strip());
      } catch (NumberFormatException e) {
        throw new ProtocolException("bad Content-Length");
      }
      if (n < 0 || n > MAX_BODY) {
        throw new ProtocolException("response body too large");
      }
      skip(n);
      return false;
    }
    long total = 0;
    while (in.read() >= 0) {
      if (++total > MAX_BODY) {
        throw new ProtocolException("response body too large");
      }
    }
    return true;
  }

  private void skip(long n) throws IOException {
    long left = n;
    while (left > 0) {
      long skipped = in.skip(left);
      if (skipped <= 0) {
        if (in.read() < 0) {
          throw new EOFException("the connection was closed inside a body");
        }
        skipped = 1;
      }
      left -= skipped;
    }
  }

  /** A line without its CRLF, ISO-8859-1; {@code null} at the end of the stream. */
  private String readLine() throws IOException {
    ByteArrayOutputStream line = new ByteArrayOutputStream(128);
    while (true) {
      int b;
      try {
        b = in.read();
      } catch (SocketTimeoutException e) {
        throw new SocketTimeoutException("no answer in time");
      }
      if (b < 0) {
        return line.size() == 0 ? null : line.toString(StandardCharsets.ISO_8859_1);
      }
      if (b == '\n') {
        String s = line.toString(StandardCharsets.ISO_8859_1);
        return s.endsWith("\r") ? s.substring(0, s.length() - 1) : s;
      }
      if (line.size() >= MAX_LINE) {
        throw new ProtocolException("response line too long");
      }
      line.write(b);
    }
  }

  private static String lower(String s) {
    return s == null ? "" : s.toLowerCase(Locale.ROOT);
  }

  @Override
  public void close() {
    try {
      socket.close();
    } catch (IOException ignored) {
      // nothing to do
    }
  }

  /** The server's answer is not HTTP/1.x the probe can read. */
  static final class ProtocolException extends IOException {
    private static final long serialVersionUID = 1L;

    ProtocolException(String message) {
      super(message);
    }
  }
}
