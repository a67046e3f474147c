package io.github.ntlmaffinity.cli.probe;

import io.github.ntlmaffinity.Balancer;
import java.util.Locale;

/**
 * Guesses the balancer from what its responses show: the {@code Server} and {@code Via} fields, its
 * own headers, and the names (never the values) of affinity cookies. The first clear sign wins.
 */
final class BalancerRecognizer {
  private Recognition recognition;

  /** Looks at one response. */
  synchronized void saw(Reply reply) {
    if (recognition != null) {
      return;
    }
    for (String setCookie : reply.values("Set-Cookie")) {
      int eq = setCookie.indexOf('=');
      String name = eq > 0 ? setCookie.substring(0, eq).strip() : "";
      recognition = byCookie(name);
      if (recognition != null) {
        return;
      }
    }
    String server = lower(reply.first("Server"));
    String via = lower(String.join(",", reply.values("Via")));
    if (server.contains("nginx")) {
      recognition =
          new Recognition(
              Balancer.NGINX,
              "nginx (Server: nginx; open source and nginx Plus look alike, advice assumes open"
                  + " source)");
    } else if (server.contains("envoy") || reply.first("x-envoy-upstream-service-time") != null) {
      recognition = new Recognition(Balancer.ENVOY, "Envoy (its Server or x-envoy-* header)");
    } else if (server.contains("awselb")) {
      recognition = new Recognition(Balancer.AWS, "AWS Elastic Load Balancing (Server: awselb)");
    } else if (server.contains("bigip")) {
      recognition = new Recognition(Balancer.F5_BIG_IP, "F5 BIG-IP (Server: BigIP)");
    } else if (via.contains("squid") || server.contains("squid")) {
      recognition =
          new Recognition(
              Balancer.GENERIC, "Squid (Via header); no Squid-specific advice, generic advice");
    } else if (server.startsWith("apache") && !server.contains("coyote")) {
      recognition =
          new Recognition(
              Balancer.GENERIC,
              "Apache httpd (Server header: mod_proxy?); no Apache-specific advice, generic"
                  + " advice");
    }
  }

  /** What was recognised, or {@code null}. */
  synchronized Recognition recognition() {
    return recognition;
  }

  private static Recognition byCookie(String name) {
    String lower = name.toLowerCase(Locale.ROOT);
    if (lower.startsWith("bigipserver")) {
      return new Recognition(Balancer.F5_BIG_IP, "F5 BIG-IP (its BIGipServer* persistence cookie)");
    }
    if (lower.startsWith("nsc_")) {
      return new Recognition(
          Balancer.CITRIX_NETSCALER, "Citrix NetScaler (its NSC_* persistence cookie)");
    }
    if (lower.startsWith("awsalb") || lower.startsWith("awselb")) {
      return new Recognition(Balancer.AWS, "AWS Elastic Load Balancing (its AWSALB/AWSELB cookie)");
    }
    if (lower.startsWith("applicationgatewayaffinity")) {
      return new Recognition(
          Balancer.AZURE_APPLICATION_GATEWAY,
          "Azure Application Gateway (its ApplicationGatewayAffinity cookie)");
    }
    if (lower.equals("serverid")) {
      return new Recognition(
          Balancer.HAPROXY, "probably HAProxy (SERVERID, its documented persistence cookie)");
    }
    return null;
  }

  private static String lower(String s) {
    return s == null ? "" : s.toLowerCase(Locale.ROOT);
  }

  /**
   * A guess.
   *
   * @param balancer the advice to give
   * @param evidence what was seen, for a person
   */
  record Recognition(Balancer balancer, String evidence) {}
}
