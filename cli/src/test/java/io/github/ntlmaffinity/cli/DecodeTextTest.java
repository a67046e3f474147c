package io.github.ntlmaffinity.cli;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import io.github.ntlmaffinity.testing.Samples;
import io.github.ntlmaffinity.wire.ChallengeMessage;
import io.github.ntlmaffinity.wire.DecodeResult;
import io.github.ntlmaffinity.wire.NtlmDecoder;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Base64;
import org.junit.jupiter.api.Test;

/** {@code decode} for people: text blocks on a terminal or with --text; JSON stays for tools. */
class DecodeTextTest {
  private static final Samples SAMPLES = Samples.load(DecodeTextTest.class, "headers.txt");

  @Test
  void aCurlTraceReadsAsThreeBlocksWithTheChallengeItAnswers() {
    String trace =
        String.join(
            "\n",
            "*   Trying 127.0.0.1:80...",
            "> GET / HTTP/1.1",
            "> Host: app.example",
            "> " + SAMPLES.line("hc5-type1"),
            ">",
            "< HTTP/1.1 401 Unauthorized",
            "< " + SAMPLES.line("hc5-type2"),
            "< Content-Length: 0",
            "> GET / HTTP/1.1",
            "> " + SAMPLES.line("hc5-type3"),
            "< HTTP/1.1 200 OK",
            "");
    ChallengeMessage challenge =
        (ChallengeMessage)
            ((DecodeResult.Ntlm)
                    NtlmDecoder.decodeWwwAuthenticate(SAMPLES.value("hc5-type2")).get(0))
                .message();

    Run run = run(trace, false, "decode", "--text");

    assertThat(run.status).isZero();
    assertThat(run.stdout)
        .contains("line 4: Authorization: NTLM \u00b7 NEGOTIATE\n")
        .contains("line 7: WWW-Authenticate: NTLM \u00b7 CHALLENGE\n")
        .contains("  issuer       NODE-A (node-a.example.test)\n")
        .contains("line 10: Authorization: NTLM \u00b7 AUTHENTICATE\n")
        .contains("  user         EXAMPLE\\alice\n")
        .contains("  challenge by NODE-A\n")
        // The exact time, to the 100 ns of the FILETIME, not cut to seconds.
        .contains("  challenge at " + challenge.targetInfo().timestampInstant() + "\n")
        .contains("  answers      the CHALLENGE on line 7\n")
        .contains("  flags        unicode, ntlm, always sign,")
        .contains("extended session security, target info, version, 128-bit, 56-bit\n")
        .endsWith("3 headers decoded; 8 other lines skipped (not NTLM headers)\n");
    assertThat(challenge.targetInfo().timestampInstant().getNano() % 1_000_000).isNotZero();
    // No token bytes: neither the base64 nor the server challenge.
    assertThat(run.stdout)
        .doesNotContain(SAMPLES.token("hc5-type3").substring(0, 40))
        .doesNotContain(challenge.serverChallengeHex());
  }

  @Test
  void onATerminalTextIsTheDefaultAndJsonIsAskedFor() {
    Run terminal = run("", true, "decode", SAMPLES.line("hc5-type3"));
    Run json = run("", true, "decode", "--json", SAMPLES.line("hc5-type3"));
    Run piped = run("", false, "decode", SAMPLES.line("hc5-type3"));

    assertThat(terminal.stdout).startsWith("Authorization: NTLM \u00b7 AUTHENTICATE\n");
    assertThat(json.stdout).startsWith("{\"kind\":\"ntlm\"");
    assertThat(piped.stdout).isEqualTo(json.stdout);
  }

  @Test
  void decodedNamesCannotDriveTheTerminal() {
    // A NEGOTIATE whose OEM workstation name holds ESC [2J (clear screen) and U+202E in UTF-8.
    byte[] name = "WS\u001b[2J\u0085".getBytes(java.nio.charset.StandardCharsets.ISO_8859_1);
    ByteBuffer b = ByteBuffer.allocate(32 + name.length).order(ByteOrder.LITTLE_ENDIAN);
    b.put("NTLMSSP\0".getBytes(UTF_8)).putInt(1).putInt(0x2000 | 0x200 | 0x2);
    b.putShort((short) 0).putShort((short) 0).putInt(32);
    b.putShort((short) name.length).putShort((short) name.length).putInt(32).put(name);
    String header = "Authorization: NTLM " + Base64.getEncoder().encodeToString(b.array());

    Run run = run("", false, "decode", "--text", header);

    assertThat(run.stdout).contains("  workstation  WS\\x1b[2J\\x85\n").doesNotContain("\u001b");
    assertThat(DecodeText.clean("A-EDON\u202e\u200b\u2028"))
        .isEqualTo("A-EDON\\u202e\\u200b\\u2028");
  }

  @Test
  void theSampleInTheHelpDecodes() {
    assertThat(Arguments.USAGE).contains(Arguments.SAMPLE);

    Run run = run("", false, "decode", "--text", Arguments.SAMPLE);

    assertThat(run.status).isZero();
    assertThat(run.stdout).startsWith("Authorization: NTLM \u00b7 NEGOTIATE\n");
  }

  @Test
  void versionAndConflictingOptions() {
    Run version = run("", false, "--version");
    Run conflict = run("", false, "decode", "--text", "--json", "x");
    Run prettyText = run("", false, "decode", "--text", "--pretty", "x");

    assertThat(version.status).isZero();
    assertThat(version.stdout).startsWith("ntlm-affinity-cli ").endsWith("\n");
    assertThat(conflict.status).isEqualTo(2);
    assertThat(conflict.stderr).startsWith("error: --text and --json exclude each other");
    assertThat(prettyText.status).isEqualTo(2);
  }

  @Test
  void aLoneInputThatIsNoHeaderSaysSoAndExitsOne() {
    Run run = run("", false, "decode", "--text", "Cookie: a=b");

    assertThat(run.status).isEqualTo(1);
    assertThat(run.stdout).startsWith("Cookie: not an authentication header\n");
  }

  private static Run run(String stdin, boolean terminal, String... args) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    int status =
        Main.run(args, new ByteArrayInputStream(stdin.getBytes(UTF_8)), out, err, terminal);
    return new Run(status, out.toString(UTF_8), err.toString(UTF_8));
  }

  private record Run(int status, String stdout, String stderr) {}
}
