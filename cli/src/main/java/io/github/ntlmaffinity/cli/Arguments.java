package io.github.ntlmaffinity.cli;

/**
 * The parsed command line. Grammar:
 *
 * <pre>
 * decode [--pretty] [--] [&lt;header&gt; | &lt;value&gt; | &lt;token&gt; | -]
 * --help | -h | help
 * </pre>
 *
 * Options may come before or after the command. The words after {@code decode} are joined with
 * single spaces, so a header line need not be quoted: {@code decode Authorization: NTLM TlRM...}.
 * No words, or {@code -}, reads standard input.
 *
 * @param help whether to print the usage and stop
 * @param pretty whether to indent the JSON
 * @param input the header, value or token to decode, or {@code null} to read standard input
 */
record Arguments(boolean help, boolean pretty, String input) {

  static final String USAGE =
      """
      Usage: java -jar ntlm-affinity-cli.jar decode [--pretty] [<header> | <value> | <token> | -]

      Decodes NTLM and Negotiate authentication headers into JSON: one object per header, on
      one line (indented with --pretty), with a one-line "summary" for people.

        <header>   a whole header line, e.g.  Authorization: NTLM TlRMTVNTUAADAAAA...
                   (Authorization, WWW-Authenticate, Proxy-Authorization, Proxy-Authenticate;
                   a leading "> " or "< " as in curl -v output is ignored)
        <value>    a header value, e.g.  NTLM TlRMTVNTUAADAAAA...  or  Negotiate oYIB...
        <token>    a bare base64 token: NTLMSSP is read as NTLM, anything else as Negotiate
        -          read standard input, one header per line, blank lines skipped
                   (also when nothing follows decode)

      A WWW-Authenticate with several challenges prints the one that carries a token; when
      none does it prints {"kind":"offers", "offers":[...]} listing them all.

      Options:
        --pretty     indent the JSON
        -h, --help   print this help

      Exit status: 0 all decoded (Kerberos, Basic and bare offers included), 1 some input was
      malformed or not an authentication header, 2 usage error, 3 internal or I/O error.
      """;

  /**
   * Parses the command line.
   *
   * @throws UsageException when it does not follow the grammar
   */
  static Arguments parse(String... args) {
    boolean help = false;
    boolean pretty = false;
    boolean optionsEnded = false;
    String command = null;
    StringBuilder input = null;
    for (String arg : args) {
      if (!optionsEnded && arg.startsWith("-") && !arg.equals("-")) {
        switch (arg) {
          case "--pretty" -> pretty = true;
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
    if (help || "help".equals(command)) {
      return new Arguments(true, pretty, null);
    }
    if (command == null) {
      throw new UsageException("missing command: decode");
    }
    if (!command.equals("decode")) {
      throw new UsageException("unknown command " + command + ", expected decode");
    }
    if (input == null || input.toString().equals("-")) {
      return new Arguments(false, pretty, null);
    }
    if (input.toString().startsWith("- ")) {
      throw new UsageException("- (standard input) takes no other input");
    }
    return new Arguments(false, pretty, input.toString());
  }

  /** Whether to read standard input. */
  boolean readsStdin() {
    return !help && input == null;
  }

  /** A command line that does not follow the grammar; its message says why. */
  static final class UsageException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    UsageException(String message) {
      super(message, null, false, false);
    }
  }
}
