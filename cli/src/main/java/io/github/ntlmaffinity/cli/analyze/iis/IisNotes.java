package io.github.ntlmaffinity.cli.analyze.iis;

import io.github.ntlmaffinity.cli.analyze.iis.IisNote.Kind;
import java.util.ArrayList;
import java.util.List;

/** Words the notes of an IIS analysis. Internal, not API. */
final class IisNotes {
  /**
   * Adds a custom log field (IIS 8.5+, "Adding Custom Fields to a Log File for a Site",
   * https://learn.microsoft.com/en-us/iis/configuration/system.applicationhost/sites/site/logfile/customfields/add
   * ); IIS then writes the site's log to files named {@code u_ex*_x.log}.
   */
  private static final String ADD_FIELD =
      "appcmd.exe set config -section:system.applicationHost/sites /+\"[name='SITE']"
          + ".logFile.customFields.[logFieldName='%s',sourceName='%s',sourceType='%s']\""
          + " /commit:apphost";

  private IisNotes() {}

  static List<IisNote> of(List<IisReport.FileInfo> files, IisAnalysis a) {
    List<IisNote> notes = new ArrayList<>();
    // HTTP.sys's error log has its own fixed fields: only the sites' logs count here.
    List<IisReport.FileInfo> sites = files.stream().filter(f -> !f.httpErr()).toList();
    boolean port = !sites.isEmpty() && sites.stream().allMatch(IisReport.FileInfo::port);
    boolean xff = !sites.isEmpty() && sites.stream().allMatch(IisReport.FileInfo::forwardedFor);
    long anonymous = 0;
    long challenges = 0;
    long invalid = 0;
    long badBindings = 0;
    long wrongPrincipal = 0;
    long denied = 0;
    ServerStats worst = null;
    for (ServerStats s : a.servers().values()) {
      anonymous += s.anonymous;
      challenges += s.challenges;
      invalid += s.invalidToken;
      badBindings += s.badBindings;
      wrongPrincipal += s.wrongPrincipal;
      denied += s.logonDenied;
      if (worst == null || s.invalidToken > worst.invalidToken) {
        worst = s;
      }
    }
    if (!port) {
      notes.add(
          new IisNote(
              Kind.NO_PORT_FIELD,
              "Without the balancer's port in the logs, which backend connection each request"
                  + " came on cannot be told: splits across connections are inferred, and"
                  + " abandoned challenges cannot be seen.",
              "Log the REMOTE_PORT server variable (IIS 8.5+, replace SITE): "
                  + String.format(ADD_FIELD, "REMOTE_PORT", "REMOTE_PORT", "ServerVariable")));
    }
    if (!xff) {
      notes.add(
          new IisNote(
              Kind.NO_FORWARDED_FOR,
              "Without X-Forwarded-For, c-ip behind a balancer is the balancer: end clients are"
                  + " told apart only by user agent, URI and time.",
              "Log the header the balancer adds (IIS 8.5+, replace SITE): "
                  + String.format(
                      ADD_FIELD, "X-Forwarded-For", "X-Forwarded-For", "RequestHeader")));
    }
    if (challenges == 0 && anonymous > 0 && invalid > 0) {
      notes.add(
          new IisNote(
              Kind.CHALLENGE_LEG_NOT_LOGGED,
              "No line shows a CHALLENGE (401 1 2148074254): with kernel-mode authentication on,"
                  + " HTTP.sys answers the NEGOTIATE itself and IIS logs no line for it, so each"
                  + " invalid token is paired with the anonymous 401 2 5 before it.",
              null));
    }
    if (badBindings > 0) {
      notes.add(
          new IisNote(
              Kind.BAD_BINDINGS,
              badBindings
                  + " logins failed with 401 1 2148074310 (SEC_E_BAD_BINDINGS): Extended"
                  + " Protection found the client's channel binding does not match this TLS"
                  + " connection, as when TLS ends at the balancer and the backend is reached over"
                  + " another TLS connection.",
              // https://learn.microsoft.com/en-us/iis/configuration/system.webServer/security/authentication/windowsAuthentication/extendedprotection/
              "Pass TLS through the balancer to the servers, or on the servers set"
                  + " windowsAuthentication/extendedProtection tokenChecking=\"None\" (or"
                  + " \"Allow\") and use service binding instead: flags=\"Proxy\" with the"
                  + " balancer's name as an <spn> entry (HTTP/host.example.com)."));
    }
    if (wrongPrincipal > 0) {
      notes.add(
          new IisNote(
              Kind.WRONG_PRINCIPAL,
              wrongPrincipal
                  + " logins failed with 401 1 2148074274 (SEC_E_WRONG_PRINCIPAL): a Kerberos"
                  + " ticket was issued for an account that is not the one running the site, a"
                  + " Kerberos fault, not the balancer's.",
              "Register HTTP/<host name clients use> on the account that runs the application"
                  + " pool (setspn -S), once only, and on every server of the farm run the pool as"
                  + " that same account."));
    }
    if (denied > 0) {
      notes.add(
          new IisNote(
              Kind.LOGON_DENIED,
              denied
                  + " logins failed with 401 1 2148074252 (SEC_E_LOGON_DENIED): wrong credentials,"
                  + " or an AUTHENTICATE answering another CHALLENGE on a connection the balancer"
                  + " shares between clients.",
              null));
    }
    if (worst != null
        && a.servers().size() > 1
        && invalid >= 3
        && worst.invalidToken * 3 >= invalid * 2) {
      notes.add(
          new IisNote(
              Kind.SERVER_SKEW,
              worst.server
                  + " logged "
                  + worst.invalidToken
                  + " of the "
                  + invalid
                  + " invalid tokens: one server collects the failures (it is where the"
                  + " misrouted AUTHENTICATEs land, or the only server whose context is lost).",
              null));
    }
    return notes;
  }
}
