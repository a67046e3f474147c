package io.github.ntlmaffinity.benchmarks;

import java.lang.management.ManagementFactory;
import java.util.HashMap;
import java.util.Map;

/**
 * Bytes allocated and CPU time used by the threads whose names start with a prefix (a Jetty
 * server's pool), so that a run can say what the server spent per request, apart from the load
 * generator running in the same JVM. HotSpot counts both per thread.
 */
final class ThreadUsage {
  private static final com.sun.management.ThreadMXBean THREADS =
      (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();

  private final String prefix;
  private final Map<Long, long[]> start = new HashMap<>();

  private ThreadUsage(String prefix) {
    this.prefix = prefix;
  }

  /** Starts counting for the threads named {@code prefix...}. */
  static ThreadUsage start(String prefix) {
    ThreadUsage usage = new ThreadUsage(prefix);
    usage.start.putAll(usage.now());
    return usage;
  }

  /**
   * Bytes allocated and CPU nanoseconds used since {@link #start}, as {@code {bytes, cpuNanos}}.
   * Threads started since count from zero; threads that ended since are not counted (the benchmarks
   * use fixed-size pools).
   */
  long[] since() {
    long bytes = 0;
    long cpu = 0;
    for (Map.Entry<Long, long[]> e : now().entrySet()) {
      long[] before = start.getOrDefault(e.getKey(), new long[2]);
      bytes += e.getValue()[0] - before[0];
      cpu += e.getValue()[1] - before[1];
    }
    return new long[] {bytes, cpu};
  }

  private Map<Long, long[]> now() {
    Map<Long, long[]> usage = new HashMap<>();
    for (Thread t : Thread.getAllStackTraces().keySet()) {
      if (t.getName().startsWith(prefix)) {
        long id = t.getId();
        usage.put(
            id, new long[] {THREADS.getThreadAllocatedBytes(id), THREADS.getThreadCpuTime(id)});
      }
    }
    return usage;
  }
}
