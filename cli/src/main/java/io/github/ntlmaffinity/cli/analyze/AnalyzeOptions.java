package io.github.ntlmaffinity.cli.analyze;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The parsed command line of {@code analyze}.
 *
 * @param files the input files, in the order given
 * @param json whether to print JSON instead of text
 * @param html where to write the HTML report, or {@code null}
 * @param servers the {@code --server} values ({@code IP} or {@code IP:PORT}, IPv6 as {@code
 *     [addr]:port})
 * @param settings engine settings ({@code --balancer NAME} becomes {@code balancer})
 * @param help whether to print the usage and stop
 */
record AnalyzeOptions(
    List<String> files,
    boolean json,
    String html,
    List<String> servers,
    Map<String, String> settings,
    boolean help) {

  static final String USAGE =
      """
      Usage: java -jar ntlm-affinity-cli.jar analyze FILE... [--json] [--html REPORT.html]
                                                         [--server IP[:PORT] | NAME=FILE]...
                                                         [--balancer NAME] [--setting KEY=VALUE]...

      Rebuilds every NTLM handshake that FILE... recorded (which connection and which server
      each leg reached), joins each AUTHENTICATE to the CHALLENGE it answers, and reports the
      handshakes the load balancer broke, with the filter's findings and advice. Three kinds
      of input, one kind per run, recognised from the content (never the file name):

        packet captures  pcap or pcapng taken between the balancer and its servers;
                         several files are merged by time
        IIS W3C logs     u_ex*.log of one or more servers (also u_ex*_x.log with custom
                         fields such as REMOTE_PORT and X-Forwarded-For, and HTTP.sys
                         httperr*.log), merged by time
        HAR files        saved from the browser's developer tools; every Authorization and
                         WWW-Authenticate token in them is decoded

        --json             print the report as JSON instead of text
        --html FILE        also write a self-contained HTML report with a timeline
        --server IP[:P]    captures: this address (and port) is a server; repeatable. By
                           default a server is the side that sends HTTP responses
        --server NAME=FILE IIS logs: FILE was written by server NAME; repeatable. By default
                           s-computername, else the file's folder, s-ip:s-port or file name
        --balancer NAME    word the advice for this balancer (haproxy, nginx, nginx-plus,
                           f5-big-ip, citrix-netscaler, avi, traefik, aws, ...)
        --setting K=V      another engine setting of the filter's table, e.g.
                           trustedProxies=10.0.0.0/8 (trust X-Forwarded-For from the balancer)
        -h, --help         print this help

      Exit status: 0 no broken handshake, 1 broken handshakes found, 2 nothing to analyse
      (no NTLM handshake in the input) or some input read only in part, 3 usage error,
      unreadable or unrecognised file.
      """;

  /** The engine settings that make sense for a replay (the filter's configuration keys). */
  static final List<String> SETTINGS =
      List.of(
          "trustedProxies",
          "affinityCookies",
          "balancer",
          "challengeTimeout",
          "connectionIdleTimeout",
          "maxConnections",
          "maxChallenges",
          "repeatedHandshakeThreshold",
          "repeatedHandshakeWindow");

  static AnalyzeOptions parse(String[] args) {
    List<String> files = new ArrayList<>();
    List<String> servers = new ArrayList<>();
    Map<String, String> settings = new LinkedHashMap<>();
    boolean json = false;
    boolean help = false;
    boolean ended = false;
    String html = null;
    for (int i = 0; i < args.length; i++) {
      String a = args[i];
      if (ended || !a.startsWith("-") || a.equals("-")) {
        files.add(a);
        continue;
      }
      switch (a) {
        case "--" -> ended = true;
        case "--json" -> json = true;
        case "-h", "--help" -> help = true;
        case "--html" -> html = value(args, ++i, a);
        case "--server" -> servers.add(value(args, ++i, a));
        case "--balancer" -> settings.put("balancer", value(args, ++i, a));
        case "--setting" -> setting(value(args, ++i, a), settings);
        default -> throw new IllegalArgumentException("unknown option " + a);
      }
    }
    if (!help && files.isEmpty()) {
      throw new IllegalArgumentException("no input file");
    }
    return new AnalyzeOptions(files, json, html, servers, settings, help);
  }

  private static void setting(String keyValue, Map<String, String> settings) {
    int eq = keyValue.indexOf('=');
    String key = eq < 0 ? keyValue : keyValue.substring(0, eq);
    if (eq <= 0 || !SETTINGS.contains(key)) {
      throw new IllegalArgumentException(
          "--setting " + keyValue + ": expected KEY=VALUE with KEY one of " + SETTINGS);
    }
    settings.put(key, keyValue.substring(eq + 1));
  }

  private static String value(String[] args, int i, String option) {
    if (i >= args.length || args[i].isEmpty()) {
      throw new IllegalArgumentException(option + " needs a value");
    }
    return args[i];
  }
}
