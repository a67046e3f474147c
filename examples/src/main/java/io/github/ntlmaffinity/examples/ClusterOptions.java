package io.github.ntlmaffinity.examples;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;

/**
 * The example cluster's command line.
 *
 * @param modes the balancer modes to run, in order
 * @param serve keep everything running after the report
 * @param nodesOnly start only the two nodes, on {@code portA} and {@code portB}
 * @param portA node-a's port with {@code --nodes-only}, or with {@code --serve} and one mode
 * @param portB node-b's port with {@code --nodes-only}, or with {@code --serve} and one mode
 * @param port the balancer's port with {@code --serve} and one mode; 0: any free port
 * @param users the user table file, or {@code null} for the default table
 * @param help print the usage
 */
record ClusterOptions(
    List<LoadBalancer.Mode> modes,
    boolean serve,
    boolean nodesOnly,
    int portA,
    int portB,
    int port,
    Path users,
    boolean help) {

  static final int DEFAULT_PORT_A = 8081;
  static final int DEFAULT_PORT_B = 8082;

  static final String USAGE =
      """
      usage: ExampleCluster [--mode round-robin|cookie-pooled|sticky|all] [--serve] [--users FILE]
             ExampleCluster --nodes-only [--port-a PORT] [--port-b PORT] [--users FILE]

        --mode MODE     the balancer to put in front of the two nodes (default: all, one after another)
                          round-robin    every request to the next node, pooled backend connections
                          cookie-pooled  node persistence by cookie, pooled shared backend connections
                          sticky         one node and one backend connection per client connection
        --serve         keep everything running after the report (Ctrl-C stops), to open the pages
        --nodes-only    start only node-a and node-b and print their URLs, to put your own balancer
                        (nginx, HAProxy) in front of them
        --port PORT     the balancer's port with --serve and one --mode (default: any free port),
                        to point a browser or plan a tunnel
        --port-a PORT   node-a's port with --nodes-only (default 8081), or with --serve and one mode
        --port-b PORT   node-b's port with --nodes-only (default 8082), or with --serve and one mode
        --users FILE    accounts, one a line: DOMAIN\\user:password (default: EXAMPLE\\alice, Passw0rd!)
        --help          this text
      """;

  /**
   * Parses the arguments.
   *
   * @throws IllegalArgumentException with a message naming the bad argument
   */
  static ClusterOptions parse(String... args) {
    Set<LoadBalancer.Mode> modes = EnumSet.allOf(LoadBalancer.Mode.class);
    boolean serve = false;
    boolean nodesOnly = false;
    Integer portA = null;
    Integer portB = null;
    Integer port = null;
    Path users = null;
    boolean help = false;
    for (int i = 0; i < args.length; i++) {
      String arg = args[i];
      switch (arg) {
        case "--mode" -> {
          String value = value(args, ++i, arg);
          modes =
              value.equalsIgnoreCase("all")
                  ? EnumSet.allOf(LoadBalancer.Mode.class)
                  : EnumSet.of(LoadBalancer.Mode.of(value));
        }
        case "--serve" -> serve = true;
        case "--nodes-only" -> nodesOnly = true;
        case "--port-a" -> portA = port(value(args, ++i, arg), arg);
        case "--port-b" -> portB = port(value(args, ++i, arg), arg);
        case "--port" -> port = port(value(args, ++i, arg), arg);
        case "--users" -> users = Path.of(value(args, ++i, arg));
        case "--help", "-h" -> help = true;
        default -> throw new IllegalArgumentException("unknown argument '" + arg + "'");
      }
    }
    boolean servesOne = serve && !nodesOnly && modes.size() == 1;
    if (!nodesOnly && !servesOne && (portA != null || portB != null || port != null)) {
      throw new IllegalArgumentException(
          "--port, --port-a and --port-b go with --nodes-only, or with --serve and one --mode");
    }
    if (nodesOnly && port != null) {
      throw new IllegalArgumentException("--port is the balancer's: --nodes-only starts none");
    }
    int a = portA == null ? (nodesOnly ? DEFAULT_PORT_A : 0) : portA;
    int b = portB == null ? (nodesOnly ? DEFAULT_PORT_B : 0) : portB;
    int p = port == null ? 0 : port;
    if ((a == b && a != 0) || (p != 0 && (p == a || p == b))) {
      throw new IllegalArgumentException("two servers cannot share port " + (a == b ? a : p));
    }
    return new ClusterOptions(new ArrayList<>(modes), serve, nodesOnly, a, b, p, users, help);
  }

  private static String value(String[] args, int i, String name) {
    if (i >= args.length || args[i].startsWith("--")) {
      throw new IllegalArgumentException(name + " needs a value");
    }
    return args[i];
  }

  private static int port(String value, String name) {
    try {
      int port = Integer.parseInt(value);
      if (port >= 0 && port <= 65_535) {
        return port;
      }
    } catch (NumberFormatException e) {
      // reported below
    }
    throw new IllegalArgumentException(
        name + " must be a port number 0-65535, was '" + value + "'");
  }
}
