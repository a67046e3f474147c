package io.github.ntlmaffinity.benchmarks;

import io.github.ntlmaffinity.Exchange;
import io.github.ntlmaffinity.NtlmAffinity;
import io.github.ntlmaffinity.servlet.NtlmAffinityFilter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The filter's cost for a request without {@code Authorization}: {@link
 * NtlmAffinityFilter#doFilter} called directly with the minimal request, response and chain of
 * {@link ServletFakes}, below the servlet seam (no container).
 *
 * <ul>
 *   <li>{@code baseline_chainOnly}: the chain alone, what a request costs with no filter.
 *   <li>{@code filter_noAuthorization}: through the filter on a node that tracks no NTLM
 *       connection.
 *   <li>{@code filter_noAuthorizationTrackedNode}: through the filter on a node that tracks an NTLM
 *       connection, the request arriving on another one: the tracker must look its connection up.
 * </ul>
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 5, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(2)
public class FilterBenchmark {
  private NtlmAffinityFilter quiet;
  private NtlmAffinityFilter tracking;
  private HttpServletRequest plain;
  private HttpServletResponse response;
  private FilterChain chain;

  @Setup(Level.Trial)
  public void setup() throws ServletException {
    quiet = new NtlmAffinityFilter(NtlmAffinity.builder().nodeName("bench").build());
    NtlmAffinity engine = NtlmAffinity.builder().nodeName("bench").build();
    tracking = new NtlmAffinityFilter(engine);
    quiet.init(null);
    tracking.init(null);
    // One NTLM connection in the table, through core's own request view.
    TrackerBenchmark.Request negotiate =
        new TrackerBenchmark.Request(
            Messages.NEGOTIATE, TrackerBenchmark.connection("ntlm-conn", 50001));
    Exchange e = engine.begin(negotiate);
    e.challenge(Messages.CHALLENGE);
    e.complete(401, false);
    if (engine.snapshot().trackedConnections() != 1) {
      throw new IllegalStateException("the tracking filter tracks no connection");
    }
    plain = ServletFakes.request("plain-conn", 50002, null);
    response = ServletFakes.response();
    chain = ServletFakes.NOTHING;
  }

  @Benchmark
  public void baseline_chainOnly() throws IOException, ServletException {
    chain.doFilter(plain, response);
  }

  @Benchmark
  public void filter_noAuthorization() throws IOException, ServletException {
    quiet.doFilter(plain, response, chain);
  }

  @Benchmark
  public void filter_noAuthorizationTrackedNode() throws IOException, ServletException {
    tracking.doFilter(plain, response, chain);
  }
}
