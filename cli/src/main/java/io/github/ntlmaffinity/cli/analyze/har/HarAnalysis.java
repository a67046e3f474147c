package io.github.ntlmaffinity.cli.analyze.har;

import io.github.ntlmaffinity.Balancer;
import io.github.ntlmaffinity.FindingType;
import io.github.ntlmaffinity.wire.AuthenticateMessage;
import io.github.ntlmaffinity.wire.ChallengeMessage;
import io.github.ntlmaffinity.wire.DecodeResult;
import io.github.ntlmaffinity.wire.NegotiateMessage;
import io.github.ntlmaffinity.wire.NtlmDecoder;
import java.net.URI;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * The browser's side of NTLM from a HAR: every {@code Authorization} and {@code WWW-Authenticate}
 * decoded with the project's decoder, each AUTHENTICATE tied to the CHALLENGE it answers by the
 * echoed issuer and timestamp, and the browser's connection of each compared. Internal, not API.
 */
final class HarAnalysis {
  /** Refused logins of one origin that make the credential-prompt loop. */
  static final int LOOP_THRESHOLD = 3;

  /**
   * The advice for an AUTHENTICATE the browser itself sent on another connection: the balancer is
   * not at fault, so its advice would mislead.
   */
  static final String CLIENT_SIDE_ADVICE =
      "The browser, or a forward proxy between it and the site, moved the handshake to another"
          + " connection: check the proxy passes NTLM through with connection pinning (Squid:"
          + " login=PASSTHRU with connection-auth), or bypass it for this site; update the browser.";

  private final Balancer balancer;
  private final boolean connectionIds;
  private final List<HarFinding> findings = new ArrayList<>();
  private final Map<FindingType, Long> counts = new EnumMap<>(FindingType.class);
  private final Map<String, Origin> origins = new LinkedHashMap<>();
  private int ntlmEntries;
  private int succeeded;
  private int refused;

  private HarAnalysis(Balancer balancer, boolean connectionIds) {
    this.balancer = balancer;
    this.connectionIds = connectionIds;
  }

  /** Analyses the entries of one HAR. */
  static HarAnalysis of(HarReader.HarFile har, Balancer balancer) {
    HarAnalysis a = new HarAnalysis(balancer, hasConnectionIds(har));
    List<HarEntry> sorted = new ArrayList<>(har.entries());
    sorted.sort(
        Comparator.comparing(
                (HarEntry e) -> e.started(), Comparator.nullsLast(Comparator.naturalOrder()))
            .thenComparingInt(HarEntry::index));
    for (HarEntry e : sorted) {
      a.accept(e);
    }
    return a;
  }

  /**
   * Whether the {@code connection} fields tell connections apart. Chrome and Edge write the
   * socket's id; Firefox writes the server's port (its HAR builder sets {@code connection} to
   * {@code remotePort}), which tells nothing, and some exports leave it out.
   */
  static boolean hasConnectionIds(HarReader.HarFile har) {
    if (har.creator() != null && har.creator().toLowerCase().contains("firefox")) {
      return false;
    }
    int withId = 0;
    for (HarEntry e : har.entries()) {
      if (e.connection() != null && !e.connection().equals(port(e))) {
        withId++;
      }
    }
    return withId > 0;
  }

  private void accept(HarEntry e) {
    Origin o = origins.computeIfAbsent(e.origin(), Origin::new);
    DecodeResult auth =
        e.authorization() == null ? null : NtlmDecoder.decodeAuthorization(e.authorization());
    boolean ntlm = false;
    if (auth instanceof DecodeResult.Ntlm n) {
      ntlm = true;
      request(o, e, n);
    } else if (auth instanceof DecodeResult.Malformed m) {
      ntlm = true;
      add(
          FindingType.MALFORMED_TOKEN,
          e,
          o,
          true,
          HarWording.malformed(m),
          FindingType.MALFORMED_TOKEN.advice(balancer),
          e.index());
    }
    if (e.status() == 401 && auth == null && !e.wwwAuthenticate().isEmpty()) {
      o.refusedWithoutToken++;
    }
    for (String value : e.wwwAuthenticate()) {
      for (DecodeResult d : NtlmDecoder.decodeWwwAuthenticate(value)) {
        if (d instanceof DecodeResult.Ntlm n && n.message() instanceof ChallengeMessage c) {
          ntlm = true;
          challenge(o, e, c);
        } else if (d instanceof DecodeResult.NoToken && e.status() == 401 && auth == null) {
          o.offered = true;
        }
      }
    }
    if (ntlm) {
      ntlmEntries++;
      if (e.multiplexed() && o.http2Reported++ == 0) {
        add(
            FindingType.NTLM_OVER_HTTP2,
            e,
            o,
            true,
            HarWording.http2(e, o.name),
            FindingType.NTLM_OVER_HTTP2.advice(balancer),
            e.index());
      }
    }
  }

  private void request(Origin o, HarEntry e, DecodeResult.Ntlm n) {
    if (n.isNegotiateFallback() && o.fallbackReported++ == 0) {
      String spn = null;
      if (n.message() instanceof AuthenticateMessage a) {
        spn = a.echoedTargetInfo().targetName();
      }
      add(
          FindingType.NEGOTIATE_FELL_BACK_TO_NTLM,
          e,
          o,
          true,
          HarWording.fallback(e, o.name, spn),
          FindingType.NEGOTIATE_FELL_BACK_TO_NTLM.advice(balancer),
          e.index());
    }
    if (n.message() instanceof NegotiateMessage) {
      o.negotiates++;
    } else if (n.message() instanceof AuthenticateMessage a) {
      authenticate(o, e, a);
    }
  }

  private void challenge(Origin o, HarEntry e, ChallengeMessage c) {
    String issuer = c.targetInfo().nbComputerName();
    Challenge ch = new Challenge(e, issuer, c.targetInfo().timestamp());
    o.challenges.add(ch);
    if (o.challenges.size() > 256) {
      o.challenges.remove(0);
    }
    if (issuer != null) {
      o.issuers.add(issuer);
    }
    if (e.closes()) {
      add(
          FindingType.CHALLENGE_ON_CLOSING_CONNECTION,
          e,
          o,
          true,
          HarWording.closing(issuer),
          FindingType.CHALLENGE_ON_CLOSING_CONNECTION.advice(balancer),
          e.index());
    }
  }

  private void authenticate(Origin o, HarEntry e, AuthenticateMessage a) {
    if (a.responseKind().isWeak() && o.weakReported++ == 0) {
      add(
          FindingType.WEAK_NTLM,
          e,
          o,
          true,
          HarWording.weak(o.name, a),
          FindingType.WEAK_NTLM.advice(balancer),
          e.index());
    }
    Challenge ch = answered(o, a);
    boolean ok = e.status() > 0 && e.status() != 401 && e.status() != 407;
    if (ok) {
      succeeded++;
      o.ended++;
      o.refusedInARow = 0;
    } else if (e.status() == 401) {
      refused++;
      o.ended++;
      o.refusedInARow++;
    }
    if (ch == null) {
      if (!ok && e.status() == 401) {
        add(
            FindingType.UNMATCHED_AUTHENTICATE,
            e,
            o,
            false,
            HarWording.unmatched(a),
            FindingType.UNMATCHED_AUTHENTICATE.advice(balancer),
            e.index());
      }
    } else {
      judge(o, e, a, ch, ok);
    }
    if (o.refusedInARow == LOOP_THRESHOLD) {
      add(
          FindingType.REPEATED_HANDSHAKES,
          e,
          o,
          true,
          HarWording.loop(o.name, LOOP_THRESHOLD),
          FindingType.REPEATED_HANDSHAKES.advice(balancer),
          e.index());
    }
  }

  private void judge(Origin o, HarEntry e, AuthenticateMessage a, Challenge ch, boolean ok) {
    String issuer = ch.issuer == null ? "the server" : ch.issuer;
    boolean known = connectionIds && e.connection() != null && ch.entry.connection() != null;
    // After a CHALLENGE whose 401 closed the connection the browser had to move: that is the
    // closing finding, not the browser's fault.
    if (known && !e.connection().equals(ch.entry.connection()) && !ch.entry.closes()) {
      add(
          FindingType.HANDSHAKE_SPLIT_ACROSS_CONNECTIONS,
          e,
          o,
          true,
          HarWording.clientSplit(issuer, e, ch.entry(), ok),
          CLIENT_SIDE_ADVICE,
          ch.entry.index(),
          e.index());
      return;
    }
    if (ok || e.status() != 401) {
      return;
    }
    boolean nodes = o.issuers.size() > 1;
    FindingType type =
        nodes
            ? FindingType.HANDSHAKE_SPLIT_ACROSS_NODES
            : FindingType.HANDSHAKE_SPLIT_ACROSS_CONNECTIONS;
    add(
        type,
        e,
        o,
        known,
        HarWording.refused(issuer, known, e, o.name, o.issuers),
        type.advice(balancer),
        ch.entry.index(),
        e.index());
  }

  /** The CHALLENGE this AUTHENTICATE answers: by echoed timestamp, else the latest one. */
  private static Challenge answered(Origin o, AuthenticateMessage a) {
    Long ts = a.challengeTimestamp();
    Challenge latest = null;
    for (int i = o.challenges.size() - 1; i >= 0; i--) {
      Challenge c = o.challenges.get(i);
      if (ts != null && Objects.equals(ts, c.timestamp)) {
        return c;
      }
      if (latest == null) {
        latest = c;
      }
    }
    return ts == null ? latest : null;
  }

  private void add(
      FindingType type,
      HarEntry e,
      Origin o,
      boolean exact,
      String explanation,
      String advice,
      Integer... entries) {
    counts.merge(type, 1L, Long::sum);
    if (findings.size() < 1000) {
      findings.add(
          new HarFinding(type, e.started(), o.name, exact, explanation, advice, List.of(entries)));
    }
  }

  private static String port(HarEntry e) {
    try {
      URI u = URI.create(e.url());
      int p = u.getPort();
      if (p < 0) {
        p = "https".equalsIgnoreCase(u.getScheme()) ? 443 : 80;
      }
      return Integer.toString(p);
    } catch (RuntimeException ex) {
      return null;
    }
  }

  List<HarFinding> findings() {
    return findings;
  }

  Map<FindingType, Long> counts() {
    return counts;
  }

  boolean connectionIds() {
    return connectionIds;
  }

  int ntlmEntries() {
    return ntlmEntries;
  }

  int succeeded() {
    return succeeded;
  }

  int refused() {
    return refused;
  }

  /** AUTHENTICATEs answered (accepted or refused), by origin. */
  Map<String, Long> ended() {
    Map<String, Long> m = new LinkedHashMap<>();
    for (Origin o : origins.values()) {
      if (o.ended > 0) {
        m.put(o.name, (long) o.ended);
      }
    }
    return m;
  }

  /**
   * Origins that answered 401 offering NTLM/Negotiate while this HAR holds no NTLM token for them,
   * with how many such 401s.
   */
  Map<String, Integer> offeredButNoToken() {
    Map<String, Integer> m = new LinkedHashMap<>();
    for (Origin o : origins.values()) {
      if (o.offered && o.negotiates == 0 && o.challenges.isEmpty()) {
        m.put(o.name, o.refusedWithoutToken);
      }
    }
    return m;
  }

  Map<String, Set<String>> issuers() {
    Map<String, Set<String>> m = new HashMap<>();
    for (Origin o : origins.values()) {
      if (!o.issuers.isEmpty()) {
        m.put(o.name, o.issuers);
      }
    }
    return m;
  }

  /** A CHALLENGE seen in a response. */
  private record Challenge(HarEntry entry, String issuer, Long timestamp) {}

  /** What one origin's entries showed so far. */
  private static final class Origin {
    final String name;
    final List<Challenge> challenges = new ArrayList<>();
    final Set<String> issuers = new LinkedHashSet<>();
    int negotiates;
    int ended;
    int refusedWithoutToken;
    int refusedInARow;
    int http2Reported;
    int fallbackReported;
    int weakReported;
    boolean offered;

    Origin(String name) {
      this.name = name;
    }
  }
}
