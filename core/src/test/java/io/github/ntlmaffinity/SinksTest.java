package io.github.ntlmaffinity;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.ntlmaffinity.internal.publish.Slf4jSink;
import io.github.ntlmaffinity.testing.NtlmTestMessages;
import io.github.ntlmaffinity.testing.TestClock;
import io.github.ntlmaffinity.wire.MessageType;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class SinksTest {
  private static final Instant NOW = Instant.parse("2024-05-06T07:08:09Z");
  private static final ConnectionInfo CONNECTION = FakeRequest.connection("10.0.0.1", 40001);
  private static final Finding FINDING =
      new Finding(
          FindingType.MALFORMED_TOKEN,
          NOW,
          "node-a",
          null,
          CONNECTION,
          null,
          null,
          "10.0.0.1",
          null,
          null,
          null,
          "bad token",
          "advice");
  private static final Handshake HANDSHAKE =
      new Handshake(
          "node-a-1",
          "node-a",
          Handshake.Outcome.IN_PROGRESS,
          null,
          null,
          null,
          "10.0.0.1",
          NOW,
          null,
          List.of(
              new Handshake.Leg(
                  MessageType.NEGOTIATE,
                  NOW,
                  "node-a",
                  CONNECTION,
                  "10.0.0.1",
                  0,
                  "NEGOTIATE",
                  null)));

  @Test
  void noopIsOneInstanceThatDoesNothing() {
    Sink noop = Sinks.noop();

    assertThat(Sinks.noop()).isSameAs(noop);
    assertThatCode(
            () -> {
              noop.onFinding(FINDING);
              noop.onHandshake(HANDSHAKE);
              noop.onFinding(null);
            })
        .doesNotThrowAnyException();
  }

  @Test
  void compositeDeliversToEachSinkInOrder() {
    List<String> calls = new ArrayList<>();
    Sink composite = Sinks.composite(named("a", calls), named("b", calls), named("c", calls));

    composite.onFinding(FINDING);
    composite.onHandshake(HANDSHAKE);

    assertThat(calls)
        .containsExactly(
            "a finding", "b finding", "c finding", "a handshake", "b handshake", "c handshake");
  }

  @Test
  void aThrowingSinkDoesNotKeepTheOthersFromTheirDelivery() {
    List<String> calls = new ArrayList<>();
    Sink composite =
        Sinks.composite(
            named("a", calls),
            throwing(new IllegalStateException("sink bug")),
            named("b", calls),
            throwing(new LinkageError("missing class")),
            named("c", calls));

    assertThatCode(
            () -> {
              composite.onFinding(FINDING);
              composite.onHandshake(HANDSHAKE);
              composite.onFinding(FINDING);
            })
        .doesNotThrowAnyException();

    assertThat(calls)
        .containsExactly(
            "a finding",
            "b finding",
            "c finding",
            "a handshake",
            "b handshake",
            "c handshake",
            "a finding",
            "b finding",
            "c finding");
  }

  @Test
  void compositeOfOneIsThatSink() {
    Sink only = new RecordingSink();

    assertThat(Sinks.composite(only)).isSameAs(only);
    assertThat(Sinks.composite(List.of(only))).isSameAs(only);
  }

  @Test
  void compositeCopiesItsList() {
    List<String> calls = new ArrayList<>();
    List<Sink> sinks = new ArrayList<>(Arrays.asList(named("a", calls), named("b", calls)));
    Sink composite = Sinks.composite(sinks);

    sinks.add(named("late", calls));
    composite.onFinding(FINDING);

    assertThat(calls).containsExactly("a finding", "b finding");
  }

  @Test
  void compositeRefusesNullSinks() {
    assertThatThrownBy(() -> Sinks.composite(new RecordingSink(), null))
        .isInstanceOf(NullPointerException.class);
  }

  @Test
  void emptyCompositeDoesNothing() {
    assertThatCode(() -> Sinks.composite().onFinding(FINDING)).doesNotThrowAnyException();
  }

  @Test
  void slf4jSinksAreRateLimitedLogSinks() {
    assertThat(Sinks.slf4j()).isInstanceOf(Slf4jSink.class);
    assertThat(Sinks.slf4j(0)).isInstanceOf(Slf4jSink.class);
    assertThatThrownBy(() -> Sinks.slf4j(-1)).isInstanceOf(IllegalArgumentException.class);
  }

  /**
   * Through the tracker: the sink that throws is counted as an internal error once per failed
   * delivery, and the recent-findings buffer and the other sinks still get every finding.
   */
  @Test
  void theTrackerCountsAThrowingSinkAndDeliversToTheOthers() {
    RecordingSink recorded = new RecordingSink();
    Sink failing =
        new Sink() {
          @Override
          public void onFinding(Finding finding) {
            throw new IllegalStateException("sink bug");
          }

          @Override
          public void onHandshake(Handshake handshake) {
            throw new LinkageError("missing class");
          }
        };
    NtlmAffinity affinity =
        NtlmAffinity.builder()
            .clock(TestClock.create())
            .logRatePerMinute(0)
            .sink(failing)
            .sink(recorded)
            .build();

    for (int i = 0; i < 3; i++) {
      Exchange e = affinity.begin(FakeRequest.on(CONNECTION).authorization("NTLM TlRMTVNTUAAD!!"));
      e.complete(400, false);
    }
    // A NEGOTIATE and its response: one handshake update, as the response completes; no finding.
    Exchange negotiate =
        affinity.begin(
            FakeRequest.on(CONNECTION)
                .authorization(NtlmTestMessages.ntlmHeader(NtlmTestMessages.create().negotiate())));
    negotiate.complete(401, false);

    assertThat(recorded.findings())
        .hasSize(3)
        .allMatch(f -> f.type() == FindingType.MALFORMED_TOKEN);
    assertThat(recorded.handshakes()).hasSize(1);
    assertThat(recorded.handshakes().get(0).legs().get(0).status()).isEqualTo(401);
    assertThat(affinity.snapshot().findings()).hasSize(3);
    assertThat(affinity.snapshot().handshakes()).hasSize(1);
    assertThat(affinity.counters().findings(FindingType.MALFORMED_TOKEN)).isEqualTo(3);
    assertThat(affinity.counters().internalErrors()).isEqualTo(4);
  }

  private static Sink named(String name, List<String> calls) {
    return new Sink() {
      @Override
      public void onFinding(Finding finding) {
        calls.add(name + " finding");
      }

      @Override
      public void onHandshake(Handshake handshake) {
        calls.add(name + " handshake");
      }
    };
  }

  private static Sink throwing(Throwable t) {
    return new Sink() {
      @Override
      public void onFinding(Finding finding) {
        throw sneaky(t);
      }

      @Override
      public void onHandshake(Handshake handshake) {
        throw sneaky(t);
      }
    };
  }

  private static RuntimeException sneaky(Throwable t) {
    if (t instanceof Error e) {
      throw e;
    }
    return (RuntimeException) t;
  }
}
