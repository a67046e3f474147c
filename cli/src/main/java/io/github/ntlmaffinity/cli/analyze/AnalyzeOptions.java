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
                                                         [--server IP[:PORT]]... [--balancer NAME]
                                                         [--setting KEY=VALUE]...

      Reads packet captures (pcap, pcapng) taken between a load balancer and its NTLM servers,
      rebuilds every NTLM handshake (which TCP connection and which server each leg reached) and
      reports the handshakes the balancer broke, with the filter's findings and advice. The
      format is recognised from the content. Several files are merged by time.

        --json            print the report as JSON instead of text
        --html FILE       also write a self-contained HTML report with a timeline
        --server IP[:P]   this address (and port) is a server; repeatable. By default a server
                          is the side that sends HTTP responses
        --balancer NAME   word the advice for this balancer (nginx, haproxy, f5, ...)
        --setting K=V     another engine setting of the filter's table, e.g.
                          trustedProxies=10.0.0.0/8 (trust X-Forwarded-For from the balancer)
        -h, --help        print this help

      Exit status: 0 no broken handshake, 1 broken handshakes found, 2 nothing to analyse
      (no NTLM over HTTP/1.x) or some input read only in part, 3 usage error, unreadable or
      unrecognised file.
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
