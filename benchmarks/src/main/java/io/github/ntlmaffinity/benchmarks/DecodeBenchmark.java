package io.github.ntlmaffinity.benchmarks;

import io.github.ntlmaffinity.wire.AuthenticateMessage;
import io.github.ntlmaffinity.wire.ChallengeMessage;
import io.github.ntlmaffinity.wire.DecodeResult;
import io.github.ntlmaffinity.wire.NegotiateMessage;
import io.github.ntlmaffinity.wire.NtlmDecoder;
import io.github.ntlmaffinity.wire.TargetInfo;
import java.io.IOException;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.TimeUnit;
import jcifs.ntlmssp.Type1Message;
import jcifs.ntlmssp.Type2Message;
import jcifs.ntlmssp.Type3Message;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.Blackhole;

/**
 * Header string to decoded message, our decoder beside jcifs-ng 2.1.10 parsing the same header.
 * Both include the base64 decode: ours decodes straight from the header, jcifs-ng is handed {@code
 * java.util.Base64} of the token, as its users do. {@code base64_type3} is that bare base64 step
 * alone, the floor for the AUTHENTICATE.
 *
 * <p>Our decode does more than jcifs-ng's parse: it checks every field's bounds and overlaps, and
 * walks and checks the CHALLENGE's TargetInfo and the AUTHENTICATE's NTLMv2 blob with its AV pairs;
 * jcifs-ng copies the TargetInfo and the responses as byte arrays. Ours decodes names when they are
 * first read (jcifs-ng decodes the AUTHENTICATE's three names in its constructor), so {@code
 * ours_type2_read} and {@code ours_type3_read} add reading what the tracker reads of each message:
 * the issuer's names and timestamp of a CHALLENGE; user, domain, workstation, echoed issuer and
 * timestamp of an AUTHENTICATE.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 5, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(2)
public class DecodeBenchmark {
  private static final int SCHEME = "NTLM ".length();

  // Fields, not constants, so that nothing is folded at compile time.
  private String type1;
  private String type2;
  private String type3;

  @Setup
  public void setup() throws IOException {
    type1 = Messages.NEGOTIATE;
    type2 = Messages.CHALLENGE;
    type3 = Messages.AUTHENTICATE;
    // Fail before measuring anything if a side does not decode what it is timed on.
    check(ours_type1(), NegotiateMessage.class);
    check(ours_type2().get(0), ChallengeMessage.class);
    AuthenticateMessage a = (AuthenticateMessage) check(ours_type3(), AuthenticateMessage.class);
    if (a.challengeTimestamp() == null || a.echoedTargetInfo().pairs().size() < 6) {
      throw new IllegalStateException("the AUTHENTICATE has no NTLMv2 blob to walk: " + a);
    }
    if (jcifs_type2().getTargetInformation() == null || jcifs_type3().getNTResponse() == null) {
      throw new IllegalStateException("jcifs-ng did not parse the messages");
    }
    jcifs_type1();
  }

  @Benchmark
  public DecodeResult ours_type1() {
    return NtlmDecoder.decodeAuthorization(type1);
  }

  @Benchmark
  public Type1Message jcifs_type1() throws IOException {
    return new Type1Message(Base64.getDecoder().decode(type1.substring(SCHEME)));
  }

  @Benchmark
  public List<DecodeResult> ours_type2() {
    // The CHALLENGE comes in WWW-Authenticate, which may list several challenges.
    return NtlmDecoder.decodeWwwAuthenticate(type2);
  }

  @Benchmark
  public void ours_type2_read(Blackhole blackhole) {
    ChallengeMessage c =
        (ChallengeMessage)
            ((DecodeResult.Ntlm) NtlmDecoder.decodeWwwAuthenticate(type2).get(0)).message();
    TargetInfo info = c.targetInfo();
    blackhole.consume(info.timestamp());
    blackhole.consume(info.nbComputerName());
    blackhole.consume(info.dnsComputerName());
  }

  @Benchmark
  public Type2Message jcifs_type2() throws IOException {
    return new Type2Message(Base64.getDecoder().decode(type2.substring(SCHEME)));
  }

  @Benchmark
  public DecodeResult ours_type3() {
    return NtlmDecoder.decodeAuthorization(type3);
  }

  @Benchmark
  public void ours_type3_read(Blackhole blackhole) {
    AuthenticateMessage a =
        (AuthenticateMessage)
            ((DecodeResult.Ntlm) NtlmDecoder.decodeAuthorization(type3)).message();
    blackhole.consume(a.domain());
    blackhole.consume(a.user());
    blackhole.consume(a.workstation());
    blackhole.consume(a.challengeIssuer());
    blackhole.consume(a.challengeTimestamp());
  }

  @Benchmark
  public Type3Message jcifs_type3() throws IOException {
    return new Type3Message(Base64.getDecoder().decode(type3.substring(SCHEME)));
  }

  @Benchmark
  public byte[] base64_type3() {
    return Base64.getDecoder().decode(type3.substring(SCHEME));
  }

  private static Object check(DecodeResult r, Class<?> type) {
    if (r instanceof DecodeResult.Ntlm ntlm && type.isInstance(ntlm.message())) {
      return ntlm.message();
    }
    throw new IllegalStateException("expected a " + type.getSimpleName() + ", decoded " + r);
  }
}
