package io.github.ntlmaffinity;

import io.github.ntlmaffinity.internal.OnceLogger;
import io.github.ntlmaffinity.wire.AuthScheme;
import io.github.ntlmaffinity.wire.AuthenticateMessage;
import io.github.ntlmaffinity.wire.ChallengeMessage;
import io.github.ntlmaffinity.wire.DecodeResult;
import io.github.ntlmaffinity.wire.MessageType;
import io.github.ntlmaffinity.wire.NtlmDecoder;
import io.github.ntlmaffinity.wire.NtlmMessage;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The handshake tracker: turns observed NTLM messages, each with its connection and client, into
 * handshakes and findings.
 *
 * <p>Decoding happens outside any lock. NTLM bookkeeping happens under one lock, held for
 * microseconds: NTLM messages are a small share of traffic and one lock keeps every decision
 * atomic. Requests without NTLM touch no lock unless their connection is a tracked NTLM connection.
 * Sinks are called after the lock is released.
 */
final class Tracker {
  private static final String NO_CHALLENGE_YET = "this node has not sent a CHALLENGE yet";

  private final Settings settings;
  private final Clock clock;
  private final Sink sink;
  final CounterSet counters = new CounterSet();
  private final OnceLogger failures;

  private final Object lock = new Object();
  private final Object publishing = new Object();
  private long connectionBytes;
  private long sequence;
  private final ConcurrentHashMap<String, ConnectionState> connections = new ConcurrentHashMap<>();
  private final ArrayDeque<ConnectionState> connectionOrder = new ArrayDeque<>();
  private final ChallengeTable challenges;
  private final LinkedHashMap<String, ClientWindow> clientWindows;
  private final Set<String> fallbackClients;
  private final Set<String> ownNames = new LinkedHashSet<>();
  private final Set<String> peerNames = new LinkedHashSet<>();
  private volatile List<String> ownNamesView = List.of();
  private boolean issuedTimestamps;
  private long handshakeSeq;
  private long nextSweepMillis;

  /**
   * @param sinks where findings and handshake updates go, each isolated from the others; a sink
   *     that throws is counted as an internal error
   */
  Tracker(Settings settings, Clock clock, List<Sink> sinks, OnceLogger failures) {
    this.settings = settings;
    this.clock = clock;
    this.failures = failures;
    this.sink = new CompositeSink(sinks, this::internalError);
    this.challenges = new ChallengeTable(settings.maxChallenges());
    this.clientWindows = boundedMap(settings.maxConnections());
    this.fallbackClients =
        java.util.Collections.newSetFromMap(boundedMap(settings.maxConnections()));
    for (String name : settings.ntlmNames()) {
      ownNames.add(name.toUpperCase(Locale.ROOT));
    }
    ownNamesView = List.copyOf(settings.ntlmNames());
  }

  // ---- requests ----------------------------------------------------------------------------

  /** Observes a request; the returned exchange is told about the response. */
  Exchange begin(ExchangeRequest request) {
    String authorization = request.header("Authorization");
    if (authorization == null) {
      return plain(request, null);
    }
    return begin(request, NtlmDecoder.decodeAuthorization(authorization), null);
  }

  /**
   * Observes a request whose {@code Authorization} header is already decoded ({@code null}: none).
   *
   * @param at when it happened by the source's clock, or {@code null} for this tracker's clock
   */
  Exchange begin(ExchangeRequest request, DecodeResult decoded, Instant at) {
    if (decoded instanceof DecodeResult.Ntlm ntlm) {
      return ntlm(request, ntlm, at);
    }
    if (decoded instanceof DecodeResult.Malformed bad) {
      return malformed(request, bad, at);
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
  private Exchange plain(ExchangeRequest request, Instant at) {
    if (connections.isEmpty()) {
      return Exchange.NONE;
    }
    ConnectionState conn = connections.get(request.connectionKey());
    if (conn == null) {
      return Exchange.NONE;
    }
    ConnectionInfo info = request.connection();
    ClientId client = clientOf(request, info);
    Instant now = now(at);
    List<Finding> found = new ArrayList<>(1);
    List<Handshake> changed = new ArrayList<>(1);
    synchronized (lock) {
      conn.lastSeenMillis = now.toEpochMilli();
      HandshakeState waiting = conn.pending;
      if (waiting != null) {
        boolean otherClient = waiting.client != null && waiting.client.differsFrom(client);
        abandon(
            waiting,
            otherClient
                ? "a request of another end client (" + client.display() + ") arrived there first"
                : "another request arrived on its connection first",
            now,
            found,
            changed);
        if (otherClient) {
          found.add(
              finding(
                  FindingType.CONNECTION_SHARED_BY_CLIENTS,
                  now,
                  waiting,
                  info,
                  null,
                  null,
                  client,
                  "connection "
                      + info.key()
                      + " (peer "
                      + info.peer()
                      + ") carries a request of "
                      + client.display()
                      + " without credentials while the login of "
                      + waiting.client.display()
                      + " waits there for its AUTHENTICATE: the balancer shares a backend"
                      + " connection between clients in the middle of a handshake"));
        }
      }
      sharedCheck(conn, info, client, false, now, found);
    }
    publish(found, changed);
    return new Exchange(this, conn, null, null, -1, client);
  }

  private Exchange malformed(ExchangeRequest request, DecodeResult.Malformed bad, Instant at) {
    counters.malformedTokens.increment();
    ConnectionInfo info = request.connection();
    ClientId client = clientOf(request, info);
    Finding f =
        finding(
            FindingType.MALFORMED_TOKEN,
            now(at),
            null,
            info,
            null,
            null,
            client,
            "Authorization "
                + (bad.scheme() == null ? "header" : bad.scheme().headerName() + " token")
                + " is malformed: "
                + bad.reason()
                + " at "
                + (bad.reason().layer().ordinal() <= 1 ? "character " : "byte ")
                + bad.offset()
                + " ("
                + bad.detail()
                + ")");
    publish(List.of(f), List.of());
    return plain(request, at);
  }

  private Exchange ntlm(ExchangeRequest request, DecodeResult.Ntlm decoded, Instant at) {
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
        message instanceof io.github.ntlmaffinity.wire.NegotiateMessage n
            ? StoredNames.cut(n.workstation(), StoredNames.MAX_NAME)
            : null;
    List<Finding> found = new ArrayList<>(2);
    List<Handshake> changed = new ArrayList<>(2);
    Exchange exchange;
    synchronized (lock) {
      sweep(nowMillis, found, changed);
      ConnectionState conn = connection(info, nowMillis);
      conn.lastSeenMillis = nowMillis;
      if (info.isMultiplexed() && !conn.multiplexedReported) {
        conn.multiplexedReported = true;
        found.add(
            finding(
                FindingType.NTLM_OVER_HTTP2,
                now,
                null,
                info,
                null,
                null,
                client,
                message.type()
                    + " arrived over "
                    + info.protocol()
                    + " on connection "
                    + info.key()
                    + ": HTTP/2 and HTTP/3 multiplex requests of many clients on one connection,"
                    + " so a connection-bound NTLM login cannot hold"));
      }
      sharedCheck(conn, info, client, true, now, found);
      if (decoded.isNegotiateFallback() && message.type() == MessageType.NEGOTIATE) {
        fallbackCheck(info, client, now, found);
      }
      if (message instanceof AuthenticateMessage a) {
        exchange = authenticate(conn, client, a, names, summary, now, found, changed);
      } else if (message instanceof ChallengeMessage) {
        found.add(
            finding(
                FindingType.MALFORMED_TOKEN,
                now,
                null,
                info,
                null,
                null,
                client,
                "a CHALLENGE message arrived in a request's Authorization header, where only"
                    + " NEGOTIATE and AUTHENTICATE belong"));
        exchange = new Exchange(this, conn, null, null, -1, client);
      } else {
        exchange = negotiate(conn, client, summary, workstation, now, found, changed);
      }
    }
    publish(found, changed);
    return exchange;
  }

  private Exchange negotiate(
      ConnectionState conn,
      ClientId client,
      String summary,
      String workstation,
      Instant now,
      List<Finding> found,
      List<Handshake> changed) {
    HandshakeState superseded = conn.pending;
    if (superseded != null) {
      abandon(superseded, "a new NEGOTIATE arrived on its connection", now, found, changed);
    }
    if (conn.current != null && conn.current.isOpen() && conn.current.challenge == null) {
      // A NEGOTIATE that got no CHALLENGE is simply superseded.
      end(conn.current, Handshake.Outcome.FAILED, now, found);
      changed.add(conn.current.view());
    }
    HandshakeState h = newHandshake(now, client);
    h.negotiateWorkstation = workstation;
    if (superseded != null) {
      superseded.interleavedHandshake = h.id;
      superseded.interleavedClient = client.display();
    }
    int leg = h.leg(MessageType.NEGOTIATE, now, conn.info, client, summary, null);
    conn.current = h;
    counters.handshakesStarted.increment();
    changed.add(h.view());
    return new Exchange(this, conn, h, MessageType.NEGOTIATE, leg, client);
  }

  private Exchange authenticate(
      ConnectionState conn,
      ClientId client,
      AuthenticateMessage a,
      StoredNames names,
      String summary,
      Instant now,
      List<Finding> found,
      List<Handshake> changed) {
    ConnectionInfo info = conn.info;
    Long timestamp = a.challengeTimestamp();
    String issuer = names.issuer();
    HandshakeState h = null;
    FindingType problem = null;
    ConnectionState issuedOn = null;
    String why = null;
    if (issuer != null
        && !isOwnName(issuer)
        && (!ownNames.isEmpty() || peerNames.contains(issuer.toUpperCase(Locale.ROOT)))) {
      problem = FindingType.HANDSHAKE_SPLIT_ACROSS_NODES;
      why = "a CHALLENGE issued by " + issuer + stamp(a) + ", not by this node";
    } else if (timestamp != null) {
      ChallengeRecord record = challenges.find(timestamp, conn);
      ChallengeTable.Retired retired = record == null ? challenges.retired(timestamp) : null;
      if (record == null && answersCurrent(conn, timestamp)) {
        // A second AUTHENTICATE for the challenge of this connection's handshake, e.g. on
        // another HTTP/2 stream: the same handshake, not a split.
        h = conn.current;
      } else if (retired == ChallengeTable.Retired.EVICTED) {
        problem = FindingType.UNMATCHED_AUTHENTICATE;
        why =
            "it answers a CHALLENGE"
                + stamp(a)
                + " that this node issued but dropped from its table before the AUTHENTICATE"
                + " came, to stay within maxChallenges ("
                + settings.maxChallenges()
                + "); nothing is known about the balancer from it";
      } else if (retired == ChallengeTable.Retired.ANSWERED) {
        problem = FindingType.UNMATCHED_AUTHENTICATE;
        why =
            "it answers a CHALLENGE"
                + stamp(a)
                + " that was already answered by another AUTHENTICATE: a replayed or repeated"
                + " AUTHENTICATE, which the acceptor refuses";
      } else if (record != null) {
        challenges.close(record);
        h = record.handshake;
        issuedOn = record.connection;
        if (issuedOn.pending == h) {
          issuedOn.pending = null;
        }
        if (issuedOn != conn) {
          problem = FindingType.HANDSHAKE_SPLIT_ACROSS_CONNECTIONS;
        } else if (h.interleavedHandshake != null) {
          problem = FindingType.CONNECTION_SHARED_BY_CLIENTS;
        }
      } else if (!issuedTimestamps) {
        problem = FindingType.UNMATCHED_AUTHENTICATE;
        why =
            "it answers a CHALLENGE"
                + (issuer == null ? "" : " issued by " + issuer)
                + stamp(a)
                + ", but "
                + NO_CHALLENGE_YET
                + " to compare it with";
      } else if (now.toEpochMilli() - a.echoedTargetInfo().timestampInstant().toEpochMilli()
          > settings.challengeTimeout().toMillis()) {
        problem = FindingType.UNMATCHED_AUTHENTICATE;
        why =
            "it answers a CHALLENGE stamped"
                + stamp(a)
                + ", older than the "
                + settings.challengeTimeout().toSeconds()
                + " s challenge timeout (or issued before this node restarted)";
      } else {
        problem = FindingType.HANDSHAKE_SPLIT_ACROSS_NODES;
        why =
            "a CHALLENGE"
                + (issuer == null ? "" : " naming " + issuer)
                + " stamped"
                + stamp(a)
                + " that this node never issued (nodes that share a computer name can only be"
                + " told apart by timestamp)";
      }
    } else if (conn.pending != null && !sameLogin(conn.pending, client, names)) {
      // No timestamp, and the challenge waiting here is another login's (another end client or
      // workstation): look for this client's own challenge elsewhere.
      HandshakeState mine = openChallengeOf(client, names, conn);
      HandshakeState theirs = conn.pending;
      if (mine != null) {
        h = mine;
        issuedOn = mine.challenge.connection;
        challenges.close(mine.challenge);
        if (issuedOn.pending == mine) {
          issuedOn.pending = null;
        }
        problem = FindingType.HANDSHAKE_SPLIT_ACROSS_CONNECTIONS;
      } else {
        problem = FindingType.UNMATCHED_AUTHENTICATE;
        why =
            a.responseKind().label()
                + " response names no challenge, and the CHALLENGE waiting on this connection"
                + " was sent to another login (end client "
                + (theirs.client == null ? "unknown" : theirs.client.display())
                + (theirs.negotiateWorkstation == null
                    ? ""
                    : ", workstation " + theirs.negotiateWorkstation)
                + "): this AUTHENTICATE's NEGOTIATE and CHALLENGE went over another connection or"
                + " node";
      }
    } else if (conn.pending != null) {
      // No timestamp to match (NTLMv1, LM, or a CHALLENGE without one): the connection decides.
      h = conn.pending;
      if (h.challenge != null) {
        challenges.close(h.challenge);
      }
      conn.pending = null;
    } else if (conn.current != null && conn.current.isOpen()) {
      h = conn.current;
    } else {
      problem = FindingType.UNMATCHED_AUTHENTICATE;
      why =
          a.responseKind().label()
              + " response names no challenge, and no CHALLENGE is waiting on this connection:"
              + " its NEGOTIATE and CHALLENGE went over another connection or node";
    }
    if (conn.pending != null && conn.pending != h) {
      abandon(
          conn.pending,
          "an AUTHENTICATE answering another challenge arrived on its connection",
          now,
          found,
          changed);
    }
    if (h == null) {
      // An orphan leg: keep a record so the diagnostics view shows it.
      h = newHandshake(now, client);
    }
    h.user = names.user();
    h.domain = names.domain();
    h.workstation = names.workstation();
    if (problem == FindingType.HANDSHAKE_SPLIT_ACROSS_CONNECTIONS) {
      found.add(
          authFinding(
              problem,
              names,
              conn,
              h,
              issuedOn.info,
              null,
              client,
              now,
              "AUTHENTICATE for "
                  + names.qualifiedUser()
                  + " arrived on connection "
                  + info.key()
                  + " (peer "
                  + info.peer()
                  + ") but answers the CHALLENGE this node sent on connection "
                  + issuedOn.info.key()
                  + " (peer "
                  + issuedOn.info.peer()
                  + ") at "
                  + h.challenge.issued.truncatedTo(ChronoUnit.MILLIS)
                  + ": the balancer moved the handshake to another backend connection, where the"
                  + " acceptor has no context for it"));
      // The handshake goes on, on the wrong connection: its outcome is the AUTHENTICATE's status.
      reportAbandoned(
          h,
          "its AUTHENTICATE arrived on connection " + info.key() + " instead",
          now,
          found,
          false);
    } else if (problem == FindingType.CONNECTION_SHARED_BY_CLIENTS) {
      found.add(
          authFinding(
              problem,
              names,
              conn,
              h,
              null,
              null,
              client,
              now,
              received(names, info)
                  + " answers the CHALLENGE sent there at "
                  + h.challenge.issued.truncatedTo(ChronoUnit.MILLIS)
                  + (h.client == null ? "" : " to end client " + h.client.display())
                  + ", but another login's NEGOTIATE (end client "
                  + h.interleavedClient
                  + ", handshake "
                  + h.interleavedHandshake
                  + ") came on the same connection in between and replaced the acceptor's"
                  + " context: the balancer shares a pooled backend connection between clients"
                  + " in the middle of a handshake"));
    } else if (problem == FindingType.HANDSHAKE_SPLIT_ACROSS_NODES) {
      found.add(
          authFinding(
              problem,
              names,
              conn,
              h,
              null,
              issuer,
              client,
              now,
              received(names, info)
                  + " answers "
                  + why
                  + (ownNamesView.isEmpty()
                      ? " (this node has sent no CHALLENGE yet, but the name is another node's)"
                      : " (" + String.join("/", ownNamesView) + ")")
                  + ": the balancer sent the handshake's legs to different nodes"));
    } else if (problem == FindingType.UNMATCHED_AUTHENTICATE) {
      found.add(
          authFinding(
              problem,
              names,
              conn,
              h,
              null,
              issuer,
              client,
              now,
              received(names, info) + " cannot be tied to a CHALLENGE: " + why));
    }
    if (a.responseKind().isWeak()) {
      found.add(
          authFinding(
              FindingType.WEAK_NTLM,
              names,
              conn,
              h,
              null,
              null,
              client,
              now,
              a.isAnonymous()
                  ? "anonymous NTLM authentication on connection " + info.key()
                  : names.qualifiedUser()
                      + " authenticated with "
                      + a.responseKind().label()
                      + ", which can be cracked offline or relayed"));
    }
    if (h.client == null) {
      h.client = client;
    }
    int leg = h.leg(MessageType.AUTHENTICATE, now, info, client, summary, names.user());
    conn.current = h;
    changed.add(h.view());
    return new Exchange(this, conn, h, MessageType.AUTHENTICATE, leg, client);
  }

  /**
   * Whether an AUTHENTICATE without a timestamp may answer {@code pending}: not when the two
   * certainly come from different end clients (forwarded address, affinity cookie) or name
   * different workstations.
   */
  private static boolean sameLogin(HandshakeState pending, ClientId client, StoredNames names) {
    if (pending.client != null && pending.client.differsFrom(client)) {
      return false;
    }
    String before = pending.negotiateWorkstation;
    String now = names.workstation();
    return before == null
        || before.isEmpty()
        || now == null
        || now.isEmpty()
        || before.equalsIgnoreCase(now);
  }

  /**
   * The newest open challenge, on another connection, of a login this AUTHENTICATE can be: same end
   * client, not certainly another; among the newest {@value ChallengeTable#SCAN_LIMIT} challenges
   * only, to bound the work. {@code null} when there is none, or more than one.
   */
  private HandshakeState openChallengeOf(ClientId client, StoredNames names, ConnectionState on) {
    HandshakeState found = null;
    for (ChallengeRecord r : challenges.newestOpen()) {
      HandshakeState h = r.handshake;
      if (r.connection != on
          && h.client != null
          && h.client.equals(client)
          && sameLogin(h, client, names)) {
        if (found != null) {
          return null;
        }
        found = h;
      }
    }
    return found;
  }

  /** Whether {@code timestamp} is that of the challenge of the connection's open handshake. */
  private static boolean answersCurrent(ConnectionState conn, long timestamp) {
    HandshakeState current = conn.current;
    return current != null
        && current.isOpen()
        && current.challenge != null
        && current.challenge.timestamp != null
        && current.challenge.timestamp == timestamp;
  }

  /** {@code AUTHENTICATE for DOMAIN\\user on connection K (peer P)}. */
  private static String received(StoredNames names, ConnectionInfo info) {
    return "AUTHENTICATE for "
        + names.qualifiedUser()
        + " on connection "
        + info.key()
        + " (peer "
        + info.peer()
        + ")";
  }

  private HandshakeState newHandshake(Instant now, ClientId client) {
    return new HandshakeState(
        settings.nodeName() + "-" + ++handshakeSeq, settings.nodeName(), now, client);
  }

  // ---- responses ---------------------------------------------------------------------------

  /** A WWW-Authenticate value set on the response of {@code exchange}. */
  void challenge(Exchange exchange, String wwwAuthenticate, Instant at) {
    ChallengeMessage challenge = null;
    AuthScheme scheme = null;
    for (DecodeResult r : NtlmDecoder.decodeWwwAuthenticate(wwwAuthenticate)) {
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
    List<Finding> found = new ArrayList<>(1);
    List<Handshake> changed = new ArrayList<>(1);
    synchronized (lock) {
      ConnectionState conn = exchange.connection;
      HandshakeState h = exchange.handshake;
      if (h == null || h.challenge != null) {
        // A CHALLENGE answering something that was not a fresh NEGOTIATE: nothing to attach.
        return;
      }
      learnNames(nbName, dnsName);
      if (timestamp != null) {
        issuedTimestamps = true;
      }
      ChallengeRecord record = new ChallengeRecord(timestamp, conn, h, now);
      h.challenge = record;
      conn.pending = h;
      h.leg(MessageType.CHALLENGE, now, conn.info, null, summary, null);
      record.bytes = h.estimatedBytes();
      for (ChallengeRecord evicted : challenges.add(record)) {
        evicted(evicted);
      }
      keepWithinBytes(conn);
      changed.add(h.view());
    }
    publish(found, changed);
  }

  /** The response of {@code exchange} completed. */
  void complete(Exchange exchange, int status, boolean closes, Instant at) {
    Instant now = now(at);
    List<Finding> found = new ArrayList<>(1);
    List<Handshake> changed = new ArrayList<>(1);
    synchronized (lock) {
      ConnectionState conn = exchange.connection;
      HandshakeState h = exchange.handshake;
      if (h != null) {
        h.status(exchange.leg, status);
        if (exchange.type == MessageType.NEGOTIATE) {
          h.status(MessageType.CHALLENGE, status);
          if (h.challenge == null) {
            if (h.isOpen() && status != 401) {
              end(h, Handshake.Outcome.FAILED, now, found);
            }
          } else if (closes && h.challenge.open) {
            h.challengeReported = true;
            found.add(
                finding(
                    FindingType.CHALLENGE_ON_CLOSING_CONNECTION,
                    now,
                    h,
                    conn.info,
                    null,
                    null,
                    h.client,
                    "the 401 carrying the CHALLENGE on connection "
                        + conn.info.key()
                        + " (peer "
                        + conn.info.peer()
                        + ") also closed the connection, so the AUTHENTICATE must come on"
                        + " another one, where no acceptor has its context"));
          }
        } else if (exchange.type == MessageType.AUTHENTICATE
            && (h.isOpen() || h.outcome == Handshake.Outcome.ABANDONED)) {
          // An abandoned handshake whose AUTHENTICATE came after all ends as it is answered.
          if (status < 400) {
            end(h, Handshake.Outcome.SUCCEEDED, now, found);
            counters.handshakesSucceeded.increment();
            otherUserCheck(conn, h, now, found);
            conn.authenticated = exchange.client;
            conn.authenticatedUser = h.user;
            conn.authenticatedWorkstation = h.workstation;
            conn.sharedWith = null;
          } else {
            end(h, Handshake.Outcome.FAILED, now, found);
            counters.handshakesFailed.increment();
          }
        }
        changed.add(h.view());
      }
      if (closes) {
        close(conn, "its connection closed", now, found, changed);
      }
    }
    publish(found, changed);
  }

  /** The container closed a connection. */
  void closed(String connectionKey, Instant at) {
    ConnectionState conn = connections.get(connectionKey);
    if (conn == null) {
      return;
    }
    Instant now = now(at);
    List<Finding> found = new ArrayList<>(1);
    List<Handshake> changed = new ArrayList<>(1);
    synchronized (lock) {
      close(conn, "its connection closed", now, found, changed);
    }
    publish(found, changed);
  }

  /** Expires what has timed out; called on traffic and by {@link NtlmAffinity#expire()}. */
  void expire(Instant at) {
    Instant now = now(at);
    List<Finding> found = new ArrayList<>();
    List<Handshake> changed = new ArrayList<>();
    synchronized (lock) {
      nextSweepMillis = Long.MIN_VALUE;
      sweep(now.toEpochMilli(), found, changed);
    }
    publish(found, changed);
  }

  // ---- bookkeeping (under lock) -----------------------------------------------------------

  private void sweep(long nowMillis, List<Finding> found, List<Handshake> changed) {
    if (nowMillis < nextSweepMillis) {
      return;
    }
    nextSweepMillis = nowMillis + settings.sweepInterval().toMillis();
    Instant now = Instant.ofEpochMilli(nowMillis);
    long timeout = settings.challengeTimeout().toMillis();
    for (ChallengeRecord r : challenges.expire(nowMillis - timeout)) {
      ConnectionState conn = r.connection;
      if (conn.pending == r.handshake) {
        conn.pending = null;
      }
      reportAbandoned(
          r.handshake,
          "no AUTHENTICATE came within the "
              + settings.challengeTimeout().toSeconds()
              + " s challenge timeout",
          now,
          found);
      changed.add(r.handshake.view());
    }
    long idle = settings.connectionIdleTimeout().toMillis();
    Iterator<ConnectionState> it = connectionOrder.iterator();
    while (it.hasNext()) {
      ConnectionState conn = it.next();
      if (connections.get(conn.key) != conn) {
        it.remove();
      } else if (nowMillis - conn.lastSeenMillis > idle && conn.pending == null) {
        forget(conn);
        it.remove();
      }
    }
  }

  private ConnectionState connection(ConnectionInfo info, long nowMillis) {
    String key = info.key();
    ConnectionState conn = connections.get(key);
    if (conn != null) {
      return conn;
    }
    conn = new ConnectionState(info, nowMillis);
    connections.put(key, conn);
    connectionBytes += conn.bytes;
    connectionOrder.addLast(conn);
    if (connectionOrder.size() > 2 * settings.maxConnections()) {
      // Closed connections linger in the order until a sweep, and sweeps follow the clock, not
      // the traffic: drop them all at once (amortized O(1)) so the order stays within its cap.
      connectionOrder.removeIf(c -> connections.get(c.key) != c);
    }
    while (connections.size() > settings.maxConnections() && !connectionOrder.isEmpty()) {
      ConnectionState eldest = connectionOrder.pollFirst();
      if (eldest != conn && connections.get(eldest.key) == eldest) {
        // Its challenge stays matchable by timestamp until it expires.
        forget(eldest);
        counters.connectionEvictions.increment();
      } else if (eldest == conn) {
        connectionOrder.addLast(conn);
        break;
      }
    }
    keepWithinBytes(conn);
    return conn;
  }

  /** A challenge evicted from the table: counted; its connection no longer waits for it. */
  private void evicted(ChallengeRecord evicted) {
    counters.challengeEvictions.increment();
    if (evicted.connection.pending == evicted.handshake) {
      evicted.connection.pending = null;
    }
  }

  /**
   * Evicts, past {@code maxRetainedBytes}, the oldest open challenges (all but the newest), then
   * the oldest connections other than {@code keep}, each counted.
   */
  private void keepWithinBytes(ConnectionState keep) {
    long max = settings.maxRetainedBytes();
    ConnectionState kept = null;
    while (challenges.bytes() + connectionBytes > max) {
      if (challenges.size() > 1) {
        evicted(challenges.evictOldest());
        continue;
      }
      ConnectionState eldest = connectionOrder.pollFirst();
      if (eldest == null) {
        break;
      }
      if (eldest == keep) {
        kept = eldest;
      } else if (connections.get(eldest.key) == eldest) {
        forget(eldest);
        counters.connectionEvictions.increment();
      }
    }
    if (kept != null) {
      connectionOrder.addLast(kept);
    }
  }

  private void close(
      ConnectionState conn,
      String reason,
      Instant now,
      List<Finding> found,
      List<Handshake> changed) {
    if (conn.pending != null) {
      HandshakeState h = conn.pending;
      conn.pending = null;
      // The challenge stays matchable by timestamp: its AUTHENTICATE may still turn up
      // elsewhere, and that is the split to report.
      reportAbandoned(h, reason, now, found);
      changed.add(h.view());
    }
    forget(conn);
  }

  /**
   * Drops a connection from the table, and its links to handshakes: a challenge record of another
   * connection may still point at it, and must not keep that connection's handshakes (and theirs)
   * reachable in a chain as long as the traffic.
   */
  private void forget(ConnectionState conn) {
    if (connections.remove(conn.key, conn)) {
      connectionBytes -= conn.bytes;
    }
    conn.pending = null;
    conn.current = null;
  }

  private void abandon(
      HandshakeState h, String reason, Instant now, List<Finding> found, List<Handshake> changed) {
    ConnectionState conn = h.challenge == null ? null : h.challenge.connection;
    if (conn != null && conn.pending == h) {
      conn.pending = null;
    }
    // As in close(): the challenge stays matchable by timestamp until it expires. Its
    // AUTHENTICATE may still turn up on another connection (a pooled balancer connection gave
    // this one to another client), and that is the split across connections to report.
    reportAbandoned(h, reason, now, found);
    changed.add(h.view());
  }

  /** Reports CHALLENGE_ABANDONED once per handshake, and ends it as abandoned. */
  private void reportAbandoned(HandshakeState h, String reason, Instant now, List<Finding> found) {
    reportAbandoned(h, reason, now, found, true);
  }

  /**
   * Reports CHALLENGE_ABANDONED once per handshake; counts the abandoned challenge once; ends the
   * handshake only if {@code end} (not when its AUTHENTICATE is still to be answered elsewhere).
   */
  private void reportAbandoned(
      HandshakeState h, String reason, Instant now, List<Finding> found, boolean end) {
    if (!h.abandonCounted) {
      h.abandonCounted = true;
      counters.handshakesAbandoned.increment();
    }
    if (end && h.isOpen()) {
      end(h, Handshake.Outcome.ABANDONED, now, found);
    }
    if (h.challengeReported) {
      return;
    }
    h.challengeReported = true;
    ConnectionInfo on = h.challenge == null ? null : h.challenge.connection.info;
    found.add(
        finding(
            FindingType.CHALLENGE_ABANDONED,
            now,
            h,
            on,
            null,
            null,
            h.client,
            "the CHALLENGE sent"
                + (on == null ? "" : " on connection " + on.key() + " (peer " + on.peer() + ")")
                + (h.challenge == null
                    ? ""
                    : " at " + h.challenge.issued.truncatedTo(ChronoUnit.MILLIS))
                + " got no AUTHENTICATE there: "
                + reason));
  }

  private void sharedCheck(
      ConnectionState conn,
      ConnectionInfo info,
      ClientId client,
      boolean carriesNtlm,
      Instant now,
      List<Finding> found) {
    ClientId owner = conn.authenticated;
    if (owner == null || !client.differsFrom(owner)) {
      return;
    }
    if (conn.sharedWith != null && !client.differsFrom(conn.sharedWith)) {
      return;
    }
    conn.sharedWith = client;
    found.add(
        new Finding(
            FindingType.CONNECTION_SHARED_BY_CLIENTS,
            now,
            settings.nodeName(),
            conn.current == null ? null : conn.current.id,
            info,
            null,
            null,
            client.display(),
            conn.authenticatedUser,
            conn.current == null ? null : conn.current.domain,
            conn.current == null ? null : conn.current.workstation,
            "connection "
                + info.key()
                + " (peer "
                + info.peer()
                + ") was authenticated by "
                + owner.display()
                + (conn.authenticatedUser == null ? "" : " as " + conn.authenticatedUser)
                + ", and now carries a request of "
                + client.display()
                + (carriesNtlm
                    ? " with an NTLM message of its own: the balancer hands an authenticated"
                        + " backend connection to another client"
                    : " without credentials: that request runs with the first client's identity"),
            Advice.advice(FindingType.CONNECTION_SHARED_BY_CLIENTS, settings.balancer())));
  }

  /**
   * A login that succeeds on a connection another user, or another workstation, had authenticated:
   * the balancer hands one backend connection to different users, which no forwarded address needs
   * to show. Anonymous logins and a missing name are no evidence.
   */
  private void otherUserCheck(
      ConnectionState conn, HandshakeState h, Instant now, List<Finding> found) {
    String before = conn.authenticatedUser;
    if (before == null || before.isEmpty() || h.user == null || h.user.isEmpty()) {
      return;
    }
    boolean otherUser = !before.equalsIgnoreCase(h.user);
    String ws = conn.authenticatedWorkstation;
    boolean otherWorkstation =
        ws != null
            && !ws.isEmpty()
            && h.workstation != null
            && !h.workstation.isEmpty()
            && !ws.equalsIgnoreCase(h.workstation);
    if (!otherUser && !otherWorkstation) {
      return;
    }
    found.add(
        finding(
            FindingType.CONNECTION_SHARED_BY_CLIENTS,
            now,
            h,
            conn.info,
            null,
            null,
            h.client,
            "connection "
                + conn.info.key()
                + " (peer "
                + conn.info.peer()
                + ") was authenticated as "
                + before
                + (ws == null || ws.isEmpty() ? "" : " from " + ws)
                + " and now completes a login as "
                + h.user
                + (h.workstation == null || h.workstation.isEmpty() ? "" : " from " + h.workstation)
                + ": the balancer hands one backend connection to different users"));
  }

  /**
   * Ends a handshake. An unsuccessful end (failed or abandoned) counts against its client: {@code
   * repeatedHandshakeThreshold} of them within the window is the credential-prompt loop.
   */
  private void end(HandshakeState h, Handshake.Outcome outcome, Instant now, List<Finding> found) {
    h.end(outcome, now);
    if (outcome == Handshake.Outcome.SUCCEEDED || h.failureCounted || h.client == null) {
      return;
    }
    h.failureCounted = true;
    String key = h.client.display();
    long nowMillis = now.toEpochMilli();
    long window = settings.repeatedHandshakeWindow().toMillis();
    ClientWindow w = clientWindows.get(key);
    if (w == null || nowMillis - w.start > window) {
      w = new ClientWindow(nowMillis);
      clientWindows.put(key, w);
    }
    w.count++;
    if (w.count == settings.repeatedHandshakeThreshold()) {
      Handshake.Leg last = h.legs.isEmpty() ? null : h.legs.get(h.legs.size() - 1);
      found.add(
          finding(
              FindingType.REPEATED_HANDSHAKES,
              now,
              h,
              last == null ? null : last.connection(),
              null,
              null,
              h.client,
              key
                  + " had "
                  + w.count
                  + " NTLM handshakes fail or break off within "
                  + settings.repeatedHandshakeWindow().toSeconds()
                  + " s: its logins keep failing and restarting (the credential-prompt loop)"));
    }
  }

  private void fallbackCheck(
      ConnectionInfo info, ClientId client, Instant now, List<Finding> found) {
    if (!fallbackClients.add(client.display())) {
      return;
    }
    found.add(
        finding(
            FindingType.NEGOTIATE_FELL_BACK_TO_NTLM,
            now,
            null,
            info,
            null,
            null,
            client,
            client.display()
                + " answered Negotiate with NTLM, not Kerberos: it got no Kerberos ticket for"
                + " this site (reported once per client; counters count every message)"));
  }

  /** Learns this node's names from a CHALLENGE it issued; either may be {@code null}. */
  private void learnNames(String nbName, String dnsName) {
    boolean added = false;
    for (String name : new String[] {nbName, dnsName}) {
      if (name != null && !name.isEmpty() && ownNames.size() < 16) {
        added |= ownNames.add(name.toUpperCase(Locale.ROOT));
        if (added && !ownNamesView.contains(name)) {
          List<String> v = new ArrayList<>(ownNamesView);
          v.add(name);
          ownNamesView = List.copyOf(v);
        }
      }
    }
  }

  /**
   * Learns the NTLM name of another node (a replay of several nodes' traffic knows them all), so
   * that an AUTHENTICATE answering that node's CHALLENGE is recognised as foreign even before this
   * node has issued a CHALLENGE of its own. The live filter never calls it.
   */
  void learnPeerName(String name) {
    synchronized (lock) {
      if (name != null && !name.isEmpty() && peerNames.size() < 256) {
        peerNames.add(name.toUpperCase(Locale.ROOT));
      }
    }
  }

  private boolean isOwnName(String name) {
    return ownNames.contains(name.toUpperCase(Locale.ROOT));
  }

  // ---- findings ----------------------------------------------------------------------------

  private Finding authFinding(
      FindingType type,
      StoredNames names,
      ConnectionState conn,
      HandshakeState h,
      ConnectionInfo other,
      String otherNode,
      ClientId client,
      Instant now,
      String explanation) {
    return new Finding(
        type,
        now,
        settings.nodeName(),
        h == null ? null : h.id,
        conn.info,
        other,
        otherNode,
        client.display(),
        names.user(),
        names.domain(),
        names.workstation(),
        explanation,
        Advice.advice(type, settings.balancer()));
  }

  private Finding finding(
      FindingType type,
      Instant now,
      HandshakeState h,
      ConnectionInfo connection,
      ConnectionInfo other,
      String otherNode,
      ClientId client,
      String explanation) {
    return new Finding(
        type,
        now,
        settings.nodeName(),
        h == null ? null : h.id,
        connection,
        other,
        otherNode,
        client == null ? null : client.display(),
        h == null ? null : h.user,
        h == null ? null : h.domain,
        h == null ? null : h.workstation,
        explanation,
        Advice.advice(type, settings.balancer()));
  }

  /**
   * Counts, numbers and delivers findings, then handshake updates, to the sinks. Numbering and
   * delivery happen together under their own lock (never the tracker's), so every sink sees the
   * numbers in increasing order and a reader of the recent buffer never misses a lower number that
   * arrives late.
   */
  private void publish(List<Finding> found, List<Handshake> changed) {
    if (found.isEmpty() && changed.isEmpty()) {
      return;
    }
    synchronized (publishing) {
      for (Finding f : found) {
        counters.finding(f.type());
        deliver(f.numbered(++sequence));
      }
      for (Handshake h : changed) {
        try {
          sink.onHandshake(h.numbered(++sequence));
        } catch (RuntimeException | LinkageError e) {
          counters.internalErrors.increment();
          failures.warn("sink", e);
        }
      }
    }
  }

  /** The last number given to a finding or handshake version; 0 before any. */
  long sequence() {
    synchronized (publishing) {
      return sequence;
    }
  }

  private void deliver(Finding f) {
    try {
      sink.onFinding(f);
    } catch (RuntimeException | LinkageError e) {
      counters.internalErrors.increment();
      failures.warn("sink", e);
    }
  }

  void internalError(String where, Throwable e) {
    counters.internalErrors.increment();
    failures.warn(where, e);
  }

  private ClientId clientOf(ExchangeRequest request, ConnectionInfo info) {
    return ClientId.resolve(request, info, settings.trustedProxies(), settings.affinityCookies());
  }

  private static String stamp(AuthenticateMessage a) {
    Instant t = a.echoedTargetInfo().timestampInstant();
    return t == null ? "" : " at " + t.truncatedTo(ChronoUnit.MILLIS);
  }

  // ---- views -------------------------------------------------------------------------------

  List<String> ownNames() {
    return ownNamesView;
  }

  /** The estimated bytes the connection and challenge tables retain now. */
  long retainedBytes() {
    synchronized (lock) {
      return challenges.bytes() + connectionBytes;
    }
  }

  int trackedConnections() {
    return connections.size();
  }

  int trackedChallenges() {
    synchronized (lock) {
      return challenges.size();
    }
  }

  private static <K, V> LinkedHashMap<K, V> boundedMap(int max) {
    return new LinkedHashMap<>(16, 0.75f, false) {
      private static final long serialVersionUID = 1L;

      @Override
      protected boolean removeEldestEntry(Map.Entry<K, V> eldest) {
        return size() > max;
      }
    };
  }

  private static final class ClientWindow {
    final long start;
    int count;

    ClientWindow(long start) {
      this.start = start;
    }
  }
}
