package io.github.ntlmaffinity.wire;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.ntlmaffinity.internal.report.DecodeResultJson;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** No input comes back verbatim as a "scheme" beyond a short, non-secret word. */
class SchemeEchoTest {
  // The start of a real AUTHENTICATE and a Basic credential, each glued to its scheme.
  private static final String TOKEN =
      "TlRMTVNTUAADAAAAGAAYAEAAAAAYABgAWAAAAAAAAABwAAAAAAAAAHAAAAAAAAAAcAAAAAAAAABwAAAABYKIog";
  private static final String BASIC = "dXNlcjpwYXNzd29yZA";

  @ParameterizedTest
  @ValueSource(strings = {"NTLM", "Negotiate", "ntlm", "Basic", "Bearer"})
  void aSchemeGluedToItsTokenIsMalformedAndEchoesNothing(String scheme) {
    String glued = scheme + (scheme.equals("Basic") ? BASIC : TOKEN);
    DecodeResult auth = NtlmDecoder.decodeAuthorization(glued);
    List<DecodeResult> www = NtlmDecoder.decodeWwwAuthenticate(glued);

    for (DecodeResult r : List.of(auth, www.get(www.size() - 1))) {
      assertThat(r).isInstanceOf(DecodeResult.Malformed.class);
      assertThat(r.toString()).doesNotContain("TlRMTVNT").doesNotContain("dXNlcj");
      assertThat(DecodeResultJson.toJson(r)).doesNotContain("TlRMTVNT").doesNotContain("dXNlcj");
    }
  }

  @Test
  void aLongUnknownSchemeIsMalformedWithoutEchoingIt() {
    String value = "X" + TOKEN;
    for (DecodeResult r :
        List.of(
            NtlmDecoder.decodeAuthorization(value),
            NtlmDecoder.decodeWwwAuthenticate(value).get(0))) {
      assertThat(r).isInstanceOf(DecodeResult.Malformed.class);
      assertThat(DecodeResultJson.toJson(r)).doesNotContain(TOKEN.substring(0, 8));
    }
  }

  @Test
  void registeredSchemesAreStillNamed() {
    assertThat(NtlmDecoder.decodeAuthorization("Basic " + BASIC))
        .isEqualTo(new DecodeResult.NotNtlm("Basic"));
    assertThat(NtlmDecoder.decodeWwwAuthenticate("SCRAM-SHA-256 realm=\"x\", Basic realm=\"y\""))
        .containsExactly(
            new DecodeResult.NotNtlm("SCRAM-SHA-256"), new DecodeResult.NotNtlm("Basic"));
  }
}
