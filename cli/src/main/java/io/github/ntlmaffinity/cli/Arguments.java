package io.github.ntlmaffinity.cli;

/**
 * The parsed command line. Grammar:
 *
 * <pre>
 * decode [--text | --json [--pretty]] [--] [&lt;header&gt; | &lt;value&gt; | &lt;token&gt; | -]
 * --help | -h | help
 * --version
 * </pre>
 *
 * Options may come before or after the command. The words after {@code decode} are joined with
 * single spaces, so a header line need not be quoted: {@code decode Authorization: NTLM TlRM...}.
 * No words, or {@code -}, reads standard input.
 *
 * @param help whether to print the usage and stop
 * @param pretty whether to indent the JSON
 * @param input the header, value or token to decode, or {@code null} to read standard input
 * @param output text for a person, JSON, or chosen by whether standard output is a terminal
 * @param version whether to print the version and stop
 */
record Arguments(boolean help, boolean pretty, String input, Output output, boolean version) {

  /** What {@code decode} prints. */
  enum Output {
    /** Text when standard output is a terminal, else JSON. */
    AUTO,
    /** {@code --text}: readable blocks. */
    TEXT,
    /** {@code --json} (or {@code --pretty}): one JSON object per header. */
    JSON
  }

  static final String USAGE =
      """
      Usage: java -jar ntlm-affinity-cli.jar decode [--text | --json [--pretty]]
                                                   [<header> | <value> | <token> | -]
             java -jar ntlm-affinity-cli.jar --version

      Decodes NTLM and Negotiate authentication headers. On a terminal it prints a block per
      header for a person: message type, flags in words, names, and for an AUTHENTICATE the
      node that issued the CHALLENGE it answers and that CHALLENGE's exact time. Piped, or
      with --json, it prints one JSON object per header (see docs), as before.

        <header>   a whole header line, e.g.  Authorization: NTLM TlRMTVNTUAADAAAA...
                   (Authorization, WWW-Authenticate, Proxy-Authorization, Proxy-Authenticate;
                   a leading "> " or "< " as in curl -v output is ignored)
        <value>    a header value, e.g.  NTLM TlRMTVNTUAADAAAA...  or  Negotiate oYIB...
        <token>    a bare base64 token: NTLMSSP is read as NTLM, anything else as Negotiate
        -          read standard input, one header per line (also when nothing follows
                   decode). As text, a whole curl -v trace or HTTP dump can be given: lines
                   that are not authentication headers are skipped and counted, and each
                   AUTHENTICATE says which line carried the CHALLENGE it answers.

      Try it:
        java -jar ntlm-affinity-cli.jar decode --text \\
          Authorization: NTLM TlRMTVNTUAABAAAAAYIIogAAAAAoAAAAAAAAACgAAAAFASgKAAAADw==
        curl -v --ntlm -u 'DOM\\user' https://app.example/ 2>&1 \\
          | java -jar ntlm-affinity-cli.jar decode --text

      A WWW-Authenticate with several challenges prints the one that carries a token; when
      none does it prints the offers.

      Options:
        --text       readable blocks (the default on a terminal)
        --json       one JSON object per header, on one line (the default when piped)
        --pretty     indent the JSON (implies --json)
        --version    print the version
        -h, --help   print this help

      Exit status: 0 all decoded (Kerberos, Basic and bare offers included), 1 some input was
      malformed or not an authentication header, 2 usage error, 3 internal or I/O error.
      No token bytes are printed: names, flags and times only.
      """;

  /** The example header line in {@link #USAGE}: a real NEGOTIATE (Apache HttpClient 5). */
  static final String SAMPLE =
      "Authorization: NTLM TlRMTVNTUAABAAAAAYIIogAAAAAoAAAAAAAAACgAAAAFASgKAAAADw==";

  Arguments(boolean help, boolean pretty, String input) {
    this(help, pretty, input, pretty ? Output.JSON : Output.AUTO, false);
  }

  /**
   * Parses the command line.
   *
   * @throws UsageException when it does not follow the grammar
   */
  static Arguments parse(String... args) {
    boolean help = false;
    boolean pretty = false;
    boolean version = false;
    Output output = Output.AUTO;
    boolean optionsEnded = false;
    String command = null;
    StringBuilder input = null;
    for (String arg : args) {
      if (!optionsEnded && arg.startsWith("-") && !arg.equals("-")) {
        switch (arg) {
          case "--pretty" -> pretty = true;
          case "--text" -> output = only(output, Output.TEXT);
          case "--json" -> output = only(output, Output.JSON);
          case "--version" -> version = true;
          case "--help", "-h" -> help = true;
          case "--" -> optionsEnded = true;
          default -> throw new UsageException("unknown option " + arg);
        }
      } else if (command == null) {
        command = arg;
      } else {
        input = input == null ? new StringBuilder(arg) : input.append(' ').append(arg);
      }
    }
    if (pretty) {
      if (output == Output.TEXT) {
        throw new UsageException("--pretty indents JSON: it does not go with --text");
      }
      output = Output.JSON;
    }
    if (help || "help".equals(command)) {
      return new Arguments(true, pretty, null, output, false);
    }
    if (version) {
      return new Arguments(false, pretty, null, output, true);
    }
    if (command == null) {
      throw new UsageException("missing command: decode");
    }
    if (!command.equals("decode")) {
      throw new UsageException("unknown command " + command + ", expected decode");
    }
    if (input == null || input.toString().equals("-")) {
      return new Arguments(false, pretty, null, output, false);
    }
    if (input.toString().startsWith("- ")) {
      throw new UsageException("- (standard input) takes no other input");
    }
    return new Arguments(false, pretty, input.toString(), output, false);
  }

  private static Output only(Output before, Output chosen) {
    if (before != Output.AUTO && before != chosen) {
      throw new UsageException("--text and --json exclude each other");
    }
    return chosen;
  }

  /** Whether to print text: asked for, or by default on a terminal. */
  boolean text(boolean terminal) {
    return output == Output.TEXT || output == Output.AUTO && terminal;
  }

  /** Whether to read standard input. */
  boolean readsStdin() {
    return !help && !version && input == null;
  }

  /** A command line that does not follow the grammar; its message says why. */
  static final class UsageException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    UsageException(String message) {
      super(message, null, false, false);
    }
  }
}
