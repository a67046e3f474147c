package io.github.ntlmaffinity.internal.engine;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.ntlmaffinity.Balancer;
import io.github.ntlmaffinity.FindingType;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The advice and {@code docs/balancers.md} say the same: every setting, directive or version an
 * advice names for a balancer stands in that balancer's row of the doc's matrix, where its source
 * is given.
 */
class AdviceDocTest {
  private static final Path DOC = Path.of("../docs/balancers.md");

  /** The first words of each balancer's row in the matrix. */
  private static final Map<Balancer, String> ROWS = new EnumMap<>(Balancer.class);

  static {
    ROWS.put(Balancer.GENERIC, "| **any**");
    ROWS.put(Balancer.HAPROXY, "| **HAProxy**");
    ROWS.put(Balancer.NGINX_PLUS, "| **nginx Plus**");
    ROWS.put(Balancer.NGINX, "| **nginx open source");
    ROWS.put(Balancer.F5_BIG_IP, "| **F5 BIG-IP");
    ROWS.put(Balancer.CITRIX_NETSCALER, "| **Citrix ADC");
    ROWS.put(Balancer.AVI, "| **VMware Avi");
    ROWS.put(Balancer.TRAEFIK, "| **Traefik**");
    ROWS.put(Balancer.AWS, "| **AWS");
    ROWS.put(Balancer.AZURE_APPLICATION_GATEWAY, "| **Azure Application Gateway");
    ROWS.put(Balancer.ENVOY, "| **Envoy**");
  }

  /**
   * What names a setting in a sentence: a word with a hyphen, underscore or inner capital ({@code
   * http-server-close}, {@code detect_ntlm_app}, {@code disableHTTP2}), or a version.
   */
  private static final Pattern SETTING =
      Pattern.compile(
          "(?<!/)\\b(?:[A-Za-z][A-Za-z0-9]*(?:[-_][A-Za-z0-9]+)+|[a-z]+[A-Z][A-Za-z0-9]*|v?\\d+\\.\\d+(?:\\.\\d+)?)\\b");

  /** Plain English that matches the pattern but names no setting. */
  private static final List<String> WORDS =
      List.of(
          "keep-alive",
          "cookie-based",
          "layer-4",
          "client-connection",
          "multi-server",
          "ntlm-authenticated",
          "source-ip");

  private static final List<FindingType> PATH_FINDINGS =
      List.of(
          FindingType.HANDSHAKE_SPLIT_ACROSS_CONNECTIONS,
          FindingType.HANDSHAKE_SPLIT_ACROSS_NODES,
          FindingType.CHALLENGE_ABANDONED,
          FindingType.CHALLENGE_ON_CLOSING_CONNECTION,
          FindingType.NTLM_OVER_HTTP2,
          FindingType.CONNECTION_SHARED_BY_CLIENTS);

  @Test
  void everySettingAnAdviceNamesStandsInItsBalancersRowOfTheDoc() throws IOException {
    List<String> lines = Files.readAllLines(DOC);
    List<String> missing = new ArrayList<>();
    for (Balancer b : Balancer.values()) {
      String row = row(lines, b).toLowerCase(Locale.ROOT);
      for (FindingType type : PATH_FINDINGS) {
        Matcher m = SETTING.matcher(type.advice(b));
        while (m.find()) {
          String setting = m.group().toLowerCase(Locale.ROOT);
          if (!WORDS.contains(setting) && !row.contains(setting.replaceFirst("^v", ""))) {
            missing.add(b + " " + type + ": " + m.group());
          }
        }
      }
    }
    assertThat(missing).isEmpty();
  }

  @Test
  void theCheckSeesSettings() {
    Matcher m =
        SETTING.matcher(FindingType.CHALLENGE_ON_CLOSING_CONNECTION.advice(Balancer.HAPROXY));
    List<String> found = new ArrayList<>();
    while (m.find()) {
      found.add(m.group());
    }
    assertThat(found).contains("http-server-close");
  }

  private static String row(List<String> lines, Balancer b) {
    String start = ROWS.get(b);
    assertThat(start).as("row of " + b).isNotNull();
    return lines.stream()
        .filter(l -> l.startsWith(start))
        .findFirst()
        .orElseThrow(() -> new AssertionError("no row for " + b + " in " + DOC));
  }
}
