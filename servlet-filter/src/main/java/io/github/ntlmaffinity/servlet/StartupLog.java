package io.github.ntlmaffinity.servlet;

import org.slf4j.ILoggerFactory;
import org.slf4j.LoggerFactory;

/**
 * What the filter and the endpoint say when they start, said where someone will read it: through
 * SLF4J, and through the container's own logging (java.util.logging, which Tomcat's JULI and every
 * container capture) when no SLF4J provider is bound, so that neither a configuration error nor the
 * silence of the findings log goes unnoticed.
 */
final class StartupLog {
  private static final java.util.logging.Logger jul =
      java.util.logging.Logger.getLogger("io.github.ntlmaffinity");
  private static volatile boolean warnedNoProvider;

  private StartupLog() {}

  /** Whether SLF4J has no provider and drops every line (its NOP fallback). */
  static boolean slf4jIsSilent() {
    ILoggerFactory factory = LoggerFactory.getILoggerFactory();
    return factory == null || factory.getClass().getName().startsWith("org.slf4j.helpers.NOP");
  }

  /**
   * Says once, through JUL, that findings will not be logged, when that is so.
   *
   * @param application the application's context path, to tell applications apart in a shared log
   */
  static void checkProvider(String application) {
    if (!warnedNoProvider && slf4jIsSilent()) {
      warnedNoProvider = true;
      jul.warning(
          "ntlm-affinity in '"
              + application
              + "': no SLF4J provider is bound, so findings are not logged (they still"
              + " reach the diagnostics endpoint and the metrics). Add one to the application:"
              + " slf4j-jdk14 to log through the container (Tomcat's JULI), logback-classic, or"
              + " log4j-slf4j2-impl; findings log under io.github.ntlmaffinity.findings.");
    }
  }

  /** An error at start-up, through SLF4J and, when SLF4J is silent, through JUL. */
  static void error(org.slf4j.Logger log, String message) {
    log.error(message);
    if (slf4jIsSilent()) {
      jul.severe(message);
    }
  }
}
