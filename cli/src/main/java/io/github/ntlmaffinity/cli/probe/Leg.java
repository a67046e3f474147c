package io.github.ntlmaffinity.cli.probe;

/**
 * One request of a handshake and what came back.
 *
 * @param kind what the request carried
 * @param status the response's status
 * @param issuer the NetBIOS computer name of the CHALLENGE's issuer (else its DNS name, else its
 *     target name), escaped for printing; {@code null} when the response carried no CHALLENGE
 * @param issuerDns the DNS computer name of the issuer, escaped, or {@code null}
 * @param closes whether the response closed the client connection
 * @param servedBy a node named by the response's headers ({@code X-Served-By} and the like),
 *     escaped, or {@code null}
 * @param probe what the backend's probe endpoint said (level 3), or {@code null}
 */
record Leg(
    Kind kind,
    int status,
    String issuer,
    String issuerDns,
    boolean closes,
    String servedBy,
    ProbeMark probe) {

  /** What a leg's request carried. */
  enum Kind {
    /** No credentials. */
    ANONYMOUS("GET"),
    /** A NEGOTIATE (Type-1). */
    NEGOTIATE("NEGOTIATE"),
    /** An AUTHENTICATE (Type-3). */
    AUTHENTICATE("AUTHENTICATE"),
    /** No credentials, on a connection that just logged in. */
    FOLLOW_UP("follow-up GET");

    private final String label;

    Kind(String label) {
      this.label = label;
    }

    String label() {
      return label;
    }
  }

  /**
   * {@code NEGOTIATE -> 401 CHALLENGE from NODE-A [served by node-a] {node-a conn 3f9a1c2b}}: one
   * line of evidence; the braces hold what the probe endpoint said (level 3).
   */
  String describe() {
    StringBuilder s = new StringBuilder(kind.label()).append(" -> ").append(status);
    if (issuer != null) {
      s.append(" CHALLENGE from ").append(issuer);
    }
    if (servedBy != null) {
      s.append(" [served by ").append(servedBy).append(']');
    }
    if (probe != null) {
      s.append(" {").append(probe.describe());
      if (probe.reason() != null) {
        s.append(", refused: ").append(probe.reason());
      } else if (probe.result().equals("still-authenticated")) {
        s.append(", logged in");
      }
      s.append('}');
    }
    if (closes) {
      s.append(" (connection closed)");
    }
    return s.toString();
  }
}
