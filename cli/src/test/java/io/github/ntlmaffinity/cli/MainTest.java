package io.github.ntlmaffinity.cli;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.ntlmaffinity.testing.Samples;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class MainTest {
  private static final Samples SAMPLES = Samples.load(MainTest.class, "headers.txt");

  private static final ObjectMapper MAPPER = new ObjectMapper();
  private static final String TYPE3_SUMMARY =
      "AUTHENTICATE EXAMPLE\\alice from VM, NTLMv2, answers a challenge issued by NODE-A at"
          + " 2026-11-24T23:32:28Z";

  @Test
  void decodesAWholeHeaderLine() throws Exception {
    Run run = run("", "decode", SAMPLES.line("hc5-type3"));

    assertThat(run.status).isZero();
    assertThat(run.stderr).isEmpty();
    JsonNode node = run.single();
    assertThat(node.get("kind").textValue()).isEqualTo("ntlm");
    assertThat(node.get("summary").textValue()).isEqualTo(TYPE3_SUMMARY);
    assertThat(node.get("input").textValue()).isEqualTo("header-line");
    assertThat(node.get("header").textValue()).isEqualTo("Authorization");
    assertThat(node.has("line")).isFalse();
    assertThat(node.at("/message/user").textValue()).isEqualTo("alice");
    assertThat(node.at("/message/challengeIssuer").textValue()).isEqualTo("NODE-A");
  }

  @Test
  void joinsUnquotedWordsOfAHeaderLine() throws Exception {
    Run run = run("", "decode", "authorization:", "NTLM", SAMPLES.token("hc5-type3"));

    assertThat(run.status).isZero();
    assertThat(run.single().get("summary").textValue()).isEqualTo(TYPE3_SUMMARY);
    assertThat(run.single().get("header").textValue()).isEqualTo("authorization");
  }

  @Test
  void decodesAHeaderValue() throws Exception {
    Run run = run("", "decode", SAMPLES.value("hc5-type2"));

    assertThat(run.status).isZero();
    JsonNode node = run.single();
    assertThat(node.get("input").textValue()).isEqualTo("header-value");
    assertThat(node.get("header").isNull()).isTrue();
    assertThat(node.at("/message/type").textValue()).isEqualTo("CHALLENGE");
    assertThat(node.at("/message/serverChallenge").textValue()).isEqualTo("e69b846d81dfd797");
  }

  @Test
  void decodesABareNtlmToken() throws Exception {
    Run run = run("", "decode", SAMPLES.token("hc5-type1"));

    assertThat(run.status).isZero();
    JsonNode node = run.single();
    assertThat(node.get("input").textValue()).isEqualTo("token");
    assertThat(node.get("scheme").textValue()).isEqualTo("NTLM");
    assertThat(node.at("/message/type").textValue()).isEqualTo("NEGOTIATE");
  }

  @Test
  void decodesABareSpnegoTokenAsNegotiate() throws Exception {
    Run run = run("", "decode", SAMPLES.token("samba-spnego-type2"));

    assertThat(run.status).isZero();
    JsonNode node = run.single();
    assertThat(node.get("scheme").textValue()).isEqualTo("Negotiate");
    assertThat(node.get("wrapping").textValue()).isEqualTo("SPNEGO_RESPONSE");
    assertThat(node.at("/spnego/negState").textValue()).isEqualTo("ACCEPT_INCOMPLETE");
  }

  @Test
  void reportsOffsetsOfABareTokenWithinTheToken() throws Exception {
    Run run = run("", "decode", "TlRM*TVNT");

    assertThat(run.status).isEqualTo(1);
    JsonNode node = run.single();
    assertThat(node.get("reason").textValue()).isEqualTo("BASE64_INVALID_CHARACTER");
    assertThat(node.get("offset").intValue()).isEqualTo(4);
  }

  @Test
  void readsOneHeaderPerLineFromStdinSkippingBlankLines() throws Exception {
    String stdin =
        SAMPLES.line("hc5-type1")
            + "\r\n\r\n"
            + SAMPLES.line("hc5-type2")
            + "\n   \n"
            + "> "
            + SAMPLES.line("hc5-type3")
            + "\n"
            + SAMPLES.line("samba-spnego-type1"); // no final newline

    Run run = run(stdin, "decode");

    assertThat(run.status).isZero();
    assertThat(run.lines()).hasSize(4);
    List<JsonNode> nodes = run.json();
    assertThat(nodes)
        .extracting(n -> n.at("/message/type").textValue())
        .containsExactly("NEGOTIATE", "CHALLENGE", "AUTHENTICATE", "NEGOTIATE");
    assertThat(nodes).extracting(n -> n.get("line").intValue()).containsExactly(1, 3, 5, 6);
    assertThat(nodes.get(2).get("summary").textValue()).isEqualTo(TYPE3_SUMMARY);
    assertThat(nodes.get(3).get("wrapping").textValue()).isEqualTo("SPNEGO_INIT");
  }

  @Test
  void dashReadsStdinToo() throws Exception {
    Run run = run("\uFEFF" + SAMPLES.line("perl-lwp-type3") + "\n", "decode", "-");

    assertThat(run.status).isZero();
    assertThat(run.single().at("/message/responseKind").textValue()).isEqualTo("NTLMV1");
  }

  @Test
  void malformedInputPrintsTheReasonAndExitsOne() throws Exception {
    Run run =
        run(SAMPLES.line("hc5-type1") + "\nAuthorization: NTLM\nNTLM TlRMTVNTUAADAAAA\n", "decode");

    assertThat(run.status).isEqualTo(1);
    assertThat(run.stderr).isEmpty();
    List<JsonNode> nodes = run.json();
    assertThat(nodes).hasSize(3);
    assertThat(nodes.get(0).get("kind").textValue()).isEqualTo("ntlm");
    assertThat(nodes.get(1).get("kind").textValue()).isEqualTo("malformed");
    assertThat(nodes.get(1).get("reason").textValue()).isEqualTo("MISSING_TOKEN");
    assertThat(nodes.get(1).get("line").intValue()).isEqualTo(2);
    assertThat(nodes.get(2).get("reason").textValue()).isEqualTo("NTLM_TRUNCATED");
    assertThat(nodes.get(2).get("layer").textValue()).isEqualTo("NTLM");
    assertThat(nodes.get(2).get("summary").textValue())
        .startsWith("malformed: NTLM_TRUNCATED at byte 12: AUTHENTICATE of 12 bytes");
  }

  @Test
  void malformedArgumentExitsOne() throws Exception {
    Run run = run("", "decode", "Negotiate", "!!!!");

    assertThat(run.status).isEqualTo(1);
    assertThat(run.single().get("reason").textValue()).isEqualTo("BASE64_INVALID_CHARACTER");
  }

  @Test
  void otherHeadersAreRejectedAsErrors() throws Exception {
    Run run = run("", "decode", "Cookie: NTLM=1");

    assertThat(run.status).isEqualTo(1);
    JsonNode node = run.single();
    assertThat(node.get("kind").textValue()).isEqualTo("error");
    assertThat(node.get("reason").textValue()).isEqualTo("UNSUPPORTED_HEADER");
    assertThat(node.get("header").textValue()).isEqualTo("Cookie");
  }

  @Test
  void otherSchemesAndKerberosAreNotErrors() throws Exception {
    Run run = run("Authorization: Basic dXNlcjpwdw==\nProxy-Authorization: Bearer abc\n", "decode");

    assertThat(run.status).isZero();
    assertThat(run.json()).extracting(n -> n.get("kind").textValue()).containsOnly("not-ntlm");
    assertThat(run.json().get(1).get("header").textValue()).isEqualTo("Proxy-Authorization");
  }

  @Test
  void challengeListPrintsTheChallengeWithAToken() throws Exception {
    Run run =
        run(
            "",
            "decode",
            "WWW-Authenticate: Basic realm=\"x\", Negotiate, " + SAMPLES.value("hc5-type2"));

    assertThat(run.status).isZero();
    JsonNode node = run.single();
    assertThat(node.get("kind").textValue()).isEqualTo("ntlm");
    assertThat(node.at("/message/type").textValue()).isEqualTo("CHALLENGE");
  }

  @Test
  void challengeListWithoutATokenListsTheOffers() throws Exception {
    Run run = run("", "decode", "Proxy-Authenticate: Negotiate, NTLM, Basic realm=\"corp\"");

    assertThat(run.status).isZero();
    JsonNode node = run.single();
    assertThat(node.get("kind").textValue()).isEqualTo("offers");
    assertThat(node.get("summary").textValue())
        .isEqualTo("offers Negotiate, NTLM, Basic; none carries a token");
    assertThat(node.get("offers")).hasSize(3);
    assertThat(node.at("/offers/0/kind").textValue()).isEqualTo("no-token");
    assertThat(node.at("/offers/2/kind").textValue()).isEqualTo("not-ntlm");
    assertThat(node.get("header").textValue()).isEqualTo("Proxy-Authenticate");
  }

  @Test
  void aLoneSchemeIsAnOffer() throws Exception {
    Run run = run("", "decode", "Negotiate");

    assertThat(run.status).isZero();
    assertThat(run.single().get("summary").textValue())
        .isEqualTo("Negotiate offer without a token");
  }

  @Test
  void emptyHeaderIsMalformed() throws Exception {
    Run run = run("", "decode", "WWW-Authenticate:");

    assertThat(run.status).isEqualTo(1);
    assertThat(run.single().get("reason").textValue()).isEqualTo("HEADER_EMPTY");
  }

  @Test
  void prettyPrintsIndentedJson() throws Exception {
    Run run = run("", "decode", "--pretty", SAMPLES.line("hc5-type3"));

    assertThat(run.status).isZero();
    assertThat(run.stdout).startsWith("{\n  \"kind\": \"ntlm\",\n");
    assertThat(MAPPER.readTree(run.stdout).get("summary").textValue()).isEqualTo(TYPE3_SUMMARY);
  }

  @Test
  void helpPrintsUsageAndExitsZero() throws Exception {
    for (String help : List.of("--help", "-h", "help")) {
      Run run = run("", help);

      assertThat(run.status).isZero();
      assertThat(run.stdout).startsWith("Usage: java -jar ntlm-affinity-cli.jar decode");
      assertThat(run.stderr).isEmpty();
    }
    assertThat(run("", "decode", "--help").status).isZero();
  }

  @Test
  void usageErrorsExitTwoWithUsageOnStderr() throws Exception {
    for (String[] args :
        List.of(
            new String[] {},
            new String[] {"encode", "x"},
            new String[] {"decode", "--verbose", "x"},
            new String[] {"decode", "-", "x"})) {
      Run run = run("", args);

      assertThat(run.status).as(String.join(" ", args)).isEqualTo(2);
      assertThat(run.stdout).isEmpty();
      assertThat(run.stderr).startsWith("error: ").contains("Usage: java -jar");
    }
  }

  @Test
  void aFailingStdinIsReportedAsJsonNotAStackTrace() throws Exception {
    InputStream broken =
        new InputStream() {
          @Override
          public int read() throws IOException {
            throw new IOException("device gone");
          }
        };
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();

    int status = Main.run(new String[] {"decode"}, broken, out, err);

    assertThat(status).isEqualTo(3);
    JsonNode node = MAPPER.readTree(out.toString(UTF_8));
    assertThat(node.get("kind").textValue()).isEqualTo("error");
    assertThat(node.get("reason").textValue()).isEqualTo("IO_ERROR");
    assertThat(node.get("detail").textValue()).contains("device gone");
    assertThat(err.toString(UTF_8)).isEmpty();
  }

  @Test
  void aBrokenStdoutEndsWithStatusThree() {
    OutputStream broken =
        new OutputStream() {
          @Override
          public void write(int b) throws IOException {
            throw new IOException("pipe closed");
          }
        };

    int status =
        Main.run(
            new String[] {"decode", SAMPLES.line("hc5-type1")},
            InputStream.nullInputStream(),
            broken,
            OutputStream.nullOutputStream());

    assertThat(status).isEqualTo(3);
  }

  @Test
  void tooLongLinesAreSkippedAndReported() throws Exception {
    String stdin =
        "NTLM " + "A".repeat(DecodeCommand.MAX_LINE_CHARS) + "\n" + SAMPLES.line("hc5-type1");

    Run run = run(stdin, "decode");

    assertThat(run.status).isEqualTo(1);
    List<JsonNode> nodes = run.json();
    assertThat(nodes.get(0).get("reason").textValue()).isEqualTo("LINE_TOO_LONG");
    assertThat(nodes.get(0).get("line").intValue()).isEqualTo(1);
    assertThat(nodes.get(1).at("/message/type").textValue()).isEqualTo("NEGOTIATE");
    assertThat(nodes.get(1).get("line").intValue()).isEqualTo(2);
  }

  @Test
  void controlCharactersInInputNeverReachTheOutputRaw() throws Exception {
    Run run = run("", "decode", "Authorization: Ba\u001b[31msic\u0007 x");

    assertThat(run.stdout.strip()).doesNotContain("\u001b", "\u0007");
    assertThat(run.single().get("kind").textValue()).isIn("not-ntlm", "malformed");
  }

  // ---- helpers ----------------------------------------------------------------------------

  private static Run run(String stdin, String... args) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    int status = Main.run(args, new ByteArrayInputStream(stdin.getBytes(UTF_8)), out, err);
    return new Run(status, out.toString(UTF_8), err.toString(UTF_8));
  }

  private record Run(int status, String stdout, String stderr) {
    List<String> lines() {
      return stdout.lines().toList();
    }

    List<JsonNode> json() throws IOException {
      List<JsonNode> nodes = new ArrayList<>();
      for (String line : lines()) {
        nodes.add(MAPPER.readTree(line));
      }
      return nodes;
    }

    JsonNode single() throws IOException {
      assertThat(stdout).endsWith("\n");
      assertThat(lines()).hasSize(1);
      return MAPPER.readTree(stdout);
    }
  }
}
