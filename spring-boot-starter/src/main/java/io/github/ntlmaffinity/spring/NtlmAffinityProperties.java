package io.github.ntlmaffinity.spring;

import io.github.ntlmaffinity.NtlmAffinity;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * The {@code ntlm-affinity.*} properties. Each builder setting is one property, named as the
 * builder method in kebab case ({@code maxConnections} is {@code ntlm-affinity.max-connections}),
 * and written as the servlet filter's init-param is: the text goes to {@link
 * NtlmAffinity.Builder#configure(Map)}, the one parser every integration uses, so a value means the
 * same in {@code web.xml} and in {@code application.properties}. Unset properties keep the
 * builder's defaults; a bad value fails start-up naming the property.
 */
@ConfigurationProperties(prefix = NtlmAffinityProperties.PREFIX)
public class NtlmAffinityProperties {
  /** The prefix of every property. */
  public static final String PREFIX = "ntlm-affinity";

  /**
   * Whether to watch NTLM handshakes: false removes the filter, the endpoint and the metrics.
   * Default true.
   */
  private String enabled;

  /** This node's name in reports. Default: the HOSTNAME environment variable, else "node". */
  private String nodeName;

  /**
   * NTLM computer names (NetBIOS and DNS) this node's CHALLENGEs carry. Learned from the first
   * CHALLENGE sent; configure them to recognise a foreign AUTHENTICATE before that.
   */
  private List<String> ntlmNames;

  /**
   * Addresses and CIDR blocks of the balancers and proxies whose Forwarded and X-Forwarded-For
   * headers are believed, e.g. 10.0.0.0/8. Default: none, so the end client is the TCP peer.
   */
  private List<String> trustedProxies;

  /**
   * The balancer's affinity cookie names (e.g. SERVERID, BIGipServerpool, AWSALB): their values
   * tell end clients apart on one backend connection.
   */
  private List<String> affinityCookies;

  /**
   * The balancer in front, so advice names its settings: generic, haproxy, nginx-plus, nginx,
   * f5-big-ip, citrix-netscaler, avi, traefik, aws, azure-application-gateway or envoy. Default
   * generic.
   */
  private String balancer;

  /** Connections tracked at once; the oldest are evicted (and counted). Default 10000. */
  private String maxConnections;

  /** Open challenges tracked at once. Default 10000. */
  private String maxChallenges;

  /**
   * The most bytes the connection and challenge tables retain, by estimate: 65536, 512k, 64m.
   * Default 64m.
   */
  private String maxRetainedBytes;

  /**
   * How long a CHALLENGE waits for its AUTHENTICATE before it is abandoned: 500ms, 30s, 2m, 1h or
   * ISO-8601 (PT30S). Default 30s.
   */
  private String challengeTimeout;

  /** How long an idle connection stays tracked, written like challenge-timeout. Default 2m. */
  private String connectionIdleTimeout;

  /**
   * Failed or abandoned handshakes of one client within repeated-handshake-window that make a
   * REPEATED_HANDSHAKES finding (successful logins never count). At least 2. Default 5.
   */
  private String repeatedHandshakeThreshold;

  /** The window of repeated-handshake-threshold, written like challenge-timeout. Default 1m. */
  private String repeatedHandshakeWindow;

  /**
   * Log lines per finding type a minute; the next line says how many were suppressed; 0 turns
   * finding logging off. Default 10.
   */
  private String logRatePerMinute;

  /** Findings kept for the endpoint. Default 200. */
  private String recentFindings;

  /** Handshakes kept for the endpoint. Default 200. */
  private String recentHandshakes;

  /**
   * The filter's order among the servlet filters. Default: Ordered.HIGHEST_PRECEDENCE + 10, ahead
   * of Spring Security's filter chain (-100) and of anything else that authenticates.
   */
  private int filterOrder = NtlmAffinityAutoConfiguration.FILTER_ORDER;

  /**
   * A path the filter answers itself for {@code ntlm-affinity probe --probe-path} (level 3), e.g.
   * /ntlm-affinity-probe: it names this node and an opaque token of the backend connection, and
   * accepts only the public probe account; it grants nothing and never reaches the application. Off
   * when unset (the default).
   */
  private String probePath;

  private final Endpoint endpoint = new Endpoint();

  /**
   * The text settings for {@link NtlmAffinity.Builder#configure(Map)}, keyed as {@link
   * NtlmAffinity.Builder#settingKeys()}: only the properties that are set, in that order.
   */
  Map<String, String> toSettings() {
    Map<String, String> settings = new LinkedHashMap<>();
    put(settings, "enabled", enabled);
    put(settings, "nodeName", nodeName);
    put(settings, "ntlmNames", list(ntlmNames));
    put(settings, "trustedProxies", list(trustedProxies));
    put(settings, "affinityCookies", list(affinityCookies));
    put(settings, "balancer", balancer);
    put(settings, "maxConnections", maxConnections);
    put(settings, "maxChallenges", maxChallenges);
    put(settings, "maxRetainedBytes", maxRetainedBytes);
    put(settings, "challengeTimeout", challengeTimeout);
    put(settings, "connectionIdleTimeout", connectionIdleTimeout);
    put(settings, "repeatedHandshakeThreshold", repeatedHandshakeThreshold);
    put(settings, "repeatedHandshakeWindow", repeatedHandshakeWindow);
    put(settings, "logRatePerMinute", logRatePerMinute);
    put(settings, "recentFindings", recentFindings);
    put(settings, "recentHandshakes", recentHandshakes);
    return settings;
  }

  /**
   * The property that carries builder setting {@code key}: {@code ntlm-affinity.max-connections}.
   */
  static String propertyName(String key) {
    StringBuilder name = new StringBuilder(PREFIX).append('.');
    for (int i = 0; i < key.length(); i++) {
      char c = key.charAt(i);
      if (Character.isUpperCase(c)) {
        name.append('-').append(Character.toLowerCase(c));
      } else {
        name.append(c);
      }
    }
    return name.toString();
  }

  private static void put(Map<String, String> settings, String key, String value) {
    if (value != null) {
      settings.put(key, value);
    }
  }

  private static String list(List<String> values) {
    return values == null ? null : String.join(",", values);
  }

  public String getEnabled() {
    return enabled;
  }

  public void setEnabled(String enabled) {
    this.enabled = enabled;
  }

  public String getNodeName() {
    return nodeName;
  }

  public void setNodeName(String nodeName) {
    this.nodeName = nodeName;
  }

  public List<String> getNtlmNames() {
    return ntlmNames;
  }

  public void setNtlmNames(List<String> ntlmNames) {
    this.ntlmNames = ntlmNames == null ? null : new ArrayList<>(ntlmNames);
  }

  public List<String> getTrustedProxies() {
    return trustedProxies;
  }

  public void setTrustedProxies(List<String> trustedProxies) {
    this.trustedProxies = trustedProxies == null ? null : new ArrayList<>(trustedProxies);
  }

  public List<String> getAffinityCookies() {
    return affinityCookies;
  }

  public void setAffinityCookies(List<String> affinityCookies) {
    this.affinityCookies = affinityCookies == null ? null : new ArrayList<>(affinityCookies);
  }

  public String getBalancer() {
    return balancer;
  }

  public void setBalancer(String balancer) {
    this.balancer = balancer;
  }

  public String getMaxConnections() {
    return maxConnections;
  }

  public void setMaxConnections(String maxConnections) {
    this.maxConnections = maxConnections;
  }

  public String getMaxChallenges() {
    return maxChallenges;
  }

  public void setMaxChallenges(String maxChallenges) {
    this.maxChallenges = maxChallenges;
  }

  public String getMaxRetainedBytes() {
    return maxRetainedBytes;
  }

  public void setMaxRetainedBytes(String maxRetainedBytes) {
    this.maxRetainedBytes = maxRetainedBytes;
  }

  public String getChallengeTimeout() {
    return challengeTimeout;
  }

  public void setChallengeTimeout(String challengeTimeout) {
    this.challengeTimeout = challengeTimeout;
  }

  public String getConnectionIdleTimeout() {
    return connectionIdleTimeout;
  }

  public void setConnectionIdleTimeout(String connectionIdleTimeout) {
    this.connectionIdleTimeout = connectionIdleTimeout;
  }

  public String getRepeatedHandshakeThreshold() {
    return repeatedHandshakeThreshold;
  }

  public void setRepeatedHandshakeThreshold(String repeatedHandshakeThreshold) {
    this.repeatedHandshakeThreshold = repeatedHandshakeThreshold;
  }

  public String getRepeatedHandshakeWindow() {
    return repeatedHandshakeWindow;
  }

  public void setRepeatedHandshakeWindow(String repeatedHandshakeWindow) {
    this.repeatedHandshakeWindow = repeatedHandshakeWindow;
  }

  public String getLogRatePerMinute() {
    return logRatePerMinute;
  }

  public void setLogRatePerMinute(String logRatePerMinute) {
    this.logRatePerMinute = logRatePerMinute;
  }

  public String getRecentFindings() {
    return recentFindings;
  }

  public void setRecentFindings(String recentFindings) {
    this.recentFindings = recentFindings;
  }

  public String getRecentHandshakes() {
    return recentHandshakes;
  }

  public void setRecentHandshakes(String recentHandshakes) {
    this.recentHandshakes = recentHandshakes;
  }

  public int getFilterOrder() {
    return filterOrder;
  }

  public void setFilterOrder(int filterOrder) {
    this.filterOrder = filterOrder;
  }

  public String getProbePath() {
    return probePath;
  }

  public void setProbePath(String probePath) {
    this.probePath = probePath;
  }

  public Endpoint getEndpoint() {
    return endpoint;
  }

  /** The {@code ntlm-affinity.endpoint.*} properties of the Actuator endpoint. */
  public static class Endpoint {
    /**
     * Whether the ntlmaffinity endpoint shows user names as a*** (the servlet's maskUsers). Default
     * false.
     */
    private boolean maskUsers;

    public boolean isMaskUsers() {
      return maskUsers;
    }

    public void setMaskUsers(boolean maskUsers) {
      this.maskUsers = maskUsers;
    }
  }
}
