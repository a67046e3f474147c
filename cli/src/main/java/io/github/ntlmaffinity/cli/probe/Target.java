package io.github.ntlmaffinity.cli.probe;

import java.net.URI;
import java.util.Locale;

/**
 * Where the probe sends its requests.
 *
 * @param uri the URL as given
 * @param host the host to connect to
 * @param port the port
 * @param path the request target: path and query
 * @param hostHeader the {@code Host} field
 * @param tls TLS settings for https, {@code null} for http
 */
record Target(URI uri, String host, int port, String path, String hostHeader, Tls tls) {

  /**
   * Parses an http or https URL.
   *
   * @throws IllegalArgumentException saying what is wrong with it
   */
  static Target of(String url, Tls tls) {
    URI uri;
    try {
      uri = new URI(url);
    } catch (java.net.URISyntaxException e) {
      throw new IllegalArgumentException("not a URL: " + Terminal.escape(url));
    }
    String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
    if (!scheme.equals("http") && !scheme.equals("https")) {
      throw new IllegalArgumentException("the URL must start with http:// or https://");
    }
    if (uri.getHost() == null) {
      throw new IllegalArgumentException("the URL has no host: " + Terminal.escape(url));
    }
    if (uri.getRawUserInfo() != null) {
      throw new IllegalArgumentException(
          "put no credentials in the URL: use --user and --password-env");
    }
    boolean https = scheme.equals("https");
    int port = uri.getPort() > 0 ? uri.getPort() : https ? 443 : 80;
    String path = uri.getRawPath() == null || uri.getRawPath().isEmpty() ? "/" : uri.getRawPath();
    if (uri.getRawQuery() != null) {
      path += "?" + uri.getRawQuery();
    }
    String host = uri.getHost();
    String bare = host.startsWith("[") ? host.substring(1, host.length() - 1) : host;
    String hostHeader = uri.getPort() > 0 ? host + ":" + port : host;
    return new Target(uri, bare, port, path, hostHeader, https ? tls : null);
  }
}
