package io.github.ntlmaffinity.cli.probe;

import io.github.ntlmaffinity.Balancer;
import java.io.Console;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * {@code java -jar ntlm-affinity-cli.jar probe URL [options]}: is this load balancer NTLM-safe?
 * Drives NTLM handshakes through it from the outside and prints one verdict, then each check with
 * its evidence and advice. See {@link ProbeOptions#USAGE} and {@code docs/probe.md}.
 *
 * <p>Exit status: 0 SAFE, 1 UNSAFE, 2 INCONCLUSIVE, 3 usage or connection error.
 */
public final class ProbeCommand {
  static final int EXIT_ERROR = 3;

  private ProbeCommand() {}

  /** Runs the command; never throws. Returns the exit status. */
  public static int run(
      String[] args, InputStream stdin, OutputStream stdout, OutputStream stderr) {
    return run(args, stdout, stderr, System::getenv, ProbeCommand::prompt);
  }

  /**
   * Runs the command with the given environment and password prompt (tests give their own).
   *
   * @param env the environment variables
   * @param prompt asks for the password of the named account, or returns {@code null} when it
   *     cannot ask
   */
  static int run(
      String[] args,
      OutputStream stdout,
      OutputStream stderr,
      Function<String, String> env,
      Function<String, char[]> prompt) {
    PrintStream out = new PrintStream(stdout, true, StandardCharsets.UTF_8);
    PrintStream err = new PrintStream(stderr, true, StandardCharsets.UTF_8);
    ProbeOptions options;
    try {
      options = ProbeOptions.parse(args);
    } catch (IllegalArgumentException e) {
      err.println("error: " + e.getMessage());
      err.println();
      err.print(ProbeOptions.USAGE);
      return EXIT_ERROR;
    }
    if (options.help()) {
      out.print(ProbeOptions.USAGE);
      return 0;
    }
    try {
      Report report = probe(options, err, env, prompt);
      out.print(options.json() ? JsonReport.of(report) : report.text());
      out.flush();
      return report.verdict().kind().exitStatus();
    } catch (ProbeFailure e) {
      return fail(options, out, err, e.getMessage());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return fail(options, out, err, "interrupted");
    } catch (RuntimeException | Error e) {
      return fail(options, out, err, "internal error (" + e.getClass().getSimpleName() + ")");
    }
  }

  private static Report probe(
      ProbeOptions options,
      PrintStream err,
      Function<String, String> env,
      Function<String, char[]> prompt)
      throws ProbeFailure, InterruptedException {
    Tls tls = tls(options, err);
    Target target;
    Target backendTarget = null;
    try {
      target = Target.of(options.url(), tls);
      if (options.level3()) {
        target = Target.of(target.uri().resolve(options.probePath().strip()).toString(), tls);
      }
      if (options.backend() != null) {
        backendTarget = Target.of(options.backend(), tls);
      }
    } catch (IllegalArgumentException e) {
      throw new ProbeFailure(e.getMessage());
    }
    Credentials credentials = options.level3() ? Credentials.probeAccount() : null;
    if (options.level2()) {
      char[] password = password(options, env, prompt);
      try {
        credentials = Credentials.parse(options.user(), password);
      } catch (IllegalArgumentException e) {
        throw new ProbeFailure(e.getMessage());
      }
    }
    Deadline deadline = new Deadline(options.timeoutSeconds() * 1000L);
    Budget budget = new Budget(options.handshakes());
    long idle = options.idleSeconds() * 1000L;
    Session session = new Session(target, deadline, budget, credentials, idle);
    Session backend =
        backendTarget == null ? null : new Session(backendTarget, deadline, budget, credentials, 0);
    Prober.Run run = new Prober(session, backend, options, progress(err)).run();
    Evaluation evaluation = new Evaluation(run, credentials != null, options.level3());
    var checks = evaluation.checks();
    Verdict verdict = evaluation.verdict(checks);
    Balancer balancer = options.balancer();
    String source = "--balancer";
    if (balancer == null) {
      BalancerRecognizer.Recognition r = session.recognizer().recognition();
      balancer = r == null ? Balancer.GENERIC : r.balancer();
      source =
          r == null
              ? "not recognised from the responses: generic advice; name it with --balancer KIND"
              : "recognised: " + r.evidence();
    }
    String confirmation = null;
    if (run.confirmation() != null) {
      confirmation =
          run.confirmation().outcome() == Attempt.Outcome.LOGGED_IN
              ? "logs in on the backend node " + Terminal.escape(options.backend())
              : "refused on the backend node "
                  + Terminal.escape(options.backend())
                  + ": check the user name and password";
    }
    return new Report(
        Terminal.escape(options.url()),
        credentials == null ? null : Terminal.escape(credentials.qualified()),
        options.level3() ? Terminal.escape(target.uri().toString()) : null,
        balancer,
        source,
        confirmation,
        verdict,
        checks,
        run.handshakes(),
        options.handshakes());
  }

  private static Tls tls(ProbeOptions options, PrintStream err) throws ProbeFailure {
    try {
      if (options.insecure()) {
        err.println(
            "WARNING: --insecure: TLS certificates and host names are NOT verified. Anyone on the"
                + " path can pose as the balancer. Use --trust-store FILE for an internal CA.");
        return Tls.insecure();
      }
      if (options.trustStore() != null) {
        return Tls.trusting(Path.of(options.trustStore()));
      }
      return Tls.standard();
    } catch (IOException | GeneralSecurityException | RuntimeException e) {
      throw new ProbeFailure(
          "cannot use the trust store "
              + Terminal.escape(String.valueOf(options.trustStore()))
              + ": "
              + Terminal.escape(e.getMessage()));
    }
  }

  private static char[] password(
      ProbeOptions options, Function<String, String> env, Function<String, char[]> prompt)
      throws ProbeFailure {
    if (options.passwordEnv() != null) {
      String value = env.apply(options.passwordEnv());
      if (value == null || value.isEmpty()) {
        throw new ProbeFailure(
            "the environment variable "
                + Terminal.escape(options.passwordEnv())
                + " (--password-env) is not set or empty");
      }
      return value.toCharArray();
    }
    char[] password = prompt.apply(options.user());
    if (password == null) {
      throw new ProbeFailure(
          "no console to ask for the password: give --password-env NAME and put the password in"
              + " the environment variable NAME");
    }
    return password;
  }

  private static char[] prompt(String user) {
    Console console = System.console();
    return console == null ? null : console.readPassword("password for %s: ", user);
  }

  /** Progress lines on stderr, once the run has taken a second. */
  private static Consumer<String> progress(PrintStream err) {
    long start = System.nanoTime();
    return line -> {
      long ms = (System.nanoTime() - start) / 1_000_000L;
      if (ms >= 1000) {
        err.printf("probe: %s (%.1f s)%n", line, ms / 1000.0);
      }
    };
  }

  private static int fail(ProbeOptions options, PrintStream out, PrintStream err, String message) {
    err.println("error: " + message);
    if (options.json()) {
      out.print(JsonReport.error(message));
      out.flush();
    }
    return EXIT_ERROR;
  }
}
