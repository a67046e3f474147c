package io.github.ntlmaffinity.cli.analyze.iis;

import java.util.HashMap;
import java.util.Locale;
import java.util.Map;

/**
 * The W3C fields the analysis reads, with the names IIS and HTTP.sys write in {@code #Fields}
 * (https://learn.microsoft.com/en-us/windows/win32/http/w3c-logging, the IIS {@code logFile}
 * element's {@code logExtFileFlags}, and the HTTPERR format at
 * https://learn.microsoft.com/en-us/windows/win32/http/format-of-the-http-server-api-error-logs).
 * Custom fields (IIS 8.5+, {@code logFile/customFields}) are logged under the name the
 * administrator chose: the usual names for the balancer's port and the forwarded-for header are
 * recognised, any case. Every other field is read past. Internal, not API.
 */
enum W3cField {
  DATE("date"),
  TIME("time"),
  SITE("s-sitename"),
  COMPUTER("s-computername"),
  SERVER_IP("s-ip"),
  SERVER_PORT("s-port"),
  METHOD("cs-method"),
  URI_STEM("cs-uri-stem"),
  URI_QUERY("cs-uri-query"),
  /** HTTP.sys's error log writes the URL and query as one field. */
  URI("cs-uri"),
  USERNAME("cs-username"),
  CLIENT_IP("c-ip"),
  /**
   * The TCP peer's port: HTTPERR's {@code c-port}, or a custom field of the {@code REMOTE_PORT}
   * server variable.
   */
  CLIENT_PORT("c-port", "REMOTE_PORT", "remote-port", "RemotePort", "c-remote-port"),
  VERSION("cs-version"),
  USER_AGENT("cs(User-Agent)"),
  HOST("cs-host", "cs(Host)"),
  STATUS("sc-status"),
  SUBSTATUS("sc-substatus"),
  WIN32_STATUS("sc-win32-status"),
  TIME_TAKEN("time-taken"),
  /** A custom field of the {@code X-Forwarded-For} request header. */
  FORWARDED_FOR(
      "X-Forwarded-For",
      "cs(X-Forwarded-For)",
      "X_Forwarded_For",
      "HTTP_X_FORWARDED_FOR",
      "OriginalIP",
      "Client-IP"),
  /** HTTPERR's reason, e.g. {@code Timer_ConnectionIdle}. */
  REASON("s-reason"),
  /** IIS 10's TLS fields, custom fields of the CRYPT_PROTOCOL server variable. */
  CRYPT_PROTOCOL("crypt-protocol", "CRYPT_PROTOCOL");

  private static final Map<String, W3cField> BY_NAME = new HashMap<>();

  static {
    for (W3cField f : values()) {
      for (String name : f.names) {
        BY_NAME.put(name.toLowerCase(Locale.ROOT), f);
      }
    }
  }

  private final String[] names;

  W3cField(String... names) {
    this.names = names;
  }

  /** The name IIS writes. */
  String w3cName() {
    return names[0];
  }

  /** The field a {@code #Fields} name stands for, or {@code null} when the analysis ignores it. */
  static W3cField of(String name) {
    return BY_NAME.get(name.toLowerCase(Locale.ROOT));
  }
}
