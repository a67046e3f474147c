package io.github.ntlmaffinity.servlet;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A page open in headless chromium, driven over the DevTools protocol (on a loopback port the
 * browser picks): evaluates JavaScript in the page, as a person clicking would, and reads back
 * values. Closing it stops the browser by PID.
 */
final class DevToolsPage implements AutoCloseable {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final long WAIT_NANOS = TimeUnit.SECONDS.toNanos(30);

  private final Process browser;
  private final WebSocket socket;
  private final AtomicInteger ids = new AtomicInteger();
  private final Map<Integer, CompletableFuture<JsonNode>> pending = new ConcurrentHashMap<>();

  private DevToolsPage(Process browser, WebSocket socket) {
    this.browser = browser;
    this.socket = socket;
  }

  static DevToolsPage open(Path chromium, Path profile, String url, int width, int height)
      throws Exception {
    Files.createDirectories(profile);
    Process p =
        new ProcessBuilder(
                List.of(
                    chromium.toString(),
                    "--headless",
                    "--no-sandbox",
                    "--disable-gpu",
                    "--disable-quic",
                    "--no-first-run",
                    "--disable-background-networking",
                    "--disable-component-update",
                    "--disable-sync",
                    "--disable-dev-shm-usage",
                    "--remote-debugging-address=127.0.0.1",
                    "--remote-debugging-port=0",
                    "--window-size=" + width + "," + height,
                    "--user-data-dir=" + profile.toAbsolutePath(),
                    url))
            .redirectErrorStream(true)
            .redirectOutput(profile.resolveSibling(profile.getFileName() + ".log").toFile())
            .start();
    try {
      Path portFile = profile.resolve("DevToolsActivePort");
      long deadline = System.nanoTime() + WAIT_NANOS;
      while (!Files.exists(portFile) || Files.readAllLines(portFile).isEmpty()) {
        if (System.nanoTime() > deadline || !p.isAlive()) {
          throw new AssertionError("chromium opened no DevTools port");
        }
        Thread.sleep(50);
      }
      int port = Integer.parseInt(Files.readAllLines(portFile).get(0).trim());
      HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
      String target = null;
      while (target == null) {
        String list =
            http.send(
                    HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/json/list"))
                        .timeout(Duration.ofSeconds(5))
                        .build(),
                    HttpResponse.BodyHandlers.ofString())
                .body();
        for (JsonNode t : JSON.readTree(list)) {
          if ("page".equals(t.path("type").asText())) {
            target = t.get("webSocketDebuggerUrl").asText();
          }
        }
        if (target == null) {
          if (System.nanoTime() > deadline) {
            throw new AssertionError("chromium shows no page: " + list);
          }
          Thread.sleep(50);
        }
      }
      Listener listener = new Listener();
      WebSocket ws =
          http.newWebSocketBuilder()
              .buildAsync(URI.create(target), listener)
              .get(10, TimeUnit.SECONDS);
      DevToolsPage page = new DevToolsPage(p, ws);
      listener.page = page;
      return page;
    } catch (Exception | AssertionError e) {
      p.descendants().forEach(ProcessHandle::destroyForcibly);
      p.destroyForcibly();
      throw e;
    }
  }

  /** The value of {@code expression} evaluated in the page (JSON-serialisable), or null. */
  JsonNode eval(String expression) throws Exception {
    return send("Runtime.evaluate", Map.of("expression", expression, "returnByValue", true))
        .at("/result/result/value");
  }

  /**
   * Lays the page out for a {@code width} CSS px wide phone screen (headless windows have a minimum
   * width above 400 px) and reloads it.
   */
  void emulateWidth(int width, int height) throws Exception {
    send(
        "Emulation.setDeviceMetricsOverride",
        Map.of("width", width, "height", height, "deviceScaleFactor", 1, "mobile", true));
    eval("location.reload()");
  }

  /** Sends a DevTools command and returns its reply. */
  JsonNode send(String method, Map<String, Object> params) throws Exception {
    int id = ids.incrementAndGet();
    CompletableFuture<JsonNode> answer = new CompletableFuture<>();
    pending.put(id, answer);
    Map<String, Object> command = Map.of("id", id, "method", method, "params", params);
    socket.sendText(JSON.writeValueAsString(command), true).get(10, TimeUnit.SECONDS);
    return answer.get(10, TimeUnit.SECONDS);
  }

  /** Evaluates {@code condition} until it is true, for at most 30 s. */
  void awaitTrue(String condition, String what) throws Exception {
    long deadline = System.nanoTime() + WAIT_NANOS;
    while (true) {
      JsonNode v;
      try {
        v = eval(condition);
      } catch (java.util.concurrent.TimeoutException e) {
        v = null; // the page is navigating
      }
      if (v != null && v.asBoolean(false)) {
        return;
      }
      if (System.nanoTime() > deadline) {
        throw new AssertionError("waited 30 s for " + what);
      }
      Thread.sleep(100);
    }
  }

  @Override
  public void close() {
    socket.abort();
    browser.descendants().forEach(ProcessHandle::destroyForcibly);
    browser.destroyForcibly();
  }

  private void answered(String text) {
    try {
      JsonNode message = JSON.readTree(text);
      if (message.has("id")) {
        CompletableFuture<JsonNode> f = pending.remove(message.get("id").asInt());
        if (f != null) {
          f.complete(message);
        }
      }
    } catch (Exception e) {
      // not a reply of ours
    }
  }

  /** Collects a message's fragments and hands whole messages to the page. */
  private static final class Listener implements WebSocket.Listener {
    private final StringBuilder text = new StringBuilder();
    private volatile DevToolsPage page;

    @Override
    public CompletionStage<?> onText(WebSocket ws, CharSequence data, boolean last) {
      text.append(data);
      if (last) {
        String whole = text.toString();
        text.setLength(0);
        if (page != null) {
          page.answered(whole);
        }
      }
      ws.request(1);
      return null;
    }
  }
}
