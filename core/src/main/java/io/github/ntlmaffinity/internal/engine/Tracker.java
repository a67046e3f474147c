package io.github.ntlmaffinity.internal.engine;

import io.github.ntlmaffinity.ConnectionInfo;
import io.github.ntlmaffinity.ExchangeRequest;
import io.github.ntlmaffinity.Finding;
import io.github.ntlmaffinity.Handshake;
import io.github.ntlmaffinity.NtlmAffinity;
import io.github.ntlmaffinity.Sink;
import io.github.ntlmaffinity.internal.OnceLogger;
import io.github.ntlmaffinity.internal.config.Settings;
import io.github.ntlmaffinity.internal.publish.Publisher;
import io.github.ntlmaffinity.wire.AuthScheme;
import io.github.ntlmaffinity.wire.AuthenticateMessage;
import io.github.ntlmaffinity.wire.ChallengeMessage;
import io.github.ntlmaffinity.wire.DecodeResult;
import io.github.ntlmaffinity.wire.MessageType;
import io.github.ntlmaffinity.wire.NegotiateMessage;
import io.github.ntlmaffinity.wire.NtlmDecoder;
import io.github.ntlmaffinity.wire.NtlmMessage;
import java.time.Clock;
import java.time.Instant;
import java.util.List;

/**
 * The handshake tracker: turns observed NTLM messages, each with its connection and client, into
 * handshakes and findings. It holds the lock and the order of operations; what each leg does to a
 * handshake is in {@link Legs}, the tables in {@link Tables}, the judgement about an AUTHENTICATE
 * in {@link Correlator}, every sentence in {@link FindingWords} and {@link AuthenticateWords}, how
 * handshakes and connections end in {@link Endings}, and delivery in {@link Publisher}.
 *
 * <p>Decoding happens outside any lock. NTLM bookkeeping happens under one lock, held for
 * microseconds: NTLM messages are a small share of traffic and one lock keeps every decision
 * atomic. Requests without NTLM touch no lock unless their connection is a tracked NTLM connection.
 * Sinks are called after the lock is released. A handshake's view is published when a response to
 * one of its legs completes (with the status) or when something else ends it, not as each request
 * arrives: every source completes what it began (the filter as the response ends, a replay with the
 * response it read), and the view a request would publish is superseded microseconds later.
 */
public final class Tracker {
  private final Settings settings;
  private final Clock clock;
  public final CounterSet counters = new CounterSet();
  private final Tables tables;
  private final FindingWords words;
  private final Publisher publisher;

  /** What the operation under the lock found and changed; guarded by the lock. */
  private final Outbox outbox = new Outbox();

  private final Endings endings;
  private final Legs legs;
  private final Object lock = new Object();

  /**
   * @param sinks where findings and handshake updates go, each isolated from the others; a sink
   *     that throws is counted as an internal error
   */
  public Tracker(Settings settings, Clock clock, List<Sink> sinks, OnceLogger failures) {
    this.settings = settings;
    this.clock = clock;
    this.tables = new Tables(settings, counters);
    this.words = new FindingWords(settings.nodeName(), settings.balancer());
    this.publisher = new Publisher(sinks, counters, failures);
    this.endings = new Endings(settings, counters, tables, words);
    this.legs = new Legs(this, settings, counters, tables, endings, words);
  }

  // ---- requests ----------------------------------------------------------------------------

  /** Observes a request; the returned exchange is told about the response. */
  public TrackedExchange begin(ExchangeRequest request) {
    String authorization = request.header("Authorization");
    if (authorization == null) {
      // Most requests: decided here, so that this path stays small enough to inline.
      return tables.isEmpty() ? TrackedExchange.NONE : plain(request, null);
    }
    return begin(request, NtlmDecoder.decodeAuthorization(authorization), null);
  }

  /**
   * Observes a request whose {@code Authorization} header is already decoded ({@code null}: none).
   *
   * @param at when it happened by the source's clock, or {@code null} for this tracker's clock
   */
  public TrackedExchange begin(ExchangeRequest request, DecodeResult decoded, Instant at) {
    if (decoded instanceof DecodeResult.Ntlm ntlm) {
      return ntlm(request, ntlm, at);
    }
    if (decoded instanceof DecodeResult.Malformed bad) {
      counters.malformedTokens.increment();
      ConnectionInfo info = request.connection();
      publisher.publish(
          List.of(words.malformed(bad, info, clientOf(request, info), now(at))), List.of());
      return plain(request, at);
    }
    if (decoded instanceof DecodeResult.OtherMechanism) {
      counters.otherMechanismTokens.increment();
    }
    return plain(request, at);
  }

  /** {@code at}, or this tracker's clock when the source gave no time. */
  private Instant now(Instant at) {
    return at != null ? at : clock.instant();
  }

  /** A request without NTLM: only of interest on a connection that carried NTLM. */
  private TrackedExchange plain(ExchangeRequest request, Instant at) {
    if (tables.isEmpty()) {
      return TrackedExchange.NONE;
    }
    ConnectionState conn = tables.lookup(request.connectionKey());
    if (conn == null) {
      return TrackedExchange.NONE;
    }
    ConnectionInfo info = request.connection();
    ClientId client = clientOf(request, info);
    Instant now = now(at);
    List<Handshake> views;
    List<Finding> found;
    synchronized (lock) {
      Outbox out = outbox.cleared();
      conn.lastSeenMillis = now.toEpochMilli();
      HandshakeState waiting = conn.pending;
      if (waiting != null) {
        boolean otherClient = waiting.client != null && waiting.client.differsFrom(client);
        endings.abandon(
            waiting,
            otherClient ? FindingWords.otherClientFirst(client) : FindingWords.OTHER_REQUEST_FIRST,
            now,
            out);
        if (otherClient) {
          out.found(words.sharedWhileWaiting(waiting, info, client, now));
        }
      }
      endings.sharedCheck(conn, info, client, false, now, out);
      views = out.views();
      found = out.findings();
    }
    publisher.publish(found, views);
    return new TrackedExchange(this, conn, null, null, -1, client);
  }

  private TrackedExchange ntlm(ExchangeRequest request, DecodeResult.Ntlm decoded, Instant at) {
    NtlmMessage message = decoded.message();
    ConnectionInfo info = request.connection();
    ClientId client = clientOf(request, info);
    Instant now = now(at);
    long nowMillis = now.toEpochMilli();
    counters.message(message.type(), decoded.scheme());
    // Names are decoded when first read: read them here, outside the lock.
    String summary = StoredNames.cut(message.summary(), StoredNames.MAX_SUMMARY);
    StoredNames names = message instanceof AuthenticateMessage a ? StoredNames.of(a) : null;
    String workstation =
        message instanceof NegotiateMessage n
            ? StoredNames.cut(n.workstation(), StoredNames.MAX_NAME)
            : null;
    List<Handshake> views;
    List<Finding> found;
    TrackedExchange exchange;
    synchronized (lock) {
      Outbox out = outbox.cleared();
      endings.sweep(nowMillis, out);
      ConnectionState conn = tables.connection(info, nowMillis);
      conn.lastSeenMillis = nowMillis;
      if (info.isMultiplexed() && !conn.multiplexedReported) {
        conn.multiplexedReported = true;
        out.found(words.overHttp2(message.type(), info, client, now));
      }
      endings.sharedCheck(conn, info, client, true, now, out);
      if (decoded.isNegotiateFallback()
          && message.type() == MessageType.NEGOTIATE
          && tables.firstFallback(client.display())) {
        out.found(words.fellBack(info, client, now));
      }
      if (message instanceof AuthenticateMessage a) {
        exchange = legs.authenticate(conn, client, a, names, summary, now, out);
      } else if (message instanceof ChallengeMessage) {
        out.found(words.challengeInRequest(info, client, now));
        exchange = new TrackedExchange(this, conn, null, null, -1, client);
      } else {
        exchange = legs.negotiate(conn, client, summary, workstation, now, out);
      }
      views = out.views();
      found = out.findings();
    }
    publisher.publish(found, views);
    return exchange;
  }

  // ---- responses ---------------------------------------------------------------------------

  /** A WWW-Authenticate value set on the response of {@code exchange}. */
  void challenge(TrackedExchange exchange, String wwwAuthenticate, Instant at) {
    challenge(exchange, NtlmDecoder.decodeWwwAuthenticate(wwwAuthenticate), at);
  }

  /** {@link #challenge(TrackedExchange, String, Instant)} with the value decoded. */
  void challenge(TrackedExchange exchange, List<DecodeResult> wwwAuthenticate, Instant at) {
    ChallengeMessage challenge = null;
    AuthScheme scheme = null;
    for (DecodeResult r : wwwAuthenticate) {
      if (r instanceof DecodeResult.Ntlm n && n.message() instanceof ChallengeMessage c) {
        challenge = c;
        scheme = n.scheme();
        break;
      }
    }
    if (challenge == null) {
      return;
    }
    counters.message(MessageType.CHALLENGE, scheme);
    // Names are decoded when first read: read them here, outside the lock.
    String summary = StoredNames.cut(challenge.summary(), StoredNames.MAX_SUMMARY);
    String nbName = StoredNames.cut(challenge.targetInfo().nbComputerName(), StoredNames.MAX_NAME);
    String dnsName =
        StoredNames.cut(challenge.targetInfo().dnsComputerName(), StoredNames.MAX_NAME);
    Long timestamp = challenge.targetInfo().timestamp();
    Instant now = now(at);
    synchronized (lock) {
      legs.challenge(exchange, summary, nbName, dnsName, timestamp, now);
    }
  }

  /** The response of {@code exchange} completed. */
  void complete(TrackedExchange exchange, int status, boolean closes, Instant at) {
    Instant now = now(at);
    List<Handshake> views;
    List<Finding> found;
    synchronized (lock) {
      Outbox out = outbox.cleared();
      ConnectionState conn = exchange.connection;
      legs.completed(exchange, status, closes, now, out);
      if (closes) {
        endings.close(conn, now, out);
      }
      views = out.views();
      found = out.findings();
    }
    publisher.publish(found, views);
  }

  /** The container closed a connection. */
  public void closed(String connectionKey, Instant at) {
    ConnectionState conn = tables.lookup(connectionKey);
    if (conn == null) {
      return;
    }
    Instant now = now(at);
    List<Handshake> views;
    List<Finding> found;
    synchronized (lock) {
      Outbox out = outbox.cleared();
      endings.close(conn, now, out);
      views = out.views();
      found = out.findings();
    }
    publisher.publish(found, views);
  }

  /** Expires what has timed out; called on traffic and by {@link NtlmAffinity#expire()}. */
  public void expire(Instant at) {
    Instant now = now(at);
    List<Handshake> views;
    List<Finding> found;
    synchronized (lock) {
      Outbox out = outbox.cleared();
      tables.sweepNow();
      endings.sweep(now.toEpochMilli(), out);
      views = out.views();
      found = out.findings();
    }
    publisher.publish(found, views);
  }

  /**
   * Learns the NTLM name of another node (a replay of several nodes' traffic knows them all), so
   * that an AUTHENTICATE answering that node's CHALLENGE is recognised as foreign even before this
   * node has issued a CHALLENGE of its own. The live filter never calls it.
   */
  public void learnPeerName(String name) {
    synchronized (lock) {
      tables.learnPeerName(name);
    }
  }

  private ClientId clientOf(ExchangeRequest request, ConnectionInfo info) {
    return ClientId.resolve(request, info, settings.trustedProxies(), settings.affinityCookies());
  }

  public void internalError(String where, Throwable e) {
    publisher.internalError(where, e);
  }

  // ---- views -------------------------------------------------------------------------------

  /** The last number given to a finding or handshake version; 0 before any. */
  public long sequence() {
    return publisher.sequence();
  }

  public List<String> ownNames() {
    return tables.ownNames();
  }

  /** The estimated bytes the connection and challenge tables retain now. */
  public long retainedBytes() {
    synchronized (lock) {
      return tables.retainedBytes();
    }
  }

  public int trackedConnections() {
    return tables.connections();
  }

  public int trackedChallenges() {
    synchronized (lock) {
      return tables.challenges();
    }
  }
}
