package io.github.ntlmaffinity.cli.analyze.iis;

/**
 * What an IIS log line's {@code sc-status sc-substatus sc-win32-status} say about Windows
 * authentication. Internal, not API.
 *
 * <p>Sources: the 401 substatus codes (401.1 logon failed, 401.2 logon failed due to server
 * configuration) in "The HTTP status code in IIS 7 and later versions",
 * https://learn.microsoft.com/en-us/troubleshoot/iis/http-status-code ; the SSPI status names in
 * "SSPI Status Codes", https://learn.microsoft.com/en-us/windows/win32/secauthn/sspi-status-codes ;
 * their values in "COM Error Codes (Security and Setup)",
 * https://learn.microsoft.com/en-us/windows/win32/com/com-error-codes-4 (SEC_E_INVALID_TOKEN
 * 0x80090308 = 2148074248, SEC_E_LOGON_DENIED 0x8009030C = 2148074252, SEC_E_NO_CREDENTIALS
 * 0x8009030E = 2148074254, SEC_E_WRONG_PRINCIPAL 0x80090322 = 2148074274, SEC_E_BAD_BINDINGS
 * 0x80090346 = 2148074310); and for which leg is logged how, the IIS support team's "401 1
 * 2148074248 in IIS logs behind a load balancer with multiple servers" (the project's field
 * report): {@code 401 2 5} for the anonymous first request, {@code 401 1 2148074254} for the
 * CHALLENGE leg when kernel-mode authentication is off (with it on, HTTP.sys answers that leg and
 * IIS logs no line for it), {@code 401 1 2148074248} where the AUTHENTICATE reached a server or
 * connection without its context.
 */
enum IisCode {
  /** {@code 401 2 5}: no credentials yet; the 401 that offers Negotiate and NTLM. */
  ANONYMOUS_CHALLENGE("401 2 5, anonymous request challenged"),
  /** {@code 401 1 2148074254} SEC_E_NO_CREDENTIALS: the CHALLENGE leg, kernel-mode auth off. */
  NTLM_CHALLENGE("401 1 2148074254, NTLM CHALLENGE sent (SEC_E_NO_CREDENTIALS)"),
  /** {@code 401 1 2148074248} SEC_E_INVALID_TOKEN: an AUTHENTICATE without its context. */
  INVALID_TOKEN("401 1 2148074248, SEC_E_INVALID_TOKEN"),
  /** {@code 401 1 2148074252} SEC_E_LOGON_DENIED: wrong credentials, or the wrong challenge. */
  LOGON_DENIED("401 1 2148074252, SEC_E_LOGON_DENIED"),
  /** {@code 401 1 2148074274} SEC_E_WRONG_PRINCIPAL: a Kerberos ticket for another account. */
  WRONG_PRINCIPAL("401 1 2148074274, SEC_E_WRONG_PRINCIPAL"),
  /** {@code 401 1 2148074310} SEC_E_BAD_BINDINGS: channel bindings (EPA) do not match. */
  BAD_BINDINGS("401 1 2148074310, SEC_E_BAD_BINDINGS"),
  /** Any other 401. */
  OTHER_401("other 401"),
  /** A response below 400 with {@code cs-username} set: an authenticated request. */
  AUTHENTICATED("authenticated"),
  /** Anything else. */
  OTHER("other");

  static final long ERROR_ACCESS_DENIED = 5L;
  static final long SEC_E_INVALID_TOKEN = 0x80090308L;
  static final long SEC_E_LOGON_DENIED = 0x8009030CL;
  static final long SEC_E_NO_CREDENTIALS = 0x8009030EL;
  static final long SEC_E_WRONG_PRINCIPAL = 0x80090322L;
  static final long SEC_E_BAD_BINDINGS = 0x80090346L;

  private final String text;

  IisCode(String text) {
    this.text = text;
  }

  String text() {
    return text;
  }

  static IisCode of(IisEntry e) {
    if (e.status() == 401) {
      long w = e.win32Status();
      if (w == SEC_E_INVALID_TOKEN) {
        return INVALID_TOKEN;
      }
      if (w == SEC_E_NO_CREDENTIALS) {
        return NTLM_CHALLENGE;
      }
      if (w == SEC_E_LOGON_DENIED) {
        return LOGON_DENIED;
      }
      if (w == SEC_E_WRONG_PRINCIPAL) {
        return WRONG_PRINCIPAL;
      }
      if (w == SEC_E_BAD_BINDINGS) {
        return BAD_BINDINGS;
      }
      if (e.substatus() == 2) {
        return ANONYMOUS_CHALLENGE;
      }
      return OTHER_401;
    }
    if (e.status() > 0 && e.status() < 400 && e.user() != null) {
      return AUTHENTICATED;
    }
    return OTHER;
  }

  /** Whether a handshake ended badly here. */
  boolean isFailure() {
    return this == INVALID_TOKEN
        || this == LOGON_DENIED
        || this == WRONG_PRINCIPAL
        || this == BAD_BINDINGS;
  }
}
