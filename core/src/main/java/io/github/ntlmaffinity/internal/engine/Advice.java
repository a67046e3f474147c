package io.github.ntlmaffinity.internal.engine;

import io.github.ntlmaffinity.Balancer;
import io.github.ntlmaffinity.FindingType;
import java.util.Objects;

/**
 * What to change for a finding, naming the exact setting of the balancer in front of the backend.
 *
 * <p>Each advice is one or two plain-text sentences of at most {@value #MAX_LENGTH} characters,
 * with no line breaks, so it fits a log line, a JSON field and a table cell. Findings about the
 * client, the domain or the token (weak NTLM, malformed tokens, Kerberos fallback, unmatched
 * AUTHENTICATE, repeated handshakes) get the same advice whatever the balancer. Findings about the
 * path between client and backend get the setting of the configured balancer; {@link
 * Balancer#GENERIC} gives advice that holds for any balancer.
 *
 * <p>The vendor facts behind each sentence, with their sources, are listed in {@code
 * docs/balancers.md}. Keep the two in step.
 */
public final class Advice {

  /** The longest advice, in characters. */
  static final int MAX_LENGTH = 300;

  private Advice() {}

  /**
   * The advice for a finding of {@code type} behind {@code balancer}.
   *
   * @param type what was found
   * @param balancer the balancer in front of the backend; {@code null} means {@link
   *     Balancer#GENERIC}
   * @return one or two sentences, never blank, without line breaks, at most {@value #MAX_LENGTH}
   *     characters
   */
  public static String advice(FindingType type, Balancer balancer) {
    Objects.requireNonNull(type, "type");
    PathFixes fixes = PathFixes.of(balancer == null ? Balancer.GENERIC : balancer);
    return switch (type) {
      case HANDSHAKE_SPLIT_ACROSS_CONNECTIONS -> fixes.splitConnections();
      case HANDSHAKE_SPLIT_ACROSS_NODES -> fixes.splitNodes();
      case CHALLENGE_ABANDONED -> fixes.abandoned();
      case CHALLENGE_ON_CLOSING_CONNECTION -> fixes.closing();
      case NTLM_OVER_HTTP2 -> fixes.http2();
      case CONNECTION_SHARED_BY_CLIENTS -> fixes.shared();
      case UNMATCHED_AUTHENTICATE -> UNMATCHED_AUTHENTICATE;
      case REPEATED_HANDSHAKES -> REPEATED_HANDSHAKES;
      case WEAK_NTLM -> WEAK_NTLM;
      case MALFORMED_TOKEN -> MALFORMED_TOKEN;
      case NEGOTIATE_FELL_BACK_TO_NTLM -> NEGOTIATE_FELL_BACK_TO_NTLM;
    };
  }

  // ---------------------------------------------------------------------------------------------
  // Balancer-independent findings.

  private static final String UNMATCHED_AUTHENTICATE =
      "This AUTHENTICATE answers no challenge this node knows: NTLMv1 (nothing to correlate), an"
          + " expired challenge, or a NEGOTIATE sent elsewhere. If split or abandoned findings"
          + " appear too, fix the balancer as they advise; otherwise move clients to NTLMv2"
          + " (LmCompatibilityLevel 5).";

  private static final String REPEATED_HANDSHAKES =
      "A client that restarts NTLM again and again is usually losing its handshakes on the way:"
          + " fix the split, abandoned or closing findings for the same client first; if there are"
          + " none, check its credentials and that the site is in its browser's Intranet zone.";

  private static final String WEAK_NTLM =
      "Turn off LM and NTLMv1: set \"Network security: LAN Manager authentication level\" to"
          + " \"Send NTLMv2 response only. Refuse LM & NTLM\" (LmCompatibilityLevel 5) on clients"
          + " and domain controllers, and do not accept anonymous NTLM logons on this application.";

  private static final String MALFORMED_TOKEN =
      "Find the client by its address and fix or update it. If many clients send broken tokens,"
          + " check that no proxy, WAF or balancer rewrites, truncates or re-encodes the"
          + " Authorization header (header size limits cut long Negotiate tokens).";

  private static final String NEGOTIATE_FELL_BACK_TO_NTLM =
      "The client got no Kerberos ticket: register the SPN for the host name clients use, the"
          + " balancer's name included (setspn -S HTTP/host.example.com DOMAIN\\account), use that"
          + " name rather than an IP or CNAME alias, and keep clients domain-joined with the site in"
          + " the Intranet zone.";
}
