package io.github.ntlmaffinity.internal.engine;

import io.github.ntlmaffinity.ExchangeRequest;
import io.github.ntlmaffinity.Observation;
import io.github.ntlmaffinity.Replay;
import io.github.ntlmaffinity.wire.DecodeResult;
import io.github.ntlmaffinity.wire.NtlmDecoder;
import java.time.Clock;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;

/**
 * Turns what a live node sees into {@link Observation}s for its observer, at the times the tracker
 * used, so that a {@link Replay} of them decides exactly as the node did. Only built when an
 * observer is configured: a node without one pays nothing.
 */
public final class Recorder {
  private final String node;
  private final Clock clock;
  private final Consumer<Observation> observer;
  private final List<String> cookieNames;
  private final AtomicLong exchanges = new AtomicLong();

  /**
   * Held while a step is recorded and applied to the tracker, so that the recording holds the steps
   * in the order the tracker took them, whatever the threads.
   */
  private final Object lock = new Object();

  public Recorder(
      String node, Clock clock, Consumer<Observation> observer, List<String> cookieNames) {
    this.node = node;
    this.clock = clock;
    this.observer = observer;
    this.cookieNames = cookieNames;
  }

  public TrackedExchange begin(Tracker tracker, ExchangeRequest request) {
    String authorization = request.header("Authorization");
    DecodeResult decoded =
        authorization == null ? null : NtlmDecoder.decodeAuthorization(authorization);
    synchronized (lock) {
      return begin(tracker, request, decoded);
    }
  }

  private TrackedExchange begin(Tracker tracker, ExchangeRequest request, DecodeResult decoded) {
    Instant now = clock.instant();
    TrackedExchange exchange = tracker.begin(request, decoded, now);
    if (decoded == null && !exchange.isTracked()) {
      return exchange;
    }
    long id = exchanges.incrementAndGet();
    observer.accept(
        new Observation.Request(
            now,
            node,
            id,
            request.connection(),
            decoded,
            request.header("Forwarded"),
            request.header("X-Forwarded-For"),
            cookies(request)));
    if (exchange.isTracked()) {
      exchange.record(new Recording(id));
    }
    return exchange;
  }

  public Instant expired() {
    Instant now = clock.instant();
    observer.accept(new Observation.Expiry(now, node));
    return now;
  }

  public Instant closed(String connectionKey) {
    Instant now = clock.instant();
    observer.accept(new Observation.Closed(now, node, connectionKey));
    return now;
  }

  private Map<String, String> cookies(ExchangeRequest request) {
    Map<String, String> found = new LinkedHashMap<>();
    for (String name : cookieNames) {
      String value = request.cookie(name);
      if (value != null) {
        found.put(name, value);
      }
    }
    return found;
  }

  /** The lock under which a step is recorded and applied. */
  public Object lock() {
    return lock;
  }

  /** One exchange's response as it is written. */
  final class Recording {
    private final long id;

    Recording(long id) {
      this.id = id;
    }

    public Object lock() {
      return lock;
    }

    /** Records a WWW-Authenticate value; returns the time the tracker is to use for it. */
    Instant challenge(String wwwAuthenticate) {
      Instant now = clock.instant();
      observer.accept(new Observation.Challenge(now, node, id, wwwAuthenticate));
      return now;
    }

    /** Records the response; returns the time the tracker is to use for it. */
    Instant complete(int status, boolean closes) {
      Instant now = clock.instant();
      observer.accept(new Observation.Response(now, node, id, status, List.of(), closes));
      return now;
    }
  }
}
