package io.github.ntlmaffinity.cli.analyze.iis;

/**
 * One server's counts of the lines that matter to Windows authentication, exact. Internal, not API.
 */
final class ServerStats {
  final String server;
  long lines;
  long anonymous;
  long challenges;
  long authenticated;
  long invalidToken;
  long logonDenied;
  long wrongPrincipal;
  long badBindings;
  long connectionEvents;
  long splitsHere;

  ServerStats(String server) {
    this.server = server;
  }

  void count(IisCode code, IisEntry e) {
    lines++;
    if (e.reason() != null) {
      connectionEvents++;
      return;
    }
    switch (code) {
      case ANONYMOUS_CHALLENGE -> anonymous++;
      case NTLM_CHALLENGE -> challenges++;
      case AUTHENTICATED -> authenticated++;
      case INVALID_TOKEN -> invalidToken++;
      case LOGON_DENIED -> logonDenied++;
      case WRONG_PRINCIPAL -> wrongPrincipal++;
      case BAD_BINDINGS -> badBindings++;
      default -> {}
    }
  }
}
