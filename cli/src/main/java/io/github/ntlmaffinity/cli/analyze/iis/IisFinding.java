package io.github.ntlmaffinity.cli.analyze.iis;

import io.github.ntlmaffinity.FindingType;
import java.time.Instant;
import java.util.List;

/**
 * One thing the logs show, in the project's finding types and advice, with how sure it is.
 * Internal, not API.
 *
 * @param type what was found
 * @param time when (the triggering line's time)
 * @param server the server whose line triggered it
 * @param otherServer the other server involved (e.g. the one that sent the CHALLENGE), or {@code
 *     null}
 * @param client the end client as the lines tell it ({@code X-Forwarded-For}, else {@code c-ip} and
 *     the user agent)
 * @param connection the triggering line's connection ({@code c-ip:REMOTE_PORT}), or {@code null}
 * @param otherConnection the other line's connection, or {@code null}
 * @param certainty how sure it is
 * @param explanation what the lines show, in one sentence
 * @param advice what to change: {@link FindingType#advice}
 * @param lines the lines it rests on, {@code file:line}
 * @param evidence those lines, read
 */
record IisFinding(
    FindingType type,
    Instant time,
    String server,
    String otherServer,
    String client,
    String connection,
    String otherConnection,
    Certainty certainty,
    String explanation,
    String advice,
    List<String> lines,
    List<IisEntry> evidence) {

  /** How sure a finding from logs is: logs hold no token, so most pairing is inference. */
  enum Certainty {
    /** The lines show it directly (e.g. one connection carrying two forwarded clients). */
    EXACT("shown by the log lines"),
    /**
     * The connections are logged ({@code REMOTE_PORT}), so the change of connection is certain;
     * which CHALLENGE the AUTHENTICATE answered is inferred from client, user agent, URI and time.
     */
    CONNECTIONS_EXACT("connections logged; pairing inferred from client, user agent, URI, time"),
    /** Inferred from client address, user agent, URI and a time window. */
    INFERRED("inferred from client address, user agent, URI and time window");

    private final String text;

    Certainty(String text) {
      this.text = text;
    }

    String text() {
      return text;
    }
  }
}
