package io.github.ntlmaffinity.internal.config;

import io.github.ntlmaffinity.Balancer;
import io.github.ntlmaffinity.NtlmAffinity;
import io.github.ntlmaffinity.internal.publish.LogEscaper;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.BiConsumer;

/**
 * Maps text settings (init-params, properties) one-to-one onto {@link NtlmAffinity.Builder}
 * methods. The one parser every integration uses.
 */
public final class TextSettings {
  /** Every key, in documentation order, with the builder method it sets. */
  public static final Map<String, BiConsumer<NtlmAffinity.Builder, String>> KEYS =
      java.util.Collections.unmodifiableMap(keys());

  private TextSettings() {}

  public static void apply(NtlmAffinity.Builder builder, Map<String, String> settings) {
    for (Map.Entry<String, BiConsumer<NtlmAffinity.Builder, String>> key : KEYS.entrySet()) {
      String value = settings.get(key.getKey());
      if (value == null || value.isBlank()) {
        continue;
      }
      try {
        key.getValue().accept(builder, value.trim());
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException(
            "ntlm-affinity setting '"
                + key.getKey()
                + "' = '"
                + value.trim()
                + "': "
                + e.getMessage(),
            e);
      }
    }
  }

  /** Applies each key on its own; returns one line per key refused, the rest applied. */
  public static List<String> applyLeniently(
      NtlmAffinity.Builder builder, Map<String, String> settings) {
    List<String> errors = new ArrayList<>();
    for (String key : settings.keySet()) {
      if (!KEYS.containsKey(key)) {
        errors.add(
            "ntlm-affinity setting '"
                + key
                + "' is not a setting (ignored); known: "
                + String.join(", ", KEYS.keySet()));
      }
    }
    for (Map.Entry<String, BiConsumer<NtlmAffinity.Builder, String>> key : KEYS.entrySet()) {
      String value = settings.get(key.getKey());
      if (value == null || value.isBlank()) {
        continue;
      }
      try {
        key.getValue().accept(builder, value.trim());
      } catch (IllegalArgumentException e) {
        errors.add(
            "ntlm-affinity setting '"
                + key.getKey()
                + "' = '"
                + LogEscaper.escape(value.trim(), 64)
                + "': "
                + e.getMessage()
                + "; running with its default instead");
      }
    }
    return errors;
  }

  private static Map<String, BiConsumer<NtlmAffinity.Builder, String>> keys() {
    Map<String, BiConsumer<NtlmAffinity.Builder, String>> k = new java.util.LinkedHashMap<>();
    k.put("enabled", (b, v) -> b.enabled(bool(v)));
    k.put("nodeName", NtlmAffinity.Builder::nodeName);
    k.put("ntlmNames", (b, v) -> b.ntlmNames(list(v)));
    k.put("trustedProxies", (b, v) -> b.trustedProxies(list(v)));
    k.put("affinityCookies", (b, v) -> b.affinityCookies(list(v)));
    k.put("balancer", (b, v) -> b.balancer(balancer(v)));
    k.put("maxConnections", (b, v) -> b.maxConnections(integer(v)));
    k.put("maxChallenges", (b, v) -> b.maxChallenges(integer(v)));
    k.put("maxRetainedBytes", (b, v) -> b.maxRetainedBytes(bytes(v)));
    k.put("challengeTimeout", (b, v) -> b.challengeTimeout(duration(v)));
    k.put("connectionIdleTimeout", (b, v) -> b.connectionIdleTimeout(duration(v)));
    k.put("repeatedHandshakeThreshold", (b, v) -> b.repeatedHandshakeThreshold(integer(v)));
    k.put("repeatedHandshakeWindow", (b, v) -> b.repeatedHandshakeWindow(duration(v)));
    k.put("logRatePerMinute", (b, v) -> b.logRatePerMinute(integer(v)));
    k.put("recentFindings", (b, v) -> b.recentFindings(integer(v)));
    k.put("recentHandshakes", (b, v) -> b.recentHandshakes(integer(v)));
    return k;
  }

  public static boolean bool(String v) {
    if (v.equalsIgnoreCase("true")) {
      return true;
    }
    if (v.equalsIgnoreCase("false")) {
      return false;
    }
    throw new IllegalArgumentException("expected true or false");
  }

  /** A size in bytes: {@code 65536}, {@code 512k}, {@code 64m}, {@code 1g} (powers of 1024). */
  public static long bytes(String v) {
    String s = v.trim().toLowerCase(java.util.Locale.ROOT).replace("_", "");
    long unit = 1;
    char last = s.isEmpty() ? ' ' : s.charAt(s.length() - 1);
    if (last == 'k' || last == 'm' || last == 'g') {
      unit = last == 'k' ? 1L << 10 : last == 'm' ? 1L << 20 : 1L << 30;
      s = s.substring(0, s.length() - 1);
    }
    try {
      long n = Long.parseLong(s);
      if (n >= 0 && n <= Long.MAX_VALUE / unit) {
        return n * unit;
      }
    } catch (NumberFormatException e) {
      // said below
    }
    throw new IllegalArgumentException("expected a size such as 65536, 512k, 64m or 1g");
  }

  public static int integer(String v) {
    try {
      return Integer.parseInt(v.replace("_", ""));
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("expected a whole number");
    }
  }

  public static String[] list(String v) {
    List<String> items = new ArrayList<>();
    for (String item : v.split(",")) {
      if (!item.isBlank()) {
        items.add(item.trim());
      }
    }
    return items.toArray(String[]::new);
  }

  public static Balancer balancer(String v) {
    String name = v.trim().toUpperCase(Locale.ROOT).replace('-', '_');
    try {
      return Balancer.valueOf(name);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(
          "expected one of " + java.util.Arrays.toString(Balancer.values()));
    }
  }

  /** {@code 500ms}, {@code 30s}, {@code 2m}, {@code 1h}, {@code 1d} or ISO-8601 {@code PT30S}. */
  public static Duration duration(String v) {
    String s = v.trim().toLowerCase(Locale.ROOT);
    try {
      if (s.startsWith("p")) {
        return Duration.parse(v.trim().toUpperCase(Locale.ROOT));
      }
      int split = 0;
      while (split < s.length() && Character.isDigit(s.charAt(split))) {
        split++;
      }
      if (split == 0) {
        throw new IllegalArgumentException("no number");
      }
      long n = Long.parseLong(s.substring(0, split));
      return switch (s.substring(split).trim()) {
        case "ms" -> Duration.ofMillis(n);
        case "s" -> Duration.ofSeconds(n);
        case "m" -> Duration.ofMinutes(n);
        case "h" -> Duration.ofHours(n);
        case "d" -> Duration.ofDays(n);
        default -> throw new IllegalArgumentException("unknown unit");
      };
    } catch (DateTimeParseException | IllegalArgumentException | ArithmeticException e) {
      throw new IllegalArgumentException("expected a duration such as 500ms, 30s, 2m, 1h or PT30S");
    }
  }
}
