package io.github.ntlmaffinity.spring;

import static java.nio.charset.StandardCharsets.ISO_8859_1;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.util.ArrayList;
import java.util.List;

/**
 * One HTTP/1.1 connection on a raw socket to the loopback address, so that the test decides which
 * connection carries which NTLM message. Responses are read by Content-Length; every read is
 * bounded by a socket timeout.
 */
final class RawConnection implements AutoCloseable {
  private final Socket socket = new Socket();
  private final InputStream in;
  private final OutputStream out;

  RawConnection(int port) throws IOException {
    socket.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 5_000);
    socket.setSoTimeout(5_000);
    in = new BufferedInputStream(socket.getInputStream());
    out = socket.getOutputStream();
  }

  /**
   * {@code GET path} with {@code Authorization: authorization} unless that is null, and any other
   * header lines given.
   */
  Response get(String path, String authorization, String... extra) throws IOException {
    StringBuilder request =
        new StringBuilder("GET ")
            .append(path)
            .append(" HTTP/1.1\r\nHost: backend.example.test\r\n")
            .append(authorization == null ? "" : "Authorization: " + authorization + "\r\n");
    for (String h : extra) {
      request.append(h).append("\r\n");
    }
    request.append("\r\n");
    out.write(request.toString().getBytes(ISO_8859_1));
    out.flush();
    String status = line();
    List<String> headers = new ArrayList<>();
    int length = 0;
    for (String line = line(); !line.isEmpty(); line = line()) {
      headers.add(line);
      if (line.regionMatches(true, 0, "Content-Length:", 0, 15)) {
        length = Integer.parseInt(line.substring(15).trim());
      }
    }
    return new Response(
        Integer.parseInt(status.split(" ")[1]), headers, new String(in.readNBytes(length)));
  }

  @Override
  public void close() throws IOException {
    socket.close();
  }

  private String line() throws IOException {
    ByteArrayOutputStream line = new ByteArrayOutputStream();
    for (int b = in.read(); b != '\n'; b = in.read()) {
      if (b == -1) {
        throw new EOFException("connection closed after '" + line + "'");
      }
      if (b != '\r') {
        line.write(b);
      }
    }
    return line.toString(ISO_8859_1);
  }

  /**
   * A response.
   *
   * @param status the status code
   * @param headers the header lines as sent
   * @param body the body
   */
  record Response(int status, List<String> headers, String body) {

    /** The value of the first header {@code name}, or {@code null}. */
    String header(String name) {
      for (String h : headers) {
        if (h.regionMatches(true, 0, name + ":", 0, name.length() + 1)) {
          return h.substring(name.length() + 1).trim();
        }
      }
      return null;
    }
  }
}
