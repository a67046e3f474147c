package io.github.ntlmaffinity.internal.config;

import io.github.ntlmaffinity.internal.AddressRanges;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * The diagnostics endpoint's settings, parsed from text (init-params) with {@link TextSettings}'
 * parsers. A bad value is an error line and its default, as for the engine's settings; {@link
 * #strict()} asks the caller to fail instead.
 *
 * @param allowed TCP peers served without a token
 * @param token the token's bytes, or {@code null} for none (never shown: see {@link #toString()})
 * @param hosts host names an allow-listed request may name besides loopback and IP literals
 * @param maskUsers whether user names are shown masked
 * @param refreshSeconds the page's refresh interval; 0 turns it off
 * @param strict whether a bad value is to stop the endpoint
 * @param errors one line per bad value, each saying what is used instead
 */
public record EndpointSettings(
    AddressRanges allowed,
    byte[] token,
    Set<String> hosts,
    boolean maskUsers,
    int refreshSeconds,
    boolean strict,
    List<String> errors) {
  public static final String ALLOW = "allow";
  public static final String TOKEN = "token";
  public static final String MASK_USERS = "maskUsers";
  public static final String REFRESH_SECONDS = "refreshSeconds";
  public static final String HOSTS = "hosts";
  public static final String STRICT = "strict";
  private static final String DEFAULT_ALLOW = "127.0.0.0/8, ::1";
  private static final int DEFAULT_REFRESH_SECONDS = 5;
  private static final int MIN_TOKEN_LENGTH = 16;

  /** Parses {@code params} (absent keys take their defaults). */
  public static EndpointSettings parse(Map<String, String> params) {
    List<String> errors = new ArrayList<>();
    AddressRanges allowed;
    try {
      allowed = ranges(params.getOrDefault(ALLOW, DEFAULT_ALLOW));
    } catch (IllegalArgumentException e) {
      errors.add("init-param '" + ALLOW + "': " + e.getMessage() + "; allowing " + DEFAULT_ALLOW);
      allowed = ranges(DEFAULT_ALLOW);
    }
    byte[] token = null;
    String t = params.get(TOKEN);
    if (t != null && !t.isBlank()) {
      if (t.trim().length() < MIN_TOKEN_LENGTH) {
        errors.add(
            "init-param '"
                + TOKEN
                + "' must be at least "
                + MIN_TOKEN_LENGTH
                + " characters; no token works");
      } else {
        token = t.trim().getBytes(StandardCharsets.UTF_8);
      }
    }
    boolean maskUsers = false;
    String mask = params.get(MASK_USERS);
    if (mask != null) {
      try {
        maskUsers = TextSettings.bool(mask.trim());
      } catch (IllegalArgumentException e) {
        errors.add("init-param '" + MASK_USERS + "' must be true or false; masking");
        maskUsers = true;
      }
    }
    Set<String> hosts = new HashSet<>();
    String hostList = params.get(HOSTS);
    if (hostList != null) {
      for (String h : TextSettings.list(hostList)) {
        hosts.add(h.toLowerCase(Locale.ROOT));
      }
    }
    int refreshSeconds = DEFAULT_REFRESH_SECONDS;
    String refresh = params.get(REFRESH_SECONDS);
    if (refresh != null) {
      int seconds;
      try {
        seconds = TextSettings.integer(refresh.trim());
      } catch (IllegalArgumentException e) {
        seconds = -1;
      }
      if (seconds < 0) {
        errors.add(
            "init-param '"
                + REFRESH_SECONDS
                + "' must be a whole number >= 0; using "
                + DEFAULT_REFRESH_SECONDS);
      } else {
        refreshSeconds = seconds;
      }
    }
    boolean strict = false;
    String strictValue = params.get(STRICT);
    if (strictValue != null) {
      try {
        strict = TextSettings.bool(strictValue.trim());
      } catch (IllegalArgumentException e) {
        errors.add("init-param '" + STRICT + "' must be true or false; running lenient");
      }
    }
    return new EndpointSettings(
        allowed, token, Set.copyOf(hosts), maskUsers, refreshSeconds, strict, List.copyOf(errors));
  }

  private static AddressRanges ranges(String list) {
    return AddressRanges.parse(Arrays.asList(TextSettings.list(list)));
  }

  /** Everything but the token, which is only said to be set or not. */
  @Override
  public String toString() {
    return "EndpointSettings[allowed="
        + allowed
        + ", token="
        + (token == null ? "none" : "set")
        + ", hosts="
        + hosts
        + ", maskUsers="
        + maskUsers
        + ", refreshSeconds="
        + refreshSeconds
        + ", strict="
        + strict
        + ", errors="
        + errors
        + "]";
  }
}
