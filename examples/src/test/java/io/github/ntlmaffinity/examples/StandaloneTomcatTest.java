package io.github.ntlmaffinity.examples;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.github.ntlmaffinity.testing.RawConnection;
import java.io.File;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The filter deployed as a new user would: a WAR with the README's {@code web.xml} (filter, page,
 * demo acceptor), in Debian's Tomcat 10.1 run from a private {@code CATALINA_BASE} on a loopback
 * port, the node named by a system property, SLF4J bound to the container's logging by {@code
 * slf4j-jdk14}, and a typo in one init-param. A handshake split across connections must show on the
 * page and in {@code catalina.out}, and the typo must not stop the application.
 */
class StandaloneTomcatTest {
  private static final Path CATALINA_HOME = Path.of("/usr/share/tomcat10");
  private static final Path DEBIAN_CONF = Path.of("/etc/tomcat10");

  private static Path base;
  private static Process tomcat;
  private static int port;

  @BeforeAll
  static void deploy() throws Exception {
    assumeTrue(
        Files.isExecutable(CATALINA_HOME.resolve("bin/catalina.sh")),
        "Debian's tomcat10 is not installed (.ci/run installs it)");
    base = Files.createTempDirectory(Path.of("target"), "catalina-base-").toAbsolutePath();
    for (String dir : List.of("conf", "logs", "webapps", "work", "temp")) {
      Files.createDirectories(base.resolve(dir));
    }
    for (String file :
        List.of("web.xml", "logging.properties", "catalina.properties", "context.xml")) {
      Files.copy(DEBIAN_CONF.resolve(file), base.resolve("conf").resolve(file));
    }
    port = freePort();
    Files.writeString(base.resolve("conf/server.xml"), serverXml(port));
    war(base.resolve("webapps/ROOT.war"), true);
    // The same application without an SLF4J provider, as the outside review deployed it first.
    war(base.resolve("webapps/nolog.war"), false);

    ProcessBuilder pb =
        new ProcessBuilder(CATALINA_HOME.resolve("bin/catalina.sh").toString(), "run")
            .redirectErrorStream(true)
            .redirectOutput(base.resolve("logs/catalina.out").toFile());
    Map<String, String> env = pb.environment();
    env.put("CATALINA_HOME", CATALINA_HOME.toString());
    env.put("CATALINA_BASE", base.toString());
    env.put("JAVA_HOME", System.getProperty("java.home"));
    env.put("CATALINA_OPTS", "-Dntlmaffinity.nodeName=tomcat-node");
    env.remove("HOSTNAME");
    tomcat = pb.start();
    awaitStarted();
  }

  @AfterAll
  static void stop() throws Exception {
    if (tomcat != null) {
      tomcat.destroy();
      if (!tomcat.waitFor(20, TimeUnit.SECONDS)) {
        tomcat.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
      }
    }
  }

  @Test
  void aSplitHandshakeShowsOnThePageAndInCatalinaOut() throws Exception {
    UserTable.Account alice = UserTable.defaults().accounts().get(0);
    RawConnection first = connect();
    RawConnection second = connect();
    RawConnection.Response challenge =
        first.get("/", Map.of("Authorization", "NTLM " + b64(JcifsNtlmClient.negotiate())));
    byte[] type2 =
        Base64.getDecoder()
            .decode(challenge.header("WWW-Authenticate").substring("NTLM ".length()));
    RawConnection.Response refused =
        second.get(
            "/",
            Map.of(
                "Authorization",
                "NTLM " + b64(JcifsNtlmClient.authenticate(type2, alice, "WS-T1"))));

    assertThat(challenge.status()).isEqualTo(401);
    assertThat(refused.status()).as("the field report's 401 1 2148074248").isEqualTo(401);

    String json = awaitFinding("HANDSHAKE_SPLIT_ACROSS_CONNECTIONS");
    assertThat(json).contains("\"node\":\"tomcat-node\"");
    assertThat(json).containsPattern("\"configurationErrors\":\\[\"[^\"]*challengeTimeout");
    String page = text(connect().get("/ntlm-affinity", Map.of()));
    assertThat(page).contains("HANDSHAKE_SPLIT_ACROSS_CONNECTIONS").contains("challengeTimeout");

    String out = awaitLog("HANDSHAKE_SPLIT_ACROSS_CONNECTIONS");
    assertThat(out)
        .contains("ntlm-affinity filter: ntlm-affinity setting 'challengeTimeout'")
        .doesNotContain("ntlm-affinity in '': no SLF4J provider is bound");
  }

  @Test
  void withoutAnSlf4jProviderTheContainersLogSaysSoAndThePageStillShowsFindings() throws Exception {
    UserTable.Account alice = UserTable.defaults().accounts().get(0);
    RawConnection first = connect();
    RawConnection.Response challenge =
        first.get("/nolog/", Map.of("Authorization", "NTLM " + b64(JcifsNtlmClient.negotiate())));
    byte[] type2 =
        Base64.getDecoder()
            .decode(challenge.header("WWW-Authenticate").substring("NTLM ".length()));
    connect()
        .get(
            "/nolog/",
            Map.of(
                "Authorization",
                "NTLM " + b64(JcifsNtlmClient.authenticate(type2, alice, "WS-T2"))));

    assertThat(awaitLog("ntlm-affinity in '/nolog': no SLF4J provider is bound"))
        .contains("slf4j-jdk14");
    long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
    String json = "";
    while (System.nanoTime() < deadline && !json.contains("HANDSHAKE_SPLIT_ACROSS_CONNECTIONS")) {
      json = text(connect().get("/nolog/ntlm-affinity?format=json", Map.of()));
      Thread.sleep(100);
    }
    assertThat(json).contains("HANDSHAKE_SPLIT_ACROSS_CONNECTIONS");
  }

  private static RawConnection connect() throws IOException {
    return RawConnection.connect(new InetSocketAddress("127.0.0.1", port), null);
  }

  private static String awaitFinding(String type) throws Exception {
    long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
    String json = null;
    while (System.nanoTime() < deadline) {
      json = text(connect().get("/ntlm-affinity?format=json", Map.of()));
      if (json.contains("\"type\":\"" + type + "\"")) {
        return json;
      }
      Thread.sleep(100);
    }
    throw new AssertionError("no " + type + " on the endpoint: " + json);
  }

  private static String awaitLog(String text) throws Exception {
    Path log = base.resolve("logs/catalina.out");
    long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
    String out = "";
    while (System.nanoTime() < deadline) {
      out = Files.readString(log, StandardCharsets.ISO_8859_1);
      if (out.contains(text)) {
        return out;
      }
      Thread.sleep(100);
    }
    throw new AssertionError("no " + text + " in catalina.out:\n" + out);
  }

  private static void awaitStarted() throws Exception {
    long deadline = System.nanoTime() + Duration.ofSeconds(90).toNanos();
    while (System.nanoTime() < deadline) {
      if (!tomcat.isAlive()) {
        throw new AssertionError(
            "Tomcat exited: " + Files.readString(base.resolve("logs/catalina.out")));
      }
      try {
        if (connect().get("/", Map.of()).status() == 401
            && connect().get("/nolog/", Map.of()).status() == 401) {
          return;
        }
      } catch (IOException notYet) {
        // Not listening, or the application is still deploying.
      }
      Thread.sleep(200);
    }
    throw new AssertionError(
        "Tomcat did not serve the application: "
            + Files.readString(base.resolve("logs/catalina.out")));
  }

  private static int freePort() throws IOException {
    try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
      return s.getLocalPort();
    }
  }

  private static String serverXml(int port) {
    return """
        <?xml version="1.0" encoding="UTF-8"?>
        <Server port="-1" shutdown="SHUTDOWN">
          <Service name="Catalina">
            <Connector port="%d" address="127.0.0.1" protocol="HTTP/1.1" connectionTimeout="20000"/>
            <Engine name="Catalina" defaultHost="localhost">
              <Host name="localhost" appBase="webapps" unpackWARs="true" autoDeploy="false"/>
            </Engine>
          </Service>
        </Server>
        """
        .formatted(port);
  }

  /** The WAR: web.xml as the README shows it, the example classes, and the runtime jars. */
  private static void war(Path war, boolean slf4jProvider) throws IOException {
    try (ZipOutputStream zip = new ZipOutputStream(Files.newOutputStream(war))) {
      put(zip, "WEB-INF/web.xml", webXml().getBytes(StandardCharsets.UTF_8));
      addTree(zip, Path.of("target/classes"), "WEB-INF/classes/");
      for (Path jar : runtimeJars(slf4jProvider)) {
        String name =
            Files.isDirectory(jar)
                ? "ntlm-affinity-" + jar.getParent().getParent().getFileName() + ".jar"
                : jar.getFileName().toString();
        put(zip, "WEB-INF/lib/" + name, jarOf(jar));
      }
    }
  }

  private static String webXml() {
    return """
        <?xml version="1.0" encoding="UTF-8"?>
        <web-app xmlns="https://jakarta.ee/xml/ns/jakartaee" version="6.0">
          <filter>
            <filter-name>ntlm-affinity</filter-name>
            <filter-class>io.github.ntlmaffinity.servlet.NtlmAffinityFilter</filter-class>
            <!-- A typo on purpose: it must be reported, not stop the application. -->
            <init-param><param-name>challengeTimeout</param-name><param-value>soon</param-value></init-param>
          </filter>
          <filter-mapping>
            <filter-name>ntlm-affinity</filter-name>
            <url-pattern>/*</url-pattern>
          </filter-mapping>
          <servlet>
            <servlet-name>ntlm-affinity-diagnostics</servlet-name>
            <servlet-class>io.github.ntlmaffinity.servlet.NtlmAffinityDiagnosticsServlet</servlet-class>
          </servlet>
          <servlet-mapping>
            <servlet-name>ntlm-affinity-diagnostics</servlet-name>
            <url-pattern>/ntlm-affinity</url-pattern>
          </servlet-mapping>
          <servlet>
            <servlet-name>demo-acceptor</servlet-name>
            <servlet-class>io.github.ntlmaffinity.examples.DemoAcceptorServlet</servlet-class>
          </servlet>
          <servlet-mapping>
            <servlet-name>demo-acceptor</servlet-name>
            <url-pattern>/</url-pattern>
          </servlet-mapping>
        </web-app>
        """;
  }

  /**
   * The filter's runtime: core, the servlet module, the testing module and jcifs-ng (the demo
   * acceptor's NTLMv2 check) and its bcprov, slf4j-api, and slf4j-jdk14 copied to
   * target/tomcat-libs by the build.
   */
  private static List<Path> runtimeJars(boolean slf4jProvider) throws IOException {
    List<Path> jars = new ArrayList<>();
    for (String entry : System.getProperty("java.class.path").split(File.pathSeparator)) {
      Path p = Path.of(entry);
      String s = p.toString().replace('\\', '/');
      if (s.contains("/core/target/classes")
          || s.contains("/servlet-filter/target/classes")
          || (s.contains("ntlm-affinity-core") && !s.contains("tests"))
          || s.contains("ntlm-affinity-servlet")
          || s.contains("/testing/target/classes")
          || s.contains("ntlm-affinity-testing")
          || s.contains("jcifs-ng")
          || s.contains("bcprov")
          || s.contains("slf4j-api")) {
        jars.add(p);
      }
    }
    if (slf4jProvider) {
      try (Stream<Path> libs = Files.list(Path.of("target/tomcat-libs"))) {
        libs.forEach(jars::add);
      }
    }
    return jars;
  }

  /** A jar's bytes; a classes directory (a reactor module not packaged yet) zipped as one. */
  private static byte[] jarOf(Path path) throws IOException {
    if (!Files.isDirectory(path)) {
      return Files.readAllBytes(path);
    }
    java.io.ByteArrayOutputStream bytes = new java.io.ByteArrayOutputStream();
    try (ZipOutputStream zip = new ZipOutputStream(bytes)) {
      addTree(zip, path, "");
    }
    return bytes.toByteArray();
  }

  private static void addTree(ZipOutputStream zip, Path root, String prefix) throws IOException {
    try (Stream<Path> files = Files.walk(root)) {
      for (Path f : files.filter(Files::isRegularFile).sorted().toList()) {
        put(zip, prefix + root.relativize(f).toString().replace('\\', '/'), Files.readAllBytes(f));
      }
    }
  }

  private static void put(ZipOutputStream zip, String name, byte[] bytes) throws IOException {
    zip.putNextEntry(new ZipEntry(name));
    OutputStream out = zip;
    out.write(bytes);
    zip.closeEntry();
  }

  private static String text(RawConnection.Response r) {
    return new String(r.body(), StandardCharsets.UTF_8);
  }

  private static String b64(byte[] token) {
    return Base64.getEncoder().encodeToString(token);
  }
}
