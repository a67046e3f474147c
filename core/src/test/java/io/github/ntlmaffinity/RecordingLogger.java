package io.github.ntlmaffinity;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Marker;
import org.slf4j.event.KeyValuePair;
import org.slf4j.event.Level;
import org.slf4j.event.LoggingEvent;
import org.slf4j.helpers.LegacyAbstractLogger;
import org.slf4j.helpers.MessageFormatter;
import org.slf4j.spi.LoggingEventAware;

/**
 * An SLF4J logger that keeps what it is given: level, formatted message and key-values. Fluent API
 * calls ({@code atWarn().addKeyValue(..).log()}) arrive through {@link LoggingEventAware}, with
 * their key-values; classic calls ({@code warn("..", arg)}) through the normalized call. Levels
 * below {@link #threshold} are disabled. Thread-safe.
 */
final class RecordingLogger extends LegacyAbstractLogger implements LoggingEventAware {
  private static final long serialVersionUID = 1L;

  private final List<Line> lines = new ArrayList<>();
  private volatile Level threshold = Level.TRACE;

  RecordingLogger(String name) {
    this.name = name;
  }

  /** One logged event. */
  record Line(Level level, String message, Map<String, Object> keyValues, Throwable throwable) {}

  /** Disables the levels below {@code level}. */
  void threshold(Level level) {
    this.threshold = level;
  }

  synchronized List<Line> lines() {
    return List.copyOf(lines);
  }

  @Override
  public void log(LoggingEvent event) {
    Map<String, Object> keyValues = new LinkedHashMap<>();
    if (event.getKeyValuePairs() != null) {
      for (KeyValuePair kv : event.getKeyValuePairs()) {
        if (keyValues.put(kv.key, kv.value) != null) {
          throw new AssertionError("key " + kv.key + " logged twice");
        }
      }
    }
    record(event.getLevel(), event.getMessage(), event.getArgumentArray(), keyValues, null);
  }

  @Override
  protected void handleNormalizedLoggingCall(
      Level level, Marker marker, String pattern, Object[] arguments, Throwable throwable) {
    record(level, pattern, arguments, Map.of(), throwable);
  }

  private synchronized void record(
      Level level,
      String pattern,
      Object[] arguments,
      Map<String, Object> keyValues,
      Throwable throwable) {
    String message = MessageFormatter.basicArrayFormat(pattern, arguments);
    lines.add(
        new Line(
            level,
            message,
            Collections.unmodifiableMap(new LinkedHashMap<>(keyValues)),
            throwable));
  }

  @Override
  protected String getFullyQualifiedCallerName() {
    return null;
  }

  @Override
  public boolean isTraceEnabled() {
    return enabled(Level.TRACE);
  }

  @Override
  public boolean isDebugEnabled() {
    return enabled(Level.DEBUG);
  }

  @Override
  public boolean isInfoEnabled() {
    return enabled(Level.INFO);
  }

  @Override
  public boolean isWarnEnabled() {
    return enabled(Level.WARN);
  }

  @Override
  public boolean isErrorEnabled() {
    return enabled(Level.ERROR);
  }

  private boolean enabled(Level level) {
    // Level.toInt(): ERROR 40 ... TRACE 0.
    return level.toInt() >= threshold.toInt();
  }
}
