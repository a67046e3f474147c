package io.github.ntlmaffinity.cli.analyze.iis;

import java.time.Duration;
import java.time.Instant;

/**
 * The sentences of the IIS analysis's findings: what the log lines show, one factory per case. The
 * advice is the project's ({@link io.github.ntlmaffinity.FindingType#advice}). Internal, not API.
 */
final class IisWording {
  private IisWording() {}

  static String unmatched(IisEntry e, String name, Duration window) {
    return e.server()
        + " refused an AUTHENTICATE ("
        + e.triple()
        + ", "
        + name
        + ") from "
        + describe(e)
        + " for "
        + e.uri()
        + ", and no server logged a 401 for that client and URI in the "
        + window.toSeconds()
        + " s before: the log starts mid-handshake, or the client is told apart by fields these"
        + " logs lack";
  }

  static String splitNodes(IisEntry e, PendingChallenges.Leg ch, String name) {
    return refused(e, name)
        + " to "
        + describe(e)
        + " for "
        + e.uri()
        + ", "
        + after(ch.entry().time(), e.time())
        + " "
        + ch.entry().server()
        + " "
        + what(ch)
        + " for the same client and URI: the AUTHENTICATE went to another server than its"
        + " CHALLENGE";
  }

  static String sameConnection(IisEntry e, PendingChallenges.Leg ch, String name) {
    return refused(e, name)
        + " on connection "
        + e.connection()
        + ", the same connection on which it "
        + what(ch)
        + ": the server no longer had the context (worker process recycled?) or the token"
        + " answers another challenge";
  }

  static String splitConnections(IisEntry e, PendingChallenges.Leg ch, String name, boolean exact) {
    return refused(e, name)
        + " to "
        + describe(e)
        + " for "
        + e.uri()
        + (exact ? " on connection " + e.connection() : "")
        + ", "
        + after(ch.entry().time(), e.time())
        + " it "
        + what(ch)
        + (exact
            ? " on connection " + ch.entry().connection()
            : "; the same server refusing it means another connection (REMOTE_PORT is not logged"
                + " to show which)")
        + ": the AUTHENTICATE left its CHALLENGE's connection";
  }

  static String loop(IisEntry e, int threshold, Duration window) {
    return describe(e)
        + " had "
        + threshold
        + " logins refused (401 1) within "
        + window.toSeconds()
        + " s with no success between them: the credential-prompt loop";
  }

  static String shared(IisEntry e, String previous, String client) {
    return "connection "
        + e.connection()
        + " to "
        + e.server()
        + " carried "
        + previous
        + "'s authenticated requests, then one of "
        + client
        + " (X-Forwarded-For)"
        + (e.user() != null ? ", logged as user " + e.user() : "");
  }

  static String abandoned(IisEntry challenge, String why) {
    return challenge.server()
        + " sent a CHALLENGE ("
        + challenge.triple()
        + ") on connection "
        + challenge.connection()
        + " at "
        + challenge.time()
        + ", and "
        + why;
  }

  /** The end client as the line tells it. */
  static String describe(IisEntry e) {
    if (e.forwardedFor() != null) {
      return e.forwardedFor() + " (X-Forwarded-For)";
    }
    return e.clientIp()
        + (e.userAgent() == null ? "" : " with user agent \"" + clip(e.userAgent()) + "\"");
  }

  private static String refused(IisEntry e, String name) {
    return e.server() + " answered " + e.triple() + " (" + name + ") at " + e.time();
  }

  private static String what(PendingChallenges.Leg ch) {
    return ch.code() == IisCode.NTLM_CHALLENGE
        ? "sent the CHALLENGE (" + ch.entry().triple() + ")"
        : "challenged it anonymously ("
            + ch.entry().triple()
            + "; the CHALLENGE leg itself is not logged, as with kernel-mode authentication)";
  }

  private static String clip(String s) {
    return s.length() > 80 ? s.substring(0, 80) + "..." : s;
  }

  private static String after(Instant from, Instant to) {
    long s = Duration.between(from, to).toSeconds();
    return s <= 0 ? "in the same second as" : s + " s after";
  }
}
