package io.github.ntlmaffinity.internal.report;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;

/**
 * The page's stylesheet and script, read once from the jar, and the Content-Security-Policy that
 * lets exactly this script run: {@code script-src} names its SHA-256, so nothing else inline or
 * from elsewhere runs, and no external resource is loaded.
 */
public final class PageAssets {
  static final String CSS = read("diagnostics.css");
  static final String SCRIPT = read("diagnostics.js");

  /** The policy the HTML page is served with. */
  public static final String CONTENT_SECURITY_POLICY =
      "default-src 'none'; style-src 'unsafe-inline'; script-src 'sha256-"
          + sha256(SCRIPT)
          + "'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'";

  private PageAssets() {}

  private static String read(String name) {
    try (InputStream in = PageAssets.class.getResourceAsStream(name)) {
      if (in == null) {
        throw new IllegalStateException("resource " + name + " missing from the jar");
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static String sha256(String text) {
    try {
      byte[] digest =
          MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
      return Base64.getEncoder().encodeToString(digest);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is required of every Java platform", e);
    }
  }
}
