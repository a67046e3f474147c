package io.github.ntlmaffinity.cli.analyze.report;

import java.util.LinkedHashMap;
import java.util.Map;

/** Maps that drop their oldest entry past a size: the join tables' memory bound. */
final class Bounded {
  private Bounded() {}

  static <K, V> Map<K, V> map(int max) {
    return new LinkedHashMap<>() {
      private static final long serialVersionUID = 1L;

      @Override
      protected boolean removeEldestEntry(Map.Entry<K, V> eldest) {
        return size() > max;
      }
    };
  }
}
