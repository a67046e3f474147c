package io.github.ntlmaffinity.examples;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;

/**
 * The acceptor's access log, in the spirit of the IIS W3C log: one line per request with the
 * status, the substatus and the Win32 status ({@code 401 1 2148074248} is a logon failure with
 * SEC_E_INVALID_TOKEN). Kept in memory, bounded, so the demo can report on it; thread-safe.
 */
final class AccessLog {
  /** IIS's first fields: {@code date time}, UTC. */
  private static final DateTimeFormatter TIME =
      DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss").withZone(ZoneOffset.UTC);

  private final int capacity;
  private final ArrayDeque<Entry> entries = new ArrayDeque<>();

  AccessLog(int capacity) {
    this.capacity = capacity;
  }

  void add(Entry entry) {
    synchronized (entries) {
      if (entries.size() == capacity) {
        entries.pollFirst();
      }
      entries.addLast(entry);
    }
  }

  /** The entries kept, oldest first. */
  List<Entry> entries() {
    synchronized (entries) {
      return new ArrayList<>(entries);
    }
  }

  /**
   * The request's fields an IIS log can carry beyond the ones the demo's report uses.
   *
   * @param localAddress the node's address ({@code s-ip})
   * @param protocol {@code HTTP/1.1}, ... ({@code cs-version})
   * @param userAgent the {@code User-Agent} header, or {@code null}
   * @param forwardedFor the {@code X-Forwarded-For} header the balancer added, or {@code null}
   */
  record Request(String localAddress, String protocol, String userAgent, String forwardedFor) {}

  /** What an NTLM request carried. */
  enum Leg {
    /** No NTLM token: an anonymous request, or another scheme. */
    NONE,
    NEGOTIATE,
    AUTHENTICATE,
    /** A token that is neither (Kerberos, garbage). */
    OTHER
  }

  /**
   * One request.
   *
   * @param time when the response was decided
   * @param node the node's name
   * @param method the HTTP method
   * @param path the request path
   * @param serverPort the node's port
   * @param user <code>DOMAIN&#92;user</code> once an AUTHENTICATE named one, else {@code null}
   * @param peer the TCP peer, {@code address:port}: the balancer's ephemeral port behind one
   * @param status the HTTP status
   * @param substatus IIS's substatus: 2 no credentials, 1 logon failed, 0 fine
   * @param win32Status the Win32/SSPI status, e.g. 2148074248 (0x80090308, SEC_E_INVALID_TOKEN)
   * @param connection the container's id of the connection
   * @param requestId the {@code X-Request-Id} the demo's clients send, or {@code null}
   * @param leg what the request carried
   * @param challengeIssuer the NetBIOS name of the CHALLENGE's issuer: this node for a NEGOTIATE
   *     answered, the echoed name for an AUTHENTICATE; {@code null} otherwise
   * @param challengeTimestamp that CHALLENGE's MsvAvTimestamp (FILETIME), or {@code null}
   * @param request what else IIS can log of the request (see {@link W3cAccessLog})
   */
  record Entry(
      Instant time,
      String node,
      String method,
      String path,
      int serverPort,
      String user,
      String peer,
      int status,
      int substatus,
      long win32Status,
      String connection,
      String requestId,
      Leg leg,
      String challengeIssuer,
      Long challengeTimestamp,
      Request request) {

    /** {@code 401 1 2148074248}: the three numbers an IIS log line ends with. */
    String statusTriple() {
      return status + " " + substatus + " " + win32Status;
    }

    /**
     * The line as IIS would write it (date time s-ip cs-method cs-uri-stem cs-uri-query s-port
     * cs-username c-ip sc-status sc-substatus sc-win32-status), then the connection and the demo's
     * request id.
     */
    String line() {
      int colon = peer.lastIndexOf(':');
      String cIp = colon > 0 ? peer.substring(0, colon) : peer;
      return TIME.format(time)
          + " "
          + node
          + " "
          + method
          + " "
          + path
          + " - "
          + serverPort
          + " "
          + (user == null ? "-" : user)
          + " "
          + cIp
          + " "
          + statusTriple()
          + "  [connection "
          + connection
          + ", peer "
          + peer
          + (requestId == null ? "" : ", " + requestId)
          + "]";
    }
  }
}
