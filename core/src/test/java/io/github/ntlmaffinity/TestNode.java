package io.github.ntlmaffinity;

import io.github.ntlmaffinity.testing.FileTimes;
import io.github.ntlmaffinity.testing.NtlmTestMessages;
import io.github.ntlmaffinity.testing.ServerIdentity;
import java.time.Clock;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.UnaryOperator;

/**
 * One backend node in a test: an {@link NtlmAffinity} plus an NTLM challenger that answers a
 * NEGOTIATE with a real jcifs-ng CHALLENGE carrying this node's names and a fresh timestamp.
 */
final class TestNode {
  static final NtlmTestMessages JCIFS = NtlmTestMessages.create();
  private static final AtomicLong TICK = new AtomicLong();
  private static final AtomicInteger PORTS = new AtomicInteger(40_000);

  final String name;
  final ServerIdentity identity;
  final NtlmAffinity affinity;
  final RecordingSink recorded = new RecordingSink();
  private final Clock clock;

  TestNode(
      String name,
      ServerIdentity identity,
      Clock clock,
      UnaryOperator<NtlmAffinity.Builder> config) {
    this.name = name;
    this.identity = identity;
    this.clock = clock;
    this.affinity =
        config
            .apply(
                NtlmAffinity.builder()
                    .nodeName(name)
                    .clock(clock)
                    .logRatePerMinute(0)
                    .sink(recorded))
            .build();
  }

  TestNode(String name, ServerIdentity identity, Clock clock) {
    this(name, identity, clock, b -> b);
  }

  /** A new HTTP/1.1 connection from the balancer at 10.0.0.1. */
  ConnectionInfo connection() {
    return connection("HTTP/1.1");
  }

  ConnectionInfo connection(String protocol) {
    int port = PORTS.incrementAndGet();
    return new ConnectionInfo("c" + port, "10.0.0.10", 8080, "10.0.0.1", port, protocol);
  }

  /**
   * Sends {@code authorization} on {@code on}; a NEGOTIATE is answered with this node's CHALLENGE
   * (401, returned), anything else with {@code status}.
   */
  byte[] send(FakeRequest request, int status, boolean closes) {
    Exchange exchange = affinity.begin(request);
    byte[] type2 = null;
    if (exchange.wantsChallenge()) {
      type2 = challenge();
      exchange.challenge(NtlmTestMessages.ntlmHeader(type2));
      status = 401;
    }
    exchange.complete(status, closes);
    return type2;
  }

  /** Sends a jcifs-ng NEGOTIATE on {@code on}; returns the CHALLENGE this node answered with. */
  byte[] negotiate(ConnectionInfo on) {
    return send(authorization(on, NtlmTestMessages.ntlmHeader(JCIFS.negotiate())), 401, false);
  }

  /** Sends an AUTHENTICATE answering {@code type2} on {@code on}, answered with {@code status}. */
  void authenticate(ConnectionInfo on, byte[] type2, int status) {
    byte[] type3 = JCIFS.authenticate(type2, "EXAMPLE", "alice", "Passw0rd!", "WS01");
    send(authorization(on, NtlmTestMessages.ntlmHeader(type3)), status, false);
  }

  /** A plain request without Authorization. */
  void plain(ConnectionInfo on, int status) {
    send(FakeRequest.on(on), status, false);
  }

  /** A fresh CHALLENGE from this node, stamped with the clock's time (unique per call). */
  byte[] challenge() {
    long fileTime = FileTimes.of(clock.instant()) + TICK.incrementAndGet();
    byte[] serverChallenge = new byte[8];
    java.nio.ByteBuffer.wrap(serverChallenge).putLong(TICK.get() * 0x9E3779B97F4A7C15L);
    return JCIFS.challenge(identity, serverChallenge, fileTime);
  }

  List<FindingType> findingTypes() {
    return recorded.findings().stream().map(Finding::type).toList();
  }

  List<Finding> findings(FindingType type) {
    return recorded.findings().stream().filter(f -> f.type() == type).toList();
  }

  static FakeRequest authorization(ConnectionInfo on, String header) {
    return FakeRequest.on(on).header("Authorization", header);
  }
}
