package io.github.ntlmaffinity.cli.probe;

import io.github.ntlmaffinity.Balancer;
import java.util.Locale;

/**
 * The probe's command line, parsed and checked at once.
 *
 * @param url the balancer's URL of the service
 * @param handshakes the most NEGOTIATEs the probe may send (each starts a handshake)
 * @param concurrency client connections at once in the concurrency check
 * @param balancer the balancer named by {@code --balancer}, or {@code null}
 * @param user <code>DOMAIN&#92;user</code> of the test account, or {@code null} (level 1)
 * @param passwordEnv the environment variable holding its password, or {@code null} (prompt)
 * @param backend a backend node's own URL, to confirm the account works, or {@code null}
 * @param json whether to print JSON
 * @param timeoutSeconds the longest the run may take
 * @param idleSeconds the pause of the idle check, 0 for none
 * @param trustStore a trust store file, or {@code null}
 * @param insecure whether TLS is not verified
 * @param probePath the backends' probe endpoint (level 3), a path on the URL's host, or {@code
 *     null}
 * @param help whether only the usage was asked for
 */
record ProbeOptions(
    String url,
    int handshakes,
    int concurrency,
    Balancer balancer,
    String user,
    String passwordEnv,
    String backend,
    boolean json,
    int timeoutSeconds,
    int idleSeconds,
    String trustStore,
    boolean insecure,
    String probePath,
    boolean help) {

  static final String USAGE =
      """
      usage: java -jar ntlm-affinity-cli.jar probe URL [options]

      Drives NTLM handshakes through the load balancer at URL (http or https) and says whether
      NTLM survives it: SAFE (exit 0), UNSAFE (1), INCONCLUSIVE (2), error (3).

        -n, --handshakes N     most handshakes (NEGOTIATEs) to send, default 16
        -c, --concurrency C    client connections at once in the concurrency check, default 4
        --balancer KIND        the balancer, for its advice: GENERIC, HAPROXY, NGINX, NGINX_PLUS,
                               F5_BIG_IP, CITRIX_NETSCALER, AVI, TRAEFIK, AWS,
                               AZURE_APPLICATION_GATEWAY, ENVOY (default: recognised, or GENERIC)
        --user DOMAIN\\user     a test account: real NTLMv2 logins (level 2)
        --password-env NAME    read its password from the environment variable NAME
                               (without it the password is asked for on the console)
        --backend URL          one backend node's own URL: one login there confirms the account
        --probe-path PATH      the backends run the ntlm-affinity filter with probePath=PATH
                               (e.g. /ntlm-affinity-probe): level 3, every leg's node and
                               backend connection, with the public probe account
        --idle SECONDS         also pause SECONDS between CHALLENGE and AUTHENTICATE
        --timeout SECONDS      never run longer, default 60
        --trust-store FILE     trust these certificates (PEM, DER, PKCS12 or JKS) for https
        --insecure             do not verify TLS certificates at all (warns on stderr)
        --json                 one JSON document with a top-level "verdict"
        -h, --help             this text
      """;

  /**
   * Parses the arguments after {@code probe}.
   *
   * @throws IllegalArgumentException saying what is wrong
   */
  static ProbeOptions parse(String[] args) {
    Builder b = new Builder();
    for (int i = 0; i < args.length; i++) {
      String arg = args[i];
      String value = null;
      int eq = arg.indexOf('=');
      if (arg.startsWith("--") && eq > 0) {
        value = arg.substring(eq + 1);
        arg = arg.substring(0, eq);
      }
      switch (arg) {
        case "-h", "--help" -> b.help = true;
        case "--json" -> b.json = true;
        case "--insecure" -> b.insecure = true;
        case "-n", "--handshakes" ->
            b.handshakes = number(arg, value(args, ++i, arg, value), 1, 1000);
        case "-c", "--concurrency" ->
            b.concurrency = number(arg, value(args, ++i, arg, value), 1, 64);
        case "--timeout" -> b.timeout = number(arg, value(args, ++i, arg, value), 1, 3600);
        case "--idle" -> b.idle = number(arg, value(args, ++i, arg, value), 0, 3600);
        case "--balancer" -> b.balancer = balancer(value(args, ++i, arg, value));
        case "--user" -> b.user = value(args, ++i, arg, value);
        case "--password-env" -> b.passwordEnv = value(args, ++i, arg, value);
        case "--backend" -> b.backend = value(args, ++i, arg, value);
        case "--trust-store" -> b.trustStore = value(args, ++i, arg, value);
        case "--probe-path" -> b.probePath = value(args, ++i, arg, value);
        case "--password", "-p" ->
            throw new IllegalArgumentException(
                "the password is never taken on the command line: use --password-env NAME, or"
                    + " leave it out to be asked");
        default -> {
          if (arg.startsWith("-")) {
            throw new IllegalArgumentException("unknown option " + Terminal.escape(arg));
          }
          if (b.url != null) {
            throw new IllegalArgumentException(
                "one URL only, got a second: " + Terminal.escape(arg));
          }
          b.url = arg;
        }
      }
      if (value != null && !takesValue(arg)) {
        throw new IllegalArgumentException(arg + " takes no value");
      }
    }
    if (b.help) {
      return b.build();
    }
    if (b.url == null) {
      throw new IllegalArgumentException("the URL of the service behind the balancer is missing");
    }
    if (b.passwordEnv != null && b.user == null) {
      throw new IllegalArgumentException("--password-env needs --user");
    }
    if (b.backend != null && b.user == null) {
      throw new IllegalArgumentException("--backend needs --user");
    }
    if (b.probePath != null && b.user != null) {
      throw new IllegalArgumentException(
          "--probe-path logs in with the endpoint's public probe account; --user (level 2) is for"
              + " the service's own logins: give one of them");
    }
    if (b.probePath != null && (b.probePath.isBlank() || b.probePath.strip().startsWith("//"))) {
      throw new IllegalArgumentException(
          "--probe-path needs a path on the URL's host, e.g. /ntlm-affinity-probe");
    }
    if (b.insecure && b.trustStore != null) {
      throw new IllegalArgumentException("--insecure and --trust-store exclude each other");
    }
    if (b.idle >= b.timeout) {
      throw new IllegalArgumentException("--idle must be shorter than --timeout");
    }
    return b.build();
  }

  /** Whether logins are made with the test account (level 2). */
  boolean level2() {
    return user != null;
  }

  /** Whether the backends' probe endpoint is used (level 3). */
  boolean level3() {
    return probePath != null;
  }

  private static boolean takesValue(String arg) {
    return !arg.equals("--json") && !arg.equals("--insecure") && !arg.equals("--help");
  }

  private static String value(String[] args, int i, String option, String inline) {
    if (inline != null) {
      return inline;
    }
    if (i >= args.length) {
      throw new IllegalArgumentException(option + " needs a value");
    }
    return args[i];
  }

  private static int number(String option, String value, int min, int max) {
    try {
      int n = Integer.parseInt(value.strip());
      if (n < min || n > max) {
        throw new IllegalArgumentException(option + " must be between " + min + " and " + max);
      }
      return n;
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(
          option + " needs a whole number, got " + Terminal.escape(value));
    }
  }

  private static Balancer balancer(String value) {
    String name = value.strip().toUpperCase(Locale.ROOT).replace('-', '_');
    try {
      return Balancer.valueOf(name);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(
          "unknown --balancer "
              + Terminal.escape(value)
              + "; one of "
              + java.util.Arrays.toString(Balancer.values()));
    }
  }

  private static final class Builder {
    String url;
    int handshakes = 16;
    int concurrency = 4;
    Balancer balancer;
    String user;
    String passwordEnv;
    String backend;
    boolean json;
    int timeout = 60;
    int idle;
    String trustStore;
    boolean insecure;
    String probePath;
    boolean help;

    ProbeOptions build() {
      return new ProbeOptions(
          url,
          handshakes,
          concurrency,
          balancer,
          user,
          passwordEnv,
          backend,
          json,
          timeout,
          idle,
          trustStore,
          insecure,
          probePath,
          help);
    }
  }
}
