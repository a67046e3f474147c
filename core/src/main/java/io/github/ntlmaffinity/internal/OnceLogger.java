package io.github.ntlmaffinity.internal;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;
import org.slf4j.Logger;

/** Warns once per kind of internal failure, then only counts. Not API. */
public final class OnceLogger {
  private static final int MAX_KINDS = 64;

  private final Logger log;
  private final Set<String> seen = ConcurrentHashMap.newKeySet();
  private final LongAdder count = new LongAdder();

  public OnceLogger(Logger log) {
    this.log = log;
  }

  /** Counts a failure; logs it with its stack trace the first time its kind is seen. */
  public void warn(String kind, Throwable e) {
    count.increment();
    String key = kind + ':' + e.getClass().getName();
    if (seen.size() < MAX_KINDS && seen.add(key)) {
      log.warn(
          "ntlm-affinity internal failure in {} (logged once per kind, then counted); the request"
              + " goes on",
          kind,
          e);
    }
  }

  /** Failures counted. */
  public long count() {
    return count.sum();
  }
}
