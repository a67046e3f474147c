package io.github.ntlmaffinity.cli.probe;

/**
 * What a backend's probe endpoint (level 3) says about one leg, from its {@value #HEADER} field:
 * which node answered, on which backend connection (an opaque token, the same for every request on
 * one backend connection of that node), and what it made of the request.
 *
 * @param node the node's name, escaped for printing
 * @param connection the backend connection's token (hex)
 * @param logins logins on that backend connection so far, this request's included; -1 when not said
 * @param result {@code offer}, {@code challenge}, {@code authenticated}, {@code
 *     still-authenticated}, {@code refused} or {@code rate-limited}
 * @param reason why an AUTHENTICATE was refused ({@code other-connection}, {@code other-node},
 *     {@code no-challenge}, {@code does-not-verify}, {@code not-probe-account}, {@code not-ntlm}),
 *     else {@code null}
 */
record ProbeMark(String node, String connection, int logins, String result, String reason) {
  static final String HEADER = "X-NTLM-Affinity-Probe";

  /** The mark of {@code reply}, or {@code null} when it carries none (or a garbled one). */
  static ProbeMark of(Reply reply) {
    String value = reply.first(HEADER);
    if (value == null || value.length() > 512) {
      return null;
    }
    String node = null;
    String connection = null;
    String result = null;
    String reason = null;
    int logins = -1;
    for (String part : value.split(";")) {
      int eq = part.indexOf('=');
      if (eq < 0) {
        continue;
      }
      String v = part.substring(eq + 1).strip();
      switch (part.substring(0, eq).strip()) {
        case "node" -> node = Terminal.escape(v);
        case "connection" -> connection = v.matches("[0-9a-f]{1,64}") ? v : null;
        case "result" -> result = v.matches("[a-z-]{1,32}") ? v : null;
        case "reason" -> reason = v.matches("[a-z-]{1,32}") ? v : null;
        case "logins" -> logins = v.matches("[0-9]{1,9}") ? Integer.parseInt(v) : -1;
        default -> {
          // a later version's field
        }
      }
    }
    return node == null || connection == null || result == null
        ? null
        : new ProbeMark(node, connection, logins, result, reason);
  }

  /** {@code node-a conn 3f9a1c2b}: the node and the start of the token, for evidence lines. */
  String describe() {
    return node + " conn " + connection.substring(0, Math.min(8, connection.length()));
  }
}
