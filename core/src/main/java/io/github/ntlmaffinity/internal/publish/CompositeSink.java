package io.github.ntlmaffinity.internal.publish;

import io.github.ntlmaffinity.Finding;
import io.github.ntlmaffinity.Handshake;
import io.github.ntlmaffinity.Sink;
import io.github.ntlmaffinity.internal.OnceLogger;
import java.util.List;
import java.util.function.BiConsumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Fans out to several sinks, isolating each from the others' failures. */
public final class CompositeSink implements Sink {
  private static final Logger log = LoggerFactory.getLogger(CompositeSink.class);

  private final List<Sink> sinks;
  private final BiConsumer<String, Throwable> failures;

  /** Failures are logged once per kind. */
  public CompositeSink(List<Sink> sinks) {
    this(sinks, new OnceLogger(log)::warn);
  }

  /**
   * Failures go to {@code failures} (where, exception): the tracker counts them as internal errors.
   */
  public CompositeSink(List<Sink> sinks, BiConsumer<String, Throwable> failures) {
    this.sinks = sinks;
    this.failures = failures;
  }

  @Override
  public void onFinding(Finding finding) {
    for (Sink sink : sinks) {
      try {
        sink.onFinding(finding);
      } catch (RuntimeException | LinkageError e) {
        failures.accept("sink " + sink.getClass().getName(), e);
      }
    }
  }

  @Override
  public void onHandshake(Handshake handshake) {
    for (Sink sink : sinks) {
      try {
        sink.onHandshake(handshake);
      } catch (RuntimeException | LinkageError e) {
        failures.accept("sink " + sink.getClass().getName(), e);
      }
    }
  }

  List<Sink> sinks() {
    return sinks;
  }
}
