package io.github.ntlmaffinity.cli.analyze.har;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.github.ntlmaffinity.testing.DevToolsPage;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * A HAR 1.2 (http://www.softwareishard.com/blog/har-12-spec/) built from the DevTools {@code
 * Network} events of a real Chromium, laid out as Chromium's own export ({@code HARLog.ts} of the
 * DevTools front end) lays it out: {@code connection} is the socket's id (left out when 0), {@code
 * serverIPAddress} the remote address without brackets, headers from the {@code *ExtraInfo} events
 * (what went over the wire; the provisional ones of {@code requestWillBeSent} otherwise), a header
 * value joined with newlines split into one header per line, the response's {@code httpVersion}
 * from its raw status line, the request's from the protocol ({@code http/1.1}, {@code h2} as {@code
 * http/2.0}), cookies with their values (as a HAR holds them), timings from {@code response.timing}
 * (simplified: queueing plus the time to the first of DNS, connect or send as {@code blocked}).
 * Bodies are not kept.
 */
final class DevToolsHar {
  private static final ObjectMapper JSON = new ObjectMapper();

  private final Map<String, Exchange> byId = new LinkedHashMap<>();
  private final List<Exchange> order = new ArrayList<>();

  private DevToolsHar() {}

  /** Starts recording {@code page}'s network events (enables the {@code Network} domain). */
  static DevToolsHar record(DevToolsPage page) throws Exception {
    DevToolsHar har = new DevToolsHar();
    page.onEvent("Network.requestWillBeSent", har::requestWillBeSent);
    page.onEvent("Network.requestWillBeSentExtraInfo", har::requestExtraInfo);
    page.onEvent("Network.responseReceived", har::responseReceived);
    page.onEvent("Network.responseReceivedExtraInfo", har::responseExtraInfo);
    page.onEvent("Network.loadingFinished", p -> har.finished(p, null));
    page.onEvent("Network.loadingFailed", p -> har.finished(p, p.path("errorText").asText()));
    page.send("Network.enable", Map.of());
    return har;
  }

  /** Waits at most 30 s until the last request for {@code url} has finished or failed. */
  synchronized Exchange awaitFinished(String url) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
    while (true) {
      Exchange last = null;
      for (Exchange e : order) {
        if (url.equals(e.sent.path("request").path("url").asText())) {
          last = e;
        }
      }
      if (last != null && last.finishedAt != null) {
        return last;
      }
      long left = deadline - System.nanoTime();
      if (left <= 0) {
        throw new AssertionError("chromium did not finish loading " + url + " in 30 s");
      }
      TimeUnit.NANOSECONDS.timedWait(this, left);
    }
  }

  /**
   * Waits at most 5 s until every request sent so far has finished or failed; returns the URLs of
   * those still open.
   */
  synchronized List<String> awaitAllFinished() throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
    while (true) {
      List<String> open = new ArrayList<>();
      for (Exchange e : order) {
        if (e.sent.has("request") && e.finishedAt == null) {
          open.add(e.url() + " (" + e.status() + ")");
        }
      }
      long left = deadline - System.nanoTime();
      if (open.isEmpty() || left <= 0) {
        return open;
      }
      TimeUnit.NANOSECONDS.timedWait(this, left);
    }
  }

  /** The exchanges recorded so far, in the order they were sent. */
  synchronized List<Exchange> exchanges() {
    return List.copyOf(order);
  }

  /** Writes the HAR of what was recorded so far; the creator is "WebInspector" {@code webKit}. */
  synchronized void write(Path file, String webKit) throws IOException {
    ObjectNode log = JSON.createObjectNode();
    log.put("version", "1.2");
    log.putObject("creator").put("name", "WebInspector").put("version", webKit);
    log.putArray("pages");
    ArrayNode entries = log.putArray("entries");
    for (Exchange e : order) {
      if (e.sent.has("request") && e.response != null) {
        entries.add(e.entry());
      }
    }
    ObjectNode root = JSON.createObjectNode();
    root.set("log", log);
    JSON.writerWithDefaultPrettyPrinter().writeValue(file.toFile(), root);
  }

  private synchronized void requestWillBeSent(JsonNode p) {
    Exchange previous = byId.get(p.path("requestId").asText());
    if (previous != null && p.has("redirectResponse")) {
      // A redirect: the same id goes on with a new request; the old one ends here.
      previous.response = p.path("redirectResponse");
      previous.finishedAt = p.path("timestamp").asDouble();
      byId.remove(p.path("requestId").asText());
    }
    Exchange e = exchange(p);
    e.sent = p;
    notifyAll();
  }

  private synchronized void requestExtraInfo(JsonNode p) {
    exchange(p).requestExtra.add(p);
  }

  private synchronized void responseReceived(JsonNode p) {
    exchange(p).response = p.path("response");
  }

  private synchronized void responseExtraInfo(JsonNode p) {
    exchange(p).responseExtra.add(p);
  }

  private synchronized Exchange exchange(JsonNode p) {
    return byId.computeIfAbsent(
        p.path("requestId").asText(),
        id -> {
          Exchange e = new Exchange();
          order.add(e);
          return e;
        });
  }

  private synchronized void finished(JsonNode p, String error) {
    Exchange e = exchange(p);
    e.finishedAt = p.path("timestamp").asDouble();
    e.error = error;
    notifyAll();
  }

  /** One request and its response, as the events showed them. */
  static final class Exchange {
    private JsonNode sent = JSON.createObjectNode();
    private final List<JsonNode> requestExtra = new ArrayList<>();
    private JsonNode response;
    private final List<JsonNode> responseExtra = new ArrayList<>();
    private Double finishedAt;
    private String error;

    /** The URL requested. */
    String url() {
      return sent.path("request").path("url").asText();
    }

    /** The final status, 0 when none came. */
    int status() {
      return response == null ? 0 : response.path("status").asInt();
    }

    /** Why loading failed ({@code net::ERR_...}), or null. */
    String error() {
      return error;
    }

    /** How many raw request header sets ({@code requestWillBeSentExtraInfo}) came. */
    int requestHeaderSets() {
      return requestExtra.size();
    }

    /** How many raw response header sets ({@code responseReceivedExtraInfo}) came. */
    int responseHeaderSets() {
      return responseExtra.size();
    }

    /** Every header name and value of every request and response header set, for inspection. */
    List<String> allHeaderLines() {
      List<String> lines = new ArrayList<>();
      List<JsonNode> sets = new ArrayList<>();
      sets.add(sent.path("request").path("headers"));
      requestExtra.forEach(x -> sets.add(x.path("headers")));
      if (response != null) {
        sets.add(response.path("headers"));
      }
      responseExtra.forEach(x -> sets.add(x.path("headers")));
      for (JsonNode set : sets) {
        for (String[] h : split(set)) {
          lines.add(h[0] + ": " + h[1]);
        }
      }
      return lines;
    }

    private ObjectNode entry() {
      ObjectNode entry = JSON.createObjectNode();
      double wall = sent.path("wallTime").asDouble();
      entry.put("startedDateTime", Instant.ofEpochMilli(Math.round(wall * 1000)).toString());
      ObjectNode timings = timings();
      double time = 0;
      for (JsonNode t : timings) {
        time += Math.max(0, t.asDouble());
      }
      entry.put("time", round(time));
      entry.set("request", request());
      entry.set("response", response());
      entry.putObject("cache");
      entry.set("timings", timings);
      String ip = response.path("remoteIPAddress").asText("");
      entry.put("serverIPAddress", ip.replace("[", "").replace("]", ""));
      String connection = response.path("connectionId").asText("0");
      if (!connection.equals("0")) {
        entry.put("connection", connection);
      }
      entry.putObject("_initiator").put("type", sent.path("initiator").path("type").asText());
      entry.put("_resourceType", sent.path("type").asText("other").toLowerCase(Locale.ROOT));
      return entry;
    }

    private ObjectNode request() {
      JsonNode r = sent.path("request");
      JsonNode headers =
          requestExtra.isEmpty()
              ? r.path("headers")
              : requestExtra.get(requestExtra.size() - 1).path("headers");
      ObjectNode o = JSON.createObjectNode();
      o.put("method", r.path("method").asText());
      o.put("url", r.path("url").asText());
      o.put("httpVersion", protocol());
      ArrayNode hs = o.putArray("headers");
      ArrayNode cookies = o.putArray("cookies");
      for (String[] h : split(headers)) {
        hs.addObject().put("name", h[0]).put("value", h[1]);
        if (h[0].equalsIgnoreCase("Cookie")) {
          for (String c : h[1].split(";")) {
            int eq = c.indexOf('=');
            if (eq > 0) {
              cookies
                  .addObject()
                  .put("name", c.substring(0, eq).strip())
                  .put("value", c.substring(eq + 1).strip());
            }
          }
        }
      }
      o.putArray("queryString");
      o.put("headersSize", -1);
      o.put("bodySize", 0);
      return o;
    }

    private ObjectNode response() {
      JsonNode extra = responseExtra.isEmpty() ? null : responseExtra.get(responseExtra.size() - 1);
      JsonNode headers = extra == null ? response.path("headers") : extra.path("headers");
      String statusLine = extra == null ? "" : extra.path("headersText").asText("");
      String version =
          statusLine.startsWith("HTTP/")
              ? statusLine.substring(0, statusLine.indexOf(' '))
              : protocol();
      ObjectNode o = JSON.createObjectNode();
      o.put("status", response.path("status").asInt());
      o.put("statusText", response.path("statusText").asText(""));
      o.put("httpVersion", version);
      ArrayNode hs = o.putArray("headers");
      ArrayNode cookies = o.putArray("cookies");
      for (String[] h : split(headers)) {
        hs.addObject().put("name", h[0]).put("value", h[1]);
        int eq = h[1].indexOf('=');
        if (h[0].equalsIgnoreCase("Set-Cookie") && eq > 0) {
          int end = h[1].indexOf(';');
          cookies
              .addObject()
              .put("name", h[1].substring(0, eq).strip())
              .put("value", h[1].substring(eq + 1, end < 0 ? h[1].length() : end).strip());
        }
      }
      o.putObject("content")
          .put("size", 0)
          .put("mimeType", response.path("mimeType").asText("x-unknown"));
      o.put("redirectURL", "");
      o.put("headersSize", -1);
      o.put("bodySize", -1);
      return o;
    }

    /** The protocol as the front end names it when no status line shows the version. */
    private String protocol() {
      String p = response.path("protocol").asText("").toLowerCase(Locale.ROOT);
      return p.equals("h2") ? "http/2.0" : p;
    }

    /** HAR timings in ms from the response's {@code timing} (ms offsets from requestTime). */
    private ObjectNode timings() {
      ObjectNode t = JSON.createObjectNode();
      JsonNode timing = response.path("timing");
      if (timing.isMissingNode()) {
        t.put("blocked", -1).put("dns", -1).put("ssl", -1).put("connect", -1);
        t.put("send", 0).put("wait", 0).put("receive", 0);
        return t;
      }
      double base = timing.path("requestTime").asDouble();
      double first = Double.MAX_VALUE;
      for (String k : List.of("dnsStart", "connectStart", "sendStart")) {
        double v = timing.path(k).asDouble(-1);
        if (v >= 0) {
          first = Math.min(first, v);
        }
      }
      double queued = Math.max(0, (base - sent.path("timestamp").asDouble(base)) * 1000);
      t.put("blocked", round(queued + (first == Double.MAX_VALUE ? 0 : first)));
      t.put("dns", span(timing, "dnsStart", "dnsEnd"));
      t.put("ssl", span(timing, "sslStart", "sslEnd"));
      t.put("connect", span(timing, "connectStart", "connectEnd"));
      double sendEnd = timing.path("sendEnd").asDouble();
      double headersEnd = timing.path("receiveHeadersEnd").asDouble();
      t.put("send", round(Math.max(0, sendEnd - timing.path("sendStart").asDouble())));
      t.put("wait", round(Math.max(0, headersEnd - sendEnd)));
      double end = finishedAt == null ? base : finishedAt;
      t.put("receive", round(Math.max(0, (end - base) * 1000 - headersEnd)));
      return t;
    }

    private static double span(JsonNode timing, String start, String end) {
      double s = timing.path(start).asDouble(-1);
      return s < 0 ? -1 : round(timing.path(end).asDouble() - s);
    }

    private static double round(double ms) {
      return Math.round(ms * 1000) / 1000.0;
    }

    /** A DevTools headers object as name/value pairs, a newline-joined value split into lines. */
    private static List<String[]> split(JsonNode headers) {
      List<String[]> out = new ArrayList<>();
      for (Map.Entry<String, JsonNode> h : headers.properties()) {
        for (String line : h.getValue().asText().split("\n")) {
          out.add(new String[] {h.getKey(), line});
        }
      }
      return out;
    }
  }
}
