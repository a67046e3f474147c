package io.github.ntlmaffinity.servlet;

import static java.nio.charset.StandardCharsets.UTF_8;

import java.io.ByteArrayOutputStream;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.eclipse.jetty.http.HttpFields;
import org.eclipse.jetty.http.HttpURI;
import org.eclipse.jetty.http.HttpVersion;
import org.eclipse.jetty.http.MetaData;
import org.eclipse.jetty.http2.api.Session;
import org.eclipse.jetty.http2.api.Stream;
import org.eclipse.jetty.http2.client.HTTP2Client;
import org.eclipse.jetty.http2.frames.HeadersFrame;
import org.eclipse.jetty.util.Callback;

/**
 * One HTTP/2 connection with prior knowledge (h2c) to 127.0.0.1, through Jetty's low-level {@link
 * HTTP2Client}: each request is a new stream on the same TCP connection.
 */
final class H2cConnection implements AutoCloseable {
  private static final long TIMEOUT_SECONDS = 5;

  private final HTTP2Client client = new HTTP2Client();
  private final Session session;
  private final int port;

  H2cConnection(int port) throws Exception {
    this.port = port;
    client.start();
    session =
        client
            .connect(new InetSocketAddress("127.0.0.1", port), new Session.Listener() {})
            .get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
  }

  /** The client's port of the TCP connection. */
  int localPort() {
    return session.getLocalAddress().getPort();
  }

  /** {@code GET path} with {@code headers} ({@code "Name: value"}) on a new stream. */
  Response get(String path, String... headers) throws Exception {
    HttpFields.Mutable fields = HttpFields.build();
    for (String h : headers) {
      int colon = h.indexOf(':');
      fields.add(h.substring(0, colon).trim(), h.substring(colon + 1).trim());
    }
    MetaData.Request request =
        new MetaData.Request(
            "GET", HttpURI.from("http://127.0.0.1:" + port + path), HttpVersion.HTTP_2, fields);
    CompletableFuture<Response> result = new CompletableFuture<>();
    session.newStream(new HeadersFrame(request, null, true), new Collector(result));
    return result.get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
  }

  @Override
  public void close() throws Exception {
    client.stop();
  }

  /**
   * A response.
   *
   * @param status the status
   * @param headers the response headers
   * @param body the body
   */
  record Response(int status, HttpFields headers, String body) {}

  private static final class Collector implements Stream.Listener {
    private final CompletableFuture<Response> result;
    private final ByteArrayOutputStream body = new ByteArrayOutputStream();
    private MetaData.Response response;

    Collector(CompletableFuture<Response> result) {
      this.result = result;
    }

    @Override
    public void onHeaders(Stream stream, HeadersFrame frame) {
      if (frame.getMetaData() instanceof MetaData.Response r) {
        response = r;
      }
      if (frame.isEndStream()) {
        done();
      } else {
        stream.demand();
      }
    }

    @Override
    public void onDataAvailable(Stream stream) {
      Stream.Data data = stream.readData();
      if (data == null) {
        stream.demand();
        return;
      }
      ByteBuffer bytes = data.frame().getByteBuffer();
      while (bytes.hasRemaining()) {
        body.write(bytes.get());
      }
      boolean last = data.frame().isEndStream();
      data.release();
      if (last) {
        done();
      } else {
        stream.demand();
      }
    }

    @Override
    public void onFailure(
        Stream stream, int error, String reason, Throwable failure, Callback callback) {
      result.completeExceptionally(failure);
      callback.succeeded();
    }

    private void done() {
      result.complete(
          new Response(response.getStatus(), response.getHttpFields(), body.toString(UTF_8)));
    }
  }
}
