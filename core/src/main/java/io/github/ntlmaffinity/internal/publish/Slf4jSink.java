package io.github.ntlmaffinity.internal.publish;

import io.github.ntlmaffinity.Finding;
import io.github.ntlmaffinity.FindingType;
import io.github.ntlmaffinity.Sink;
import java.time.Clock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.event.Level;
import org.slf4j.spi.LoggingEventAware;
import org.slf4j.spi.LoggingEventBuilder;

/**
 * One log line per finding, rate-limited per finding type. Header-derived strings (user, domain,
 * workstation, client, connection ids) are escaped; findings hold no secret material. A structured
 * backend gets SLF4J 2 key-values beside the sentence; a plain one gets the sentence first and the
 * node and handshake after it.
 */
public final class Slf4jSink implements Sink {
  public static final String LOGGER = "io.github.ntlmaffinity.findings";
  private static final long WINDOW_MILLIS = 60_000L;

  /**
   * Explanations are our sentences around a few header-derived values: cut far later than a single
   * value, so the cause at their end is never lost.
   */
  private static final int MAX_EXPLANATION = 1024;

  private final int perMinute;
  private final Clock clock;
  private final Logger log;
  private final Limiter[] limiters = new Limiter[FindingType.values().length];

  public Slf4jSink(int perMinute, Clock clock) {
    this(perMinute, clock, LoggerFactory.getLogger(LOGGER));
  }

  /** For tests: logs to {@code log} instead of the {@value #LOGGER} logger. */
  public Slf4jSink(int perMinute, Clock clock, Logger log) {
    if (perMinute < 0) {
      throw new IllegalArgumentException("perMinute must be >= 0, was " + perMinute);
    }
    this.perMinute = perMinute;
    this.clock = clock;
    this.log = log;
    for (int i = 0; i < limiters.length; i++) {
      limiters[i] = new Limiter();
    }
  }

  @Override
  public void onFinding(Finding finding) {
    Level level =
        switch (finding.severity()) {
          case ERROR -> Level.ERROR;
          case WARNING -> Level.WARN;
          case INFO -> Level.INFO;
        };
    if (!log.isEnabledForLevel(level)) {
      return;
    }
    long suppressed = limiters[finding.type().ordinal()].admit(clock.millis(), perMinute);
    if (suppressed < 0) {
      return;
    }
    String note = suppressed == 0 ? "" : " (" + suppressed + " more of this type suppressed)";
    LoggingEventBuilder event = log.atLevel(level);
    if (log instanceof LoggingEventAware) {
      // A structured backend (Logback, Log4j 2) keeps key-values apart from the sentence.
      keyValues(event, finding);
      event.setMessage("NTLM {}: {} Advice: {}{}");
    } else {
      // A plain backend would print key-values before the sentence: keep the sentence first.
      event.setMessage("NTLM {}: {} Advice: {}{} [node={}, handshake={}]");
    }
    event
        .addArgument(finding.type().name())
        .addArgument(LogEscaper.escape(finding.explanation(), MAX_EXPLANATION))
        .addArgument(finding.advice())
        .addArgument(note);
    if (!(log instanceof LoggingEventAware)) {
      event
          .addArgument(LogEscaper.escape(finding.node()))
          .addArgument(LogEscaper.escape(finding.handshakeId()));
    }
    event.log();
  }

  private static void keyValues(LoggingEventBuilder event, Finding finding) {
    event
        .addKeyValue("ntlm.finding", finding.type().name())
        .addKeyValue("ntlm.severity", finding.severity().name())
        .addKeyValue("ntlm.node", LogEscaper.escape(finding.node()));
    if (finding.handshakeId() != null) {
      event.addKeyValue("ntlm.handshake", LogEscaper.escape(finding.handshakeId()));
    }
    if (finding.connection() != null) {
      event
          .addKeyValue("ntlm.connection", LogEscaper.escape(finding.connection().key()))
          .addKeyValue("ntlm.peer", LogEscaper.escape(finding.peer()));
    }
    if (finding.otherConnection() != null) {
      event.addKeyValue("ntlm.otherConnection", LogEscaper.escape(finding.otherConnection().key()));
    }
    if (finding.otherNode() != null) {
      event.addKeyValue("ntlm.otherNode", LogEscaper.escape(finding.otherNode()));
    }
    if (finding.client() != null) {
      event.addKeyValue("ntlm.client", LogEscaper.escape(finding.client()));
    }
    if (finding.user() != null) {
      event.addKeyValue("ntlm.user", LogEscaper.escape(qualified(finding)));
    }
  }

  private static String qualified(Finding f) {
    return f.domain() == null || f.domain().isEmpty() ? f.user() : f.domain() + '\\' + f.user();
  }

  /** A fixed one-minute window per finding type. */
  private static final class Limiter {
    private long windowStart = Long.MIN_VALUE;
    private int logged;
    private long suppressed;

    /** The count suppressed since the last logged line, or -1 when this one is suppressed. */
    synchronized long admit(long now, int perMinute) {
      if (now - windowStart >= WINDOW_MILLIS || windowStart == Long.MIN_VALUE) {
        windowStart = now;
        logged = 0;
      }
      if (logged >= perMinute) {
        suppressed++;
        return -1;
      }
      logged++;
      long s = suppressed;
      suppressed = 0;
      return s;
    }
  }
}
