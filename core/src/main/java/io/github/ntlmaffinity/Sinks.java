package io.github.ntlmaffinity;

import io.github.ntlmaffinity.internal.publish.CompositeSink;
import io.github.ntlmaffinity.internal.publish.Slf4jSink;
import java.time.Clock;
import java.util.List;

/** The stock sinks. */
public final class Sinks {
  private static final Sink NOOP = finding -> {};

  private Sinks() {}

  /** A sink that does nothing. */
  public static Sink noop() {
    return NOOP;
  }

  /**
   * Logs each finding as one SLF4J line (WARN, or ERROR for {@link Severity#ERROR}, INFO for {@link
   * Severity#INFO}) on the logger {@code io.github.ntlmaffinity.findings}: a human-readable
   * sentence first, then SLF4J 2 key-values for structured logging. At most {@code perMinute} lines
   * per finding type a minute; the next line logged says how many were suppressed.
   */
  public static Sink slf4j(int perMinute) {
    return new Slf4jSink(perMinute, Clock.systemUTC());
  }

  /** {@link #slf4j(int)} with 10 lines per finding type a minute. */
  public static Sink slf4j() {
    return slf4j(10);
  }

  /**
   * Delivers to each sink in turn; one that throws does not keep the others from their delivery.
   */
  public static Sink composite(Sink... sinks) {
    return composite(List.of(sinks));
  }

  /** See {@link #composite(Sink...)}. */
  public static Sink composite(List<Sink> sinks) {
    List<Sink> copy = List.copyOf(sinks);
    return copy.size() == 1 ? copy.get(0) : new CompositeSink(copy);
  }
}
