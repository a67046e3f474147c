package io.github.ntlmaffinity.examples;

/**
 * One login the demo's clients attempted through the balancer.
 *
 * @param id the login's id; every request of it carries {@code X-Request-Id: <id>} (the jcifs-ng
 *     client adds {@code /1}, {@code /2}, {@code /3} per request)
 * @param client {@code jcifs-ng} or {@code JDK}
 * @param user <code>DOMAIN&#92;user</code>
 * @param workstation the workstation name its AUTHENTICATE carries
 * @param clientAddress the client's own address (each demo client has one)
 * @param clientPort the client's port of its connection to the balancer, or 0 when unknown (the JDK
 *     chooses its connections itself)
 * @param concurrent whether it ran at the same time as others
 * @param ok whether it ended with 200
 * @param status the last status the client saw, or 0 when it failed before one
 * @param error what went wrong outside HTTP (an I/O error), or {@code null}
 */
record Login(
    String id,
    String client,
    String user,
    String workstation,
    String clientAddress,
    int clientPort,
    boolean concurrent,
    boolean ok,
    int status,
    String error) {

  static final String JCIFS = "jcifs-ng";
  static final String JDK = "JDK";
}
