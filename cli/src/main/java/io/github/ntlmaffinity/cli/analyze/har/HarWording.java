package io.github.ntlmaffinity.cli.analyze.har;

import io.github.ntlmaffinity.wire.AuthenticateMessage;
import io.github.ntlmaffinity.wire.DecodeResult;
import java.util.Set;

/**
 * The sentences of the HAR analysis's findings: what the entries show, one factory per case. They
 * name hosts, connection ids and NTLM computer names, never a token's bytes or a header's value.
 * Internal, not API.
 */
final class HarWording {
  private HarWording() {}

  static String malformed(DecodeResult.Malformed m) {
    return "the browser sent an Authorization token that is not valid NTLM or SPNEGO ("
        + m.reason()
        + ")";
  }

  static String http2(HarEntry e, String origin) {
    return "the browser spoke "
        + e.httpVersion()
        + " to "
        + origin
        + " and sent NTLM over it: connection-bound authentication cannot work over a"
        + " multiplexed protocol";
  }

  static String fallback(HarEntry e, String origin, String spn) {
    return "the browser answered Negotiate with NTLM for "
        + origin
        + ": it got no Kerberos ticket for HTTP/"
        + e.host()
        + (spn == null || spn.isEmpty() ? "" : " (its AUTHENTICATE names the service " + spn + ")");
  }

  static String closing(String issuer) {
    return "the 401 carrying the CHALLENGE"
        + (issuer == null ? "" : " of " + issuer)
        + " also closed the browser's connection (Connection: close), so the AUTHENTICATE has to"
        + " go on a new one";
  }

  static String weak(String origin, AuthenticateMessage a) {
    return "the browser authenticated to " + origin + " with " + a.responseKind().label();
  }

  static String unmatched(AuthenticateMessage a) {
    return "an AUTHENTICATE"
        + (a.challengeIssuer() == null ? "" : " answering " + a.challengeIssuer() + "'s CHALLENGE")
        + " was refused with 401, and no CHALLENGE it answers is in this HAR (the recording"
        + " started mid-handshake, or the token names no challenge)";
  }

  static String loop(String origin, int threshold) {
    return "the browser's logins to "
        + origin
        + " were refused "
        + threshold
        + " times in a row with no success between: the credential-prompt loop";
  }

  static String clientSplit(String issuer, HarEntry e, HarEntry challenge, boolean ok) {
    return "the browser sent the AUTHENTICATE answering "
        + issuer
        + "'s CHALLENGE on its connection "
        + e.connection()
        + ", not on connection "
        + challenge.connection()
        + " that carried the CHALLENGE: the handshake broke on the client side (browser or forward"
        + " proxy), before any balancer"
        + (ok ? "; it still succeeded" : "; it was refused with 401");
  }

  static String refused(
      String issuer, boolean known, HarEntry e, String origin, Set<String> issuers) {
    String where =
        known
            ? "on the same browser connection " + e.connection() + " that carried the CHALLENGE"
            : "(this HAR has no connection ids, so whether the browser kept the connection cannot"
                + " be told)";
    return "the AUTHENTICATE answering the CHALLENGE issued by "
        + issuer
        + " (named in the token) was sent "
        + where
        + " and refused with 401: past the browser it reached "
        + (issuers.size() > 1
            ? "another server or backend connection; this HAR shows "
                + issuers.size()
                + " servers issuing CHALLENGEs for "
                + origin
                + " ("
                + String.join(", ", issuers)
                + ")"
            : "another backend connection (or server)");
  }
}
