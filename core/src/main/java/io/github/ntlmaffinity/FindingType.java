package io.github.ntlmaffinity;

import io.github.ntlmaffinity.internal.engine.Advice;

/** What the tracker can find. Each type has a fixed severity and a one-line title. */
public enum FindingType {
  /** An AUTHENTICATE answers a challenge this node issued on another connection. */
  HANDSHAKE_SPLIT_ACROSS_CONNECTIONS(
      Severity.ERROR, "AUTHENTICATE arrived on another connection than its CHALLENGE"),
  /**
   * An AUTHENTICATE answers a challenge another node issued (foreign name or unknown timestamp).
   */
  HANDSHAKE_SPLIT_ACROSS_NODES(
      Severity.ERROR, "AUTHENTICATE answers a CHALLENGE issued by another node"),
  /** An AUTHENTICATE that cannot be tied to any challenge (NTLMv1, expired, no NEGOTIATE seen). */
  UNMATCHED_AUTHENTICATE(Severity.WARNING, "AUTHENTICATE that answers no known CHALLENGE"),
  /** A CHALLENGE was sent but its connection closed or moved on without the AUTHENTICATE. */
  CHALLENGE_ABANDONED(
      Severity.WARNING, "CHALLENGE sent, but no AUTHENTICATE came back on its connection"),
  /** The 401 that carries the CHALLENGE also closes the connection: the handshake cannot finish. */
  CHALLENGE_ON_CLOSING_CONNECTION(
      Severity.ERROR, "the response carrying the CHALLENGE closes its connection"),
  /** NTLM on HTTP/2 or HTTP/3, where connection-bound authentication cannot work. */
  NTLM_OVER_HTTP2(Severity.ERROR, "NTLM over HTTP/2 or HTTP/3"),
  /** An NTLM-authenticated backend connection carries another end client's requests. */
  CONNECTION_SHARED_BY_CLIENTS(
      Severity.ERROR, "an authenticated connection carries another client's requests"),
  /** One client's handshakes fail or break off again and again: the credential-prompt loop. */
  REPEATED_HANDSHAKES(Severity.WARNING, "one client's NTLM handshakes fail again and again"),
  /** NTLMv1, LM-only or anonymous authentication. */
  WEAK_NTLM(Severity.WARNING, "weak NTLM: NTLMv1, LM or anonymous"),
  /** An Authorization token that is not valid NTLM/SPNEGO. */
  MALFORMED_TOKEN(Severity.WARNING, "an Authorization token that is not valid NTLM or SPNEGO"),
  /** A Negotiate header carrying NTLM: the client got no Kerberos ticket. */
  NEGOTIATE_FELL_BACK_TO_NTLM(Severity.INFO, "Negotiate fell back to NTLM: no Kerberos ticket");

  private final Severity severity;
  private final String title;

  FindingType(Severity severity, String title) {
    this.severity = severity;
    this.title = title;
  }

  /** The severity every finding of this type has. */
  public Severity severity() {
    return severity;
  }

  /** A one-line title, e.g. for a table of counters. */
  public String title() {
    return title;
  }

  /**
   * What to change for a finding of this type behind {@code balancer}: the same sentences the
   * findings carry, for tools that report without a tracker (the CLI's probe and analysers).
   *
   * @param balancer the balancer in front of the backend; {@code null} means {@link
   *     Balancer#GENERIC}
   */
  public String advice(Balancer balancer) {
    return Advice.advice(this, balancer);
  }
}
