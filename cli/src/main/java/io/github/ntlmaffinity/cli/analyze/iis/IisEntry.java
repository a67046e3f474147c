package io.github.ntlmaffinity.cli.analyze.iis;

import java.time.Instant;

/**
 * One line of an IIS W3C log (or of HTTP.sys's error log), with the fields the analysis reads.
 * Empty fields ({@code -} in the file) are {@code null}; unknown numbers are -1. Internal, not API.
 *
 * @param time when, UTC, to the second as IIS logs it
 * @param server the server that wrote it (see {@link IisLogs} for how it is named)
 * @param file the file's display name
 * @param line the line number in it
 * @param method the request method
 * @param uri the URI stem (path)
 * @param clientIp {@code c-ip}: the TCP peer, the balancer's address behind one
 * @param clientPort the TCP peer's port ({@code REMOTE_PORT} or {@code c-port}), or -1
 * @param forwardedFor the first address of a logged {@code X-Forwarded-For}, or {@code null}
 * @param userAgent the user agent with IIS's {@code +} turned back into spaces, or {@code null}
 * @param user {@code cs-username}: the authenticated user, or {@code null}
 * @param status {@code sc-status}, or -1
 * @param substatus {@code sc-substatus}, or -1
 * @param win32Status {@code sc-win32-status}, or -1
 * @param protocol {@code cs-version}, e.g. {@code HTTP/1.1}, or {@code null}
 * @param reason HTTPERR's {@code s-reason}, e.g. {@code Timer_ConnectionIdle}, or {@code null}
 * @param connection the TCP peer as {@code ip:port} ({@link #hostPort}), or {@code null} when the
 *     port was not logged
 */
record IisEntry(
    Instant time,
    String server,
    String file,
    long line,
    String method,
    String uri,
    String clientIp,
    int clientPort,
    String forwardedFor,
    String userAgent,
    String user,
    int status,
    int substatus,
    long win32Status,
    String protocol,
    String reason,
    String connection) {

  /** Where it is: {@code file:line}. */
  String where() {
    return file + ":" + line;
  }

  /** {@code 401 1 2148074248}: the three numbers as IIS writes them. */
  String triple() {
    return status + " " + substatus + " " + win32Status;
  }

  /** {@code ip:port}, or {@code null} when the port is unknown (-1) or there is no address. */
  static String hostPort(String ip, int port) {
    if (port < 0 || ip == null) {
      return null;
    }
    return ip.indexOf(':') >= 0 ? '[' + ip + "]:" + port : ip + ':' + port;
  }

  /** The end client as far as the line tells: the forwarded-for address, else {@code c-ip}. */
  String client() {
    return forwardedFor != null ? forwardedFor : clientIp;
  }
}
