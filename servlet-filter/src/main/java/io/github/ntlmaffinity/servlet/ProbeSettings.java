package io.github.ntlmaffinity.servlet;

import io.github.ntlmaffinity.internal.config.TextSettings;

/**
 * The probe endpoint's init-params, checked, with the shared settings parsers ({@link
 * TextSettings}). Internal, not API.
 *
 * @param path the probe path, or {@code null} when the endpoint is off
 * @param requestsPerMinute the rate limit
 */
record ProbeSettings(String path, int requestsPerMinute) {
  static final int DEFAULT_REQUESTS_PER_MINUTE = 600;

  /**
   * Parses {@code probePath} and {@code probeRequestsPerMinute} (each may be {@code null}).
   *
   * @throws IllegalArgumentException naming the bad init-param
   */
  static ProbeSettings parse(String path, String perMinute) {
    if (path == null || path.isBlank()) {
      if (perMinute != null) {
        throw new IllegalArgumentException("probeRequestsPerMinute needs probePath");
      }
      return new ProbeSettings(null, DEFAULT_REQUESTS_PER_MINUTE);
    }
    int n = DEFAULT_REQUESTS_PER_MINUTE;
    if (perMinute != null) {
      try {
        n = TextSettings.integer(perMinute.strip());
      } catch (IllegalArgumentException e) {
        n = -1;
      }
      if (n < 1 || n > 1_000_000) {
        throw new IllegalArgumentException(
            "init-param 'probeRequestsPerMinute' must be a whole number from 1 to 1000000, got '"
                + perMinute
                + "'");
      }
    }
    return new ProbeSettings(ProbeResponder.checkPath(path), n);
  }
}
