package io.github.ntlmaffinity.cli.probe;

/**
 * The test account of level 2. The password never reaches any output: {@link #toString} hides it.
 *
 * @param domain the NetBIOS domain, possibly empty
 * @param user the user name
 * @param password the password
 */
record Credentials(String domain, String user, char[] password) {
  /**
   * The probe endpoint's account (level 3): public on purpose, it logs in nowhere but on the
   * ntlm-affinity filter's probe path, which grants nothing. The same as the filter's.
   */
  static final String PROBE_ACCOUNT = "ntlm-affinity-probe";

  private static final String PROBE_PASSWORD = "grants-nothing";

  /** The probe endpoint's public account. */
  static Credentials probeAccount() {
    return new Credentials("", PROBE_ACCOUNT, PROBE_PASSWORD.toCharArray());
  }

  /**
   * Parses <code>DOMAIN&#92;user</code> (or <code>user@domain</code>, or a bare user).
   *
   * @throws IllegalArgumentException when the user name is empty
   */
  static Credentials parse(String qualified, char[] password) {
    String domain = "";
    String user = qualified;
    int slash = qualified.indexOf('\\');
    int at = qualified.lastIndexOf('@');
    if (slash >= 0) {
      domain = qualified.substring(0, slash);
      user = qualified.substring(slash + 1);
    } else if (at > 0) {
      user = qualified.substring(0, at);
      domain = qualified.substring(at + 1);
    }
    if (user.isEmpty()) {
      throw new IllegalArgumentException("--user needs a user name: DOMAIN\\user");
    }
    return new Credentials(domain, user, password);
  }

  /** <code>DOMAIN&#92;user</code>. */
  String qualified() {
    return domain.isEmpty() ? user : domain + '\\' + user;
  }

  @Override
  public String toString() {
    return qualified() + ":***";
  }

  @Override
  public boolean equals(Object o) {
    return this == o;
  }

  @Override
  public int hashCode() {
    return System.identityHashCode(this);
  }
}
