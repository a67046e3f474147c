package io.github.ntlmaffinity.cli.analyze.iis;

/**
 * What the logs tell beyond the finding types: codes with their own cause (bad bindings, wrong
 * principal), one server collecting the failures, and the log fields that would make the analysis
 * exact. Internal, not API.
 *
 * @param kind what it is about
 * @param text what the logs show
 * @param advice what to change, or {@code null}
 */
record IisNote(Kind kind, String text, String advice) {

  /** Kinds of note. */
  enum Kind {
    NO_PORT_FIELD,
    NO_FORWARDED_FOR,
    CHALLENGE_LEG_NOT_LOGGED,
    BAD_BINDINGS,
    WRONG_PRINCIPAL,
    LOGON_DENIED,
    SERVER_SKEW
  }
}
