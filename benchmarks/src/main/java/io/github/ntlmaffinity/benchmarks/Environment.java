package io.github.ntlmaffinity.benchmarks;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;

/** One line on where a benchmark ran, printed first by each main class. */
final class Environment {
  private Environment() {}

  static String describe() {
    Runtime rt = Runtime.getRuntime();
    return String.format(
        Locale.ROOT,
        "%s %s (%s), %s %s, %d CPUs, max heap %d MiB, GC %s, load average %s",
        System.getProperty("java.vm.name"),
        System.getProperty("java.runtime.version"),
        System.getProperty("java.vendor"),
        System.getProperty("os.name"),
        System.getProperty("os.version"),
        rt.availableProcessors(),
        rt.maxMemory() / (1024 * 1024),
        String.join(
            "+",
            ManagementFactory.getGarbageCollectorMXBeans().stream()
                .map(b -> b.getName().replace(' ', '_'))
                .toList()),
        loadAverage());
  }

  /** The first three fields of /proc/loadavg, or the JVM's one-minute figure elsewhere. */
  static String loadAverage() {
    try {
      String[] fields = Files.readString(Path.of("/proc/loadavg")).trim().split("\\s+");
      return fields[0] + " " + fields[1] + " " + fields[2];
    } catch (IOException | RuntimeException e) {
      return String.format(
          Locale.ROOT, "%.2f", ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage());
    }
  }
}
