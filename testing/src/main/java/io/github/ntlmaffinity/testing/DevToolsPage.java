package io.github.ntlmaffinity.testing;

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
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;

/**
 * A page open in headless chromium ({@link HeadlessChromium#open}), driven over the DevTools
 * protocol on a loopback port the browser picks: sends commands, evaluates JavaScript in the page
 * as a person clicking would, and hands the protocol's events (e.g. {@code Network.*}, {@code
 * Fetch.authRequired}) to handlers. Closing it stops the browser by PID.
 */
public final class DevToolsPage implements AutoCloseable {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final long WAIT_NANOS = TimeUnit.SECONDS.toNanos(30);

  private final Process browser;
  private final WebSocket socket;
  private final AtomicInteger ids = new AtomicInteger();
  private final Map<Integer, CompletableFuture<JsonNode>> pending = new ConcurrentHashMap<>();
  private final Map<String, List<Consumer<JsonNode>>> handlers = new ConcurrentHashMap<>();
  private final AtomicReference<Throwable> handlerFailure = new AtomicReference<>();
  private final ExecutorService events =
      Executors.newSingleThreadExecutor(
          r -> {
            Thread t = new Thread(r, "devtools-events");
            t.setDaemon(true);
            return t;
          });

  private DevToolsPage(Process browser, WebSocket socket) {
    this.browser = browser;
    this.socket = socket;
  }

  static DevToolsPage open(
      Path chromium, Path profile, String url, int width, int height, List<String> flags)
      throws Exception {
    Files.createDirectories(profile);
    List<String> command = new ArrayList<>();
    command.add(chromium.toString());
    command.addAll(HeadlessChromium.COMMON_FLAGS);
    command.addAll(
        List.of(
            "--remote-debugging-address=127.0.0.1",
            "--remote-debugging-port=0",
            "--window-size=" + width + "," + height,
            "--user-data-dir=" + profile.toAbsolutePath()));
    command.addAll(flags);
    command.add(url);
    ProcessBuilder pb =
        new ProcessBuilder(command)
            .redirectErrorStream(true)
            .redirectOutput(profile.resolveSibling(profile.getFileName() + ".log").toFile());
    HeadlessChromium.keepTemporaryFilesIn(pb, profile);
    Process p = pb.start();
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
  public JsonNode eval(String expression) throws Exception {
    return send("Runtime.evaluate", Map.of("expression", expression, "returnByValue", true))
        .at("/result/result/value");
  }

  /**
   * Lays the page out for a {@code width} CSS px wide phone screen (headless windows have a minimum
   * width above 400 px) and reloads it.
   */
  public void emulateWidth(int width, int height) throws Exception {
    send(
        "Emulation.setDeviceMetricsOverride",
        Map.of("width", width, "height", height, "deviceScaleFactor", 1, "mobile", true));
    eval("location.reload()");
  }

  /**
   * Sends a DevTools command and returns the browser's whole reply ({@code result} or {@code
   * error}), waiting at most 10 s.
   */
  public JsonNode send(String method, Map<String, ?> params) throws Exception {
    int id = ids.incrementAndGet();
    CompletableFuture<JsonNode> answer = new CompletableFuture<>();
    pending.put(id, answer);
    Map<String, Object> command = Map.of("id", id, "method", method, "params", params);
    socket.sendText(JSON.writeValueAsString(command), true).get(10, TimeUnit.SECONDS);
    try {
      return answer.get(10, TimeUnit.SECONDS);
    } finally {
      pending.remove(id);
    }
  }

  /**
   * Hands every event {@code method} (e.g. {@code "Network.responseReceived"}) to {@code handler}
   * with the event's {@code params}. Handlers run one at a time on the page's own thread, in the
   * order the browser sent the events, so a handler may {@link #send} commands. Register before
   * enabling the domain. A handler's exception is kept and thrown by {@link
   * #assertNoHandlerFailed()}.
   */
  public void onEvent(String method, Consumer<JsonNode> handler) {
    handlers.computeIfAbsent(method, m -> new CopyOnWriteArrayList<>()).add(handler);
  }

  /** Throws the first exception an event handler threw, if any. */
  public void assertNoHandlerFailed() {
    Throwable t = handlerFailure.get();
    if (t != null) {
      throw new AssertionError("a DevTools event handler failed: " + t, t);
    }
  }

  /** Evaluates {@code condition} until it is true, for at most 30 s. */
  public void awaitTrue(String condition, String what) throws Exception {
    long deadline = System.nanoTime() + WAIT_NANOS;
    while (true) {
      JsonNode v;
      try {
        v = eval(condition);
      } catch (TimeoutException e) {
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
    events.shutdownNow();
    browser.descendants().forEach(ProcessHandle::destroyForcibly);
    browser.destroyForcibly();
  }

  private void received(String text) {
    JsonNode message;
    try {
      message = JSON.readTree(text);
    } catch (Exception e) {
      return; // not a DevTools message
    }
    if (message.has("id")) {
      CompletableFuture<JsonNode> f = pending.remove(message.get("id").asInt());
      if (f != null) {
        f.complete(message);
      }
      return;
    }
    List<Consumer<JsonNode>> hs = handlers.get(message.path("method").asText());
    if (hs == null) {
      return;
    }
    JsonNode params = message.path("params");
    try {
      events.execute(
          () -> {
            for (Consumer<JsonNode> h : hs) {
              try {
                h.accept(params);
              } catch (RuntimeException | AssertionError e) {
                handlerFailure.compareAndSet(null, e);
              }
            }
          });
    } catch (RejectedExecutionException e) {
      // closed: the browser's last events are dropped
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
          page.received(whole);
        }
      }
      ws.request(1);
      return null;
    }
  }
}
