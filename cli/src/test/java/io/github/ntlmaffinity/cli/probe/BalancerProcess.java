package io.github.ntlmaffinity.cli.probe;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * A real balancer from Debian's packages, started in the foreground on a loopback port with a
 * config kept under {@code src/test/resources/balancers/}, in front of the two example nodes. Its
 * pid, log and cache files go to a private temporary directory. Stopped by its PID.
 *
 * <p>A test that needs a balancer whose binary is absent is skipped (a JUnit assumption); any other
 * failure to start fails the test.
 */
final class BalancerProcess implements AutoCloseable {
  private static final long START_MILLIS = 15_000;

  private final Process process;
  private final Path dir;
  private final int port;
  private final String scheme;

  private BalancerProcess(Process process, Path dir, int port, String scheme) {
    this.process = process;
    this.dir = dir;
    this.port = port;
    this.scheme = scheme;
  }

  /**
   * nginx with TLS: a self-signed certificate for 127.0.0.1 is made by {@code openssl} into the
   * private directory first ({@link #certificate()}).
   */
  static BalancerProcess nginxTls(String config, BackendCluster nodes) throws Exception {
    assumeTrue(Files.isExecutable(Path.of("/usr/bin/openssl")), "openssl is not installed");
    return start(
        "/usr/sbin/nginx",
        config,
        nodes,
        dir -> {
          Process p =
              new ProcessBuilder(
                      "/usr/bin/openssl",
                      "req",
                      "-x509",
                      "-newkey",
                      "rsa:2048",
                      "-nodes",
                      "-keyout",
                      dir + "/key.pem",
                      "-out",
                      dir + "/cert.pem",
                      "-days",
                      "1",
                      "-subj",
                      "/CN=127.0.0.1",
                      "-addext",
                      "subjectAltName=IP:127.0.0.1")
                  .redirectErrorStream(true)
                  .redirectOutput(dir.resolve("openssl.log").toFile())
                  .start();
          if (!p.waitFor(30, TimeUnit.SECONDS) || p.exitValue() != 0) {
            throw new IllegalStateException(
                "openssl failed: " + Files.readString(dir.resolve("openssl.log")));
          }
          return List.of("-p", dir + "/", "-c", dir + "/" + config);
        },
        "https");
  }

  /** The certificate of a TLS balancer, PEM. */
  Path certificate() {
    return dir.resolve("cert.pem");
  }

  static BalancerProcess nginx(String config, BackendCluster nodes) throws Exception {
    return start(
        "/usr/sbin/nginx",
        config,
        nodes,
        dir -> List.of("-p", dir + "/", "-c", dir + "/" + config));
  }

  static BalancerProcess haproxy(String config, BackendCluster nodes) throws Exception {
    return start(
        "/usr/sbin/haproxy", config, nodes, dir -> List.of("-db", "-f", dir + "/" + config));
  }

  static BalancerProcess squid(String config, BackendCluster nodes) throws Exception {
    return start("/usr/sbin/squid", config, nodes, dir -> List.of("-N", "-f", dir + "/" + config));
  }

  static BalancerProcess apache(String config, BackendCluster nodes) throws Exception {
    return start(
        "/usr/sbin/apache2",
        config,
        nodes,
        dir -> List.of("-DFOREGROUND", "-f", dir + "/" + config));
  }

  private static BalancerProcess start(
      String binary, String config, BackendCluster nodes, Arguments arguments) throws Exception {
    return start(binary, config, nodes, arguments, "http");
  }

  private static BalancerProcess start(
      String binary, String config, BackendCluster nodes, Arguments arguments, String scheme)
      throws Exception {
    assumeTrue(Files.isExecutable(Path.of(binary)), binary + " is not installed");
    Path dir =
        Files.createTempDirectory(
            "probe-balancer-",
            PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwxrwxrwx")));
    Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxrwxrwx"));
    int port = freePort();
    String text;
    try (InputStream in = BalancerProcess.class.getResourceAsStream("/balancers/" + config)) {
      text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
    for (Map.Entry<String, String> v :
        Map.of(
                "DIR", dir.toString(),
                "PORT", String.valueOf(port),
                "NODE_A", String.valueOf(nodes.portA()),
                "NODE_B", String.valueOf(nodes.portB()))
            .entrySet()) {
      text = text.replace("${" + v.getKey() + "}", v.getValue());
    }
    Files.writeString(dir.resolve(config), text);
    List<String> command = new ArrayList<>();
    command.add(binary);
    command.addAll(arguments.of(dir));
    Process process =
        new ProcessBuilder(command)
            .redirectErrorStream(true)
            .redirectOutput(dir.resolve("console.log").toFile())
            .start();
    BalancerProcess balancer = new BalancerProcess(process, dir, port, scheme);
    long deadline = System.currentTimeMillis() + START_MILLIS;
    while (!balancer.accepts()) {
      if (!process.isAlive() || System.currentTimeMillis() > deadline) {
        String log = balancer.logs();
        balancer.close();
        throw new IllegalStateException(binary + " did not start:\n" + log);
      }
      Thread.sleep(50);
    }
    return balancer;
  }

  String url() {
    return scheme + "://127.0.0.1:" + port + "/app/";
  }

  private boolean accepts() {
    try (Socket s = new Socket()) {
      s.connect(new InetSocketAddress("127.0.0.1", port), 200);
      return true;
    } catch (IOException e) {
      return false;
    }
  }

  /** What the balancer wrote to its console and logs, for a failure message. */
  String logs() {
    StringBuilder s = new StringBuilder();
    try (var files = Files.list(dir)) {
      for (Path f : files.filter(p -> p.toString().endsWith(".log")).toList()) {
        s.append("--- ").append(f.getFileName()).append('\n').append(Files.readString(f));
      }
    } catch (IOException e) {
      s.append(e);
    }
    return s.toString();
  }

  private static int freePort() throws IOException {
    try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getByName("127.0.0.1"))) {
      return s.getLocalPort();
    }
  }

  /** Stops the balancer by its PID: SIGTERM, then SIGKILL after five seconds. */
  @Override
  public void close() throws Exception {
    ProcessHandle handle = process.toHandle();
    List<ProcessHandle> children = handle.descendants().toList();
    process.destroy();
    if (!process.waitFor(5, TimeUnit.SECONDS)) {
      process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
    }
    for (ProcessHandle child : children) {
      if (child.isAlive()) {
        child.destroyForcibly();
      }
    }
  }

  /** The command line after the binary; may prepare files in the private directory first. */
  private interface Arguments {
    List<String> of(Path dir) throws Exception;
  }
}
