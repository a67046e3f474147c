package io.github.ntlmaffinity.servlet;

import static org.assertj.core.api.Assertions.fail;

import io.github.ntlmaffinity.DiagnosticsSnapshot;
import io.github.ntlmaffinity.Finding;
import io.github.ntlmaffinity.FindingType;
import io.github.ntlmaffinity.Handshake;
import io.github.ntlmaffinity.NtlmAffinity;
import io.github.ntlmaffinity.testing.NtlmTestMessages;
import io.github.ntlmaffinity.testing.RawConnection;
import io.github.ntlmaffinity.testing.TestClock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Predicate;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterEach;

/**
 * What the container suites share: servers started per test and stopped after it, a clock that
 * moves only when told, NTLM client messages from jcifs-ng, and waiting (bounded) for the filter's
 * bookkeeping, which may finish just after the client has read the response.
 */
abstract class ContainerTestSupport {
  static final NtlmTestMessages JCIFS = NtlmTestMessages.create();
  private static final long AWAIT_NANOS = TimeUnit.SECONDS.toNanos(5);

  final TestClock clock = new TestClock(Instant.now());
  private final List<AutoCloseable> resources = new ArrayList<>();
  private final ReplayCheck replay = new ReplayCheck();

  /** The container under test. */
  abstract TestServer.Container container();

  TestServer start(TestServer.Setup setup) throws Exception {
    setup.replayCheck = replay;
    TestServer server = container().start(setup.clock(clock));
    resources.add(server);
    return server;
  }

  RawConnection connect(TestServer server) throws Exception {
    RawConnection c = new RawConnection(server.port());
    resources.add(c);
    return c;
  }

  @AfterEach
  void stopAll() throws Exception {
    Exception first = null;
    for (int i = resources.size() - 1; i >= 0; i--) {
      try {
        resources.get(i).close();
      } catch (Exception e) {
        first = first == null ? e : first;
      }
    }
    resources.clear();
    if (first != null) {
      throw first;
    }
    // Every scenario of the suite, replayed from what the filters observed, finds the same.
    replay.assertReplayGivesTheSameFindings();
  }

  // ---- NTLM client messages -----------------------------------------------------------------

  /** {@code Authorization: NTLM <Type-1>} from jcifs-ng. */
  static String type1() {
    return "Authorization: " + NtlmTestMessages.ntlmHeader(JCIFS.negotiate());
  }

  /** {@code Authorization: NTLM <Type-3>} answering the CHALLENGE in {@code response}. */
  static String type3(RawConnection.Response response) {
    return "Authorization: " + answer(response.header("WWW-Authenticate"));
  }

  /** The {@code NTLM <Type-3>} value answering the CHALLENGE {@code wwwAuthenticate}. */
  static String answer(String wwwAuthenticate) {
    if (wwwAuthenticate == null || wwwAuthenticate.indexOf(' ') < 0) {
      throw new AssertionError("no CHALLENGE in WWW-Authenticate: " + wwwAuthenticate);
    }
    byte[] type2 =
        Base64.getDecoder().decode(wwwAuthenticate.substring(wwwAuthenticate.indexOf(' ') + 1));
    return NtlmTestMessages.ntlmHeader(
        JCIFS.authenticate(
            type2,
            NtlmTestMessages.DOMAIN,
            NtlmTestMessages.USER,
            NtlmTestMessages.PASSWORD,
            NtlmTestMessages.WORKSTATION));
  }

  // ---- waiting for the tracker --------------------------------------------------------------

  /** Polls {@code probe} until {@code done} holds, for at most 5 s. */
  static <T> T await(Supplier<T> probe, Predicate<T> done, String what) {
    long deadline = System.nanoTime() + AWAIT_NANOS;
    while (true) {
      T value = probe.get();
      if (done.test(value)) {
        return value;
      }
      if (System.nanoTime() > deadline) {
        return fail("waited 5 s for " + what + "; last: " + value);
      }
      LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(5));
    }
  }

  /** Waits until {@code affinity} has recorded {@code count} findings of {@code type}. */
  static List<Finding> awaitFindings(NtlmAffinity affinity, FindingType type, int count) {
    return await(
        () -> findings(affinity.snapshot(), type),
        found -> found.size() >= count,
        count + " " + type + " finding(s)");
  }

  /** Waits until the newest handshake has ended, and returns it. */
  static Handshake awaitEnded(NtlmAffinity affinity) {
    return await(
            () -> affinity.snapshot().handshakes(),
            hs -> !hs.isEmpty() && hs.get(0).outcome() != Handshake.Outcome.IN_PROGRESS,
            "the newest handshake to end")
        .get(0);
  }

  /** Findings of {@code type}, oldest first. */
  static List<Finding> findings(DiagnosticsSnapshot s, FindingType type) {
    List<Finding> found = new ArrayList<>();
    for (Finding f : s.findings()) {
      if (f.type() == type) {
        found.add(0, f);
      }
    }
    return found;
  }

  static List<FindingType> findingTypes(NtlmAffinity affinity) {
    return affinity.snapshot().findings().stream().map(Finding::type).toList();
  }
}
