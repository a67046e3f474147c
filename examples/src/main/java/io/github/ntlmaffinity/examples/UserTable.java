package io.github.ntlmaffinity.examples;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The demo acceptor's accounts, and the credentials the demo clients log in with. Text form: one
 * account a line, <code>DOMAIN&#92;user:password</code>; blank lines and lines starting with {@code
 * #} are skipped. The default table holds {@code EXAMPLE\alice} with password {@code Passw0rd!}.
 *
 * <p>Domain and user are matched case-insensitively, as Windows does; the password exactly.
 */
public final class UserTable {
  private final Map<String, Account> accounts;

  private UserTable(Map<String, Account> accounts) {
    if (accounts.isEmpty()) {
      throw new IllegalArgumentException("the user table has no account");
    }
    this.accounts = accounts;
  }

  /** {@code EXAMPLE\alice} / {@code Passw0rd!}. */
  public static UserTable defaults() {
    return parse(List.of("EXAMPLE\\alice:Passw0rd!"));
  }

  /** Reads a table file (UTF-8). */
  public static UserTable read(Path file) throws IOException {
    try {
      return parse(Files.readAllLines(file, StandardCharsets.UTF_8));
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(file + ": " + e.getMessage(), e);
    }
  }

  /**
   * Parses lines <code>DOMAIN&#92;user:password</code>.
   *
   * @throws IllegalArgumentException naming the line that is not of that form
   */
  public static UserTable parse(List<String> lines) {
    Map<String, Account> accounts = new LinkedHashMap<>();
    int number = 0;
    for (String raw : lines) {
      number++;
      String line = raw.strip();
      if (line.isEmpty() || line.startsWith("#")) {
        continue;
      }
      int slash = line.indexOf('\\');
      int colon = line.indexOf(':');
      if (slash <= 0 || colon <= slash + 1) {
        throw new IllegalArgumentException(
            "line " + number + ": expected DOMAIN\\user:password, got '" + line + "'");
      }
      Account account =
          new Account(
              line.substring(0, slash),
              line.substring(slash + 1, colon),
              line.substring(colon + 1));
      accounts.put(key(account.domain(), account.user()), account);
    }
    return new UserTable(accounts);
  }

  /**
   * The password of <code>domain&#92;user</code>, or {@code null} when there is no such account.
   */
  String password(String domain, String user) {
    Account account = accounts.get(key(domain, user));
    return account == null ? null : account.password();
  }

  /** The accounts in file order. */
  public List<Account> accounts() {
    return new ArrayList<>(accounts.values());
  }

  private static String key(String domain, String user) {
    return (domain == null ? "" : domain.toUpperCase(Locale.ROOT))
        + '\\'
        + (user == null ? "" : user.toLowerCase(Locale.ROOT));
  }

  /**
   * One account.
   *
   * @param domain the NetBIOS domain, e.g. {@code EXAMPLE}
   * @param user the user name, e.g. {@code alice}
   * @param password the password
   */
  public record Account(String domain, String user, String password) {

    /** <code>DOMAIN&#92;user</code>. */
    public String qualified() {
      return domain + '\\' + user;
    }

    @Override
    public String toString() {
      return qualified() + ":***";
    }
  }
}
