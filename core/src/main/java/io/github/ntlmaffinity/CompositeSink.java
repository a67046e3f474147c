package io.github.ntlmaffinity;

import io.github.ntlmaffinity.internal.OnceLogger;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Fans out to several sinks, isolating each from the others' failures. */
final class CompositeSink implements Sink {
  private static final Logger log = LoggerFactory.getLogger(CompositeSink.class);

  private final List<Sink> sinks;
  private final OnceLogger failures = new OnceLogger(log);

  CompositeSink(List<Sink> sinks) {
    this.sinks = sinks;
  }

  @Override
  public void onFinding(Finding finding) {
    for (Sink sink : sinks) {
      try {
        sink.onFinding(finding);
      } catch (RuntimeException | LinkageError e) {
        failures.warn("sink " + sink.getClass().getName(), e);
      }
    }
  }

  @Override
  public void onHandshake(Handshake handshake) {
    for (Sink sink : sinks) {
      try {
        sink.onHandshake(handshake);
      } catch (RuntimeException | LinkageError e) {
        failures.warn("sink " + sink.getClass().getName(), e);
      }
    }
  }

  List<Sink> sinks() {
    return sinks;
  }
}
