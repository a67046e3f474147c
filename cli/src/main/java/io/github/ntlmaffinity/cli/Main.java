package io.github.ntlmaffinity.cli;

import static java.nio.charset.StandardCharsets.UTF_8;

import java.io.BufferedReader;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.PrintStream;
import java.io.Writer;

/**
 * {@code java -jar ntlm-affinity-cli.jar decode <header-or-token>}: decodes NTLM and Negotiate
 * authentication headers into JSON. See {@link Arguments#USAGE} for the command line and {@link
 * DecodeCommand} for the output.
 */
public final class Main {
  private Main() {}

  public static void main(String[] args) {
    System.exit(run(args, System.in, System.out, System.err, System.console() != null));
  }

  /**
   * As {@link #run(String[], InputStream, OutputStream, OutputStream, boolean)}, not on a terminal.
   */
  static int run(String[] args, InputStream stdin, OutputStream stdout, OutputStream stderr) {
    return run(args, stdin, stdout, stderr, false);
  }

  /** The version in the jar's manifest, or a note that this is no jar build. */
  static String version() {
    String v = Main.class.getPackage().getImplementationVersion();
    return "ntlm-affinity-cli " + (v == null ? "(development build, no jar manifest)" : v);
  }

  /**
   * Runs the tool on the given streams, as {@link #main} does on the process's own. Never throws:
   * every failure is printed as a JSON object on {@code stdout} (usage errors as text on {@code
   * stderr}) and turned into an exit status.
   *
   * @param terminal whether standard output is a terminal: {@code decode} then prints text
   * @return the exit status: 0 decoded, 1 malformed input, 2 usage error, 3 internal error
   */
  static int run(
      String[] args,
      InputStream stdin,
      OutputStream stdout,
      OutputStream stderr,
      boolean terminal) {
    String name = commandOf(args);
    if ("probe".equals(name)) {
      return io.github.ntlmaffinity.cli.probe.ProbeCommand.run(
          rest(args, name), stdin, stdout, stderr);
    }
    if ("analyze".equals(name)) {
      return io.github.ntlmaffinity.cli.analyze.AnalyzeCommand.run(
          rest(args, name), stdin, stdout, stderr);
    }
    Arguments arguments;
    try {
      arguments = Arguments.parse(args);
    } catch (Arguments.UsageException e) {
      PrintStream err = new PrintStream(stderr, true, UTF_8);
      err.println("error: " + e.getMessage());
      err.println();
      err.print(Arguments.USAGE);
      err.flush();
      return DecodeCommand.EXIT_USAGE;
    }
    Writer out = new BufferedWriter(new OutputStreamWriter(stdout, UTF_8));
    if (arguments.help()) {
      return print(out, Arguments.USAGE);
    }
    if (arguments.version()) {
      return print(out, version() + "\n");
    }
    if (arguments.text(terminal)) {
      DecodeText text = new DecodeText(out);
      try {
        if (arguments.readsStdin()) {
          text.decodeLines(new BufferedReader(new InputStreamReader(stdin, UTF_8)));
        } else {
          text.decode(arguments.input());
        }
        return text.exitStatus();
      } catch (IOException e) {
        return textLastWords(stderr, "I/O error: " + e.getMessage());
      } catch (RuntimeException e) {
        return textLastWords(stderr, "internal error: " + e.getClass().getName());
      }
    }
    DecodeCommand command = new DecodeCommand(out, arguments.pretty());
    try {
      if (arguments.readsStdin()) {
        command.decodeLines(new BufferedReader(new InputStreamReader(stdin, UTF_8)));
      } else {
        command.decode(arguments.input());
      }
      return command.exitStatus();
    } catch (IOException e) {
      return lastWords(command, "IO_ERROR", e);
    } catch (RuntimeException | Error e) {
      return lastWords(command, "INTERNAL_ERROR", e);
    }
  }

  private static int textLastWords(OutputStream stderr, String message) {
    PrintStream err = new PrintStream(stderr, true, UTF_8);
    err.println("error: " + DecodeText.clean(message));
    return DecodeCommand.EXIT_INTERNAL;
  }

  /** The first word that is not an option: the command's name, or {@code null}. */
  private static String commandOf(String[] args) {
    for (String arg : args) {
      if (arg.equals("--")) {
        return null;
      }
      if (!arg.startsWith("-") || arg.equals("-")) {
        return arg;
      }
    }
    return null;
  }

  /** The arguments without the command's name. */
  private static String[] rest(String[] args, String command) {
    java.util.List<String> rest = new java.util.ArrayList<>(java.util.Arrays.asList(args));
    rest.remove(command);
    return rest.toArray(new String[0]);
  }

  private static int print(Writer out, String text) {
    try {
      out.write(text);
      out.flush();
      return DecodeCommand.EXIT_OK;
    } catch (IOException e) {
      return DecodeCommand.EXIT_INTERNAL;
    }
  }

  /** Tries to report a failure as JSON; when even that fails there is nothing left to say. */
  private static int lastWords(DecodeCommand command, String reason, Throwable e) {
    try {
      command.error(reason, e);
    } catch (IOException | RuntimeException ignored) {
      // stdout itself is broken
    }
    return DecodeCommand.EXIT_INTERNAL;
  }
}
