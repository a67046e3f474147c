package io.github.ntlmaffinity;

/** Stub: replaced by the verified advice table. */
final class Advice {
  private Advice() {}

  static String advice(FindingType type, Balancer balancer) {
    return "Keep each client connection on one backend node and one dedicated backend connection.";
  }
}
