package io.github.ntlmaffinity.cli.analyze;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.InputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * nginx or HAProxy from Debian's packages in front of two nodes on loopback, configured from the
 * probe tests' files under {@code /balancers/}; stopped by SIGTERM to its own PID. (The probe
 * tests' own launcher is package-private to their package.)
 */
final class RealBalancer implements AutoCloseable {
  private final Process process;
  private final int port;

  private RealBalancer(Process process, int port) {
    this.process = process;
    this.port = port;
  }

  static RealBalancer nginx(String config, int nodeA, int nodeB) throws Exception {
    return start("/usr/sbin/nginx", config, nodeA, nodeB, "-c");
  }

  static RealBalancer haproxy(String config, int nodeA, int nodeB) throws Exception {
    return start("/usr/sbin/haproxy", config, nodeA, nodeB, "-db", "-f");
  }

  int port() {
    return port;
  }

  private static RealBalancer start(
      String binary, String config, int nodeA, int nodeB, String... options) throws Exception {
    assumeTrue(Files.isExecutable(Path.of(binary)), binary + " is not installed");
    Path dir =
        Files.createTempDirectory(
            "analyze-balancer-",
            PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwxrwxrwx")));
    int port;
    try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
      port = s.getLocalPort();
    }
    String text;
    try (InputStream in = RealBalancer.class.getResourceAsStream("/balancers/" + config)) {
      text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
    text =
        text.replace("${DIR}", dir.toString())
            .replace("${PORT}", String.valueOf(port))
            .replace("${NODE_A}", String.valueOf(nodeA))
            .replace("${NODE_B}", String.valueOf(nodeB));
    Path file = dir.resolve(config);
    Files.writeString(file, text);
    List<String> command = new java.util.ArrayList<>(List.of(binary));
    command.addAll(List.of(options));
    command.add(file.toString());
    Process p =
        new ProcessBuilder(command)
            .redirectErrorStream(true)
            .redirectOutput(dir.resolve("console.log").toFile())
            .start();
    RealBalancer b = new RealBalancer(p, port);
    long deadline = System.currentTimeMillis() + 15_000;
    while (true) {
      try (Socket s = new Socket("127.0.0.1", port)) {
        return b;
      } catch (java.io.IOException notYet) {
        if (!p.isAlive() || System.currentTimeMillis() > deadline) {
          b.close();
          throw new IllegalStateException(
              binary + " did not start: " + Files.readString(dir.resolve("console.log")));
        }
        Thread.sleep(50);
      }
    }
  }

  @Override
  public void close() throws Exception {
    List<ProcessHandle> children = process.descendants().toList();
    process.destroy();
    if (!process.waitFor(5, TimeUnit.SECONDS)) {
      process.destroyForcibly();
    }
    for (ProcessHandle child : children) {
      child.destroy();
    }
  }
}
