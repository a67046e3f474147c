package io.github.ntlmaffinity.examples;

/**
 * How many logins each client makes in one mode: first the jcifs-ng client one login after another
 * (one connection each), then jcifs-ng clients all at once, then the JDK's client one after
 * another, then JDK logins all at once.
 *
 * @param jcifsOneByOne sequential jcifs-ng logins, from one client address
 * @param jcifsAtOnce concurrent jcifs-ng logins, each from its own client address
 * @param jdkOneByOne sequential JDK logins
 * @param jdkAtOnce concurrent JDK logins
 */
record Scenario(int jcifsOneByOne, int jcifsAtOnce, int jdkOneByOne, int jdkAtOnce) {

  /** What the demo runs. */
  static final Scenario DEFAULT = new Scenario(3, 4, 2, 2);

  Scenario {
    if (jcifsOneByOne < 0 || jcifsAtOnce < 0 || jdkOneByOne < 0 || jdkAtOnce < 0) {
      throw new IllegalArgumentException("negative login count");
    }
  }
}
