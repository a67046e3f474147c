package io.github.ntlmaffinity.internal.report;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.ntlmaffinity.wire.AuthScheme;
import io.github.ntlmaffinity.wire.AuthenticateMessage;
import io.github.ntlmaffinity.wire.AvPair;
import io.github.ntlmaffinity.wire.DecodeResult;
import io.github.ntlmaffinity.wire.MalformedReason;
import io.github.ntlmaffinity.wire.Mechanisms;
import io.github.ntlmaffinity.wire.NtlmDecoder;
import io.github.ntlmaffinity.wire.SpnegoInfo;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class DecodeResultJsonTest {

  private static final ObjectMapper MAPPER = new ObjectMapper();
  private static final Map<String, String> SAMPLES = loadSamples();

  private static final List<String> NTLM_MEMBERS =
      List.of("kind", "summary", "scheme", "wrapping", "negotiateFallback", "spnego", "message");
  private static final List<String> AUTHENTICATE_MEMBERS =
      List.of(
          "type",
          "flags",
          "version",
          "domain",
          "user",
          "workstation",
          "unicode",
          "responseKind",
          "lmResponseLength",
          "ntResponseLength",
          "sessionKeyLength",
          "headerLength",
          "micPresent",
          "micFlagged",
          "ntlmv2",
          "challengeIssuer",
          "challengeTimestamp");

  static Stream<String> sampleLabels() {
    return SAMPLES.keySet().stream();
  }

  @ParameterizedTest
  @MethodSource("sampleLabels")
  void everySampleRendersAsValidJsonWithTheMessageSummary(String label) throws Exception {
    String header = SAMPLES.get(label);
    DecodeResult.Ntlm result = (DecodeResult.Ntlm) decode(label);

    String json = DecodeResultJson.toJson(result);
    JsonNode node = MAPPER.readTree(json);

    assertThat(json).doesNotContain("\n");
    assertThat(names(node)).containsExactlyElementsOf(NTLM_MEMBERS);
    assertThat(node.get("kind").textValue()).isEqualTo("ntlm");
    assertThat(node.get("summary").textValue()).isEqualTo(result.message().summary());
    assertThat(node.get("scheme").textValue()).isEqualTo(result.scheme().headerName());
    assertThat(node.get("wrapping").textValue()).isEqualTo(result.wrapping().name());
    JsonNode message = node.get("message");
    assertThat(message.get("type").textValue()).isEqualTo(result.message().type().name());
    assertThat(message.get("flags").get("value").textValue())
        .isEqualTo(String.format("0x%08x", result.message().flags()));
    assertThat(texts(message.get("flags").get("names"))).isEqualTo(result.message().flagNames());
    // No token bytes: neither the header's base64 nor any long run of it.
    String token = header.substring(header.indexOf(' ') + 1);
    for (int i = 0; i + 24 <= token.length(); i += 24) {
      assertThat(json).doesNotContain(token.substring(i, i + 24));
    }
  }

  @Test
  void authenticateShowsEveryFieldAndTheChallengeItAnswers() throws Exception {
    AuthenticateMessage m =
        (AuthenticateMessage) ((DecodeResult.Ntlm) decode("hc5-type3")).message();

    JsonNode node = MAPPER.readTree(DecodeResultJson.toJson(decode("hc5-type3")));
    JsonNode message = node.get("message");

    assertThat(names(message)).containsExactlyElementsOf(AUTHENTICATE_MEMBERS);
    assertThat(node.get("summary").textValue())
        .startsWith("AUTHENTICATE EXAMPLE\\alice from VM, NTLMv2, answers a challenge issued by")
        .contains("NODE-A at 2026-11-24T");
    assertThat(message.get("domain").textValue()).isEqualTo("EXAMPLE");
    assertThat(message.get("user").textValue()).isEqualTo("alice");
    assertThat(message.get("workstation").textValue()).isEqualTo("VM");
    assertThat(message.get("unicode").booleanValue()).isTrue();
    assertThat(message.get("responseKind").textValue()).isEqualTo("NTLMV2");
    assertThat(message.get("lmResponseLength").intValue()).isEqualTo(24);
    assertThat(message.get("ntResponseLength").intValue()).isEqualTo(m.ntResponseLength());
    assertThat(message.get("sessionKeyLength").intValue()).isEqualTo(m.sessionKeyLength());
    assertThat(message.get("headerLength").intValue()).isEqualTo(72);
    assertThat(message.get("micPresent").booleanValue()).isFalse();
    assertThat(message.get("micFlagged").booleanValue()).isFalse();
    assertThat(message.get("version").toString())
        .isEqualTo("{\"major\":5,\"minor\":1,\"build\":2600,\"ntlmRevision\":15}");
    assertThat(message.get("challengeIssuer").textValue()).isEqualTo("NODE-A");

    JsonNode v2 = message.get("ntlmv2");
    assertThat(v2.get("respType").intValue()).isEqualTo(1);
    assertThat(v2.get("hiRespType").intValue()).isEqualTo(1);
    assertThat(v2.get("clientChallenge").textValue()).isEqualTo(m.ntlmv2().clientChallengeHex());
    assertTimestamp(v2.get("clientTimestamp"), m.ntlmv2().clientTimestamp());
    assertThat(v2.get("avPairs")).hasSize(m.echoedTargetInfo().pairs().size());
    assertThat(v2.get("avPairs").get(1).toString())
        .isEqualTo(
            "{\"id\":1,\"name\":\"MsvAvNbComputerName\",\"length\":12,\"value\":\"NODE-A\"}");
    assertTimestamp(message.get("challengeTimestamp"), m.challengeTimestamp());
  }

  @Test
  void authenticateEchoesTheTimestampOfTheChallengeItAnswers() throws Exception {
    JsonNode challenge = MAPPER.readTree(DecodeResultJson.toJson(decode("hc5-type2")));
    JsonNode authenticate = MAPPER.readTree(DecodeResultJson.toJson(decode("hc5-type3")));

    JsonNode issued = pair(challenge.get("message").get("targetInfo"), "MsvAvTimestamp");
    JsonNode answered = authenticate.get("message").get("challengeTimestamp");

    assertThat(answered.get("fileTime")).isEqualTo(issued.get("fileTime"));
    assertThat(answered.get("time")).isEqualTo(issued.get("time"));
  }

  @Test
  void challengeShowsServerChallengeAndTargetInfo() throws Exception {
    JsonNode message = MAPPER.readTree(DecodeResultJson.toJson(decode("hc5-type2"))).get("message");

    assertThat(names(message))
        .containsExactly("type", "flags", "version", "targetName", "serverChallenge", "targetInfo");
    assertThat(message.get("type").textValue()).isEqualTo("CHALLENGE");
    assertThat(message.get("targetName").textValue()).isEqualTo("EXAMPLE");
    // The corpus notes name this handshake's server challenge.
    assertThat(message.get("serverChallenge").textValue()).isEqualTo("e69b846d81dfd797");
    assertThat(message.get("version").get("build").intValue()).isEqualTo(20348);
    List<String> pairs = new ArrayList<>();
    for (JsonNode pair : message.get("targetInfo")) {
      pairs.add(pair.get("name").textValue() + "=" + pair.path("value").asText(""));
    }
    assertThat(pairs)
        .containsExactly(
            "MsvAvNbDomainName=EXAMPLE",
            "MsvAvNbComputerName=NODE-A",
            "MsvAvDnsDomainName=example.test",
            "MsvAvDnsComputerName=node-a.example.test",
            "MsvAvDnsTreeName=example.test",
            "MsvAvTimestamp=");
    JsonNode timestamp = pair(message.get("targetInfo"), "MsvAvTimestamp");
    assertThat(names(timestamp)).containsExactly("id", "name", "length", "time", "fileTime");
    assertThat(timestamp.get("id").intValue()).isEqualTo(7);
    assertThat(timestamp.get("length").intValue()).isEqualTo(8);
    assertTimestamp(
        timestamp, Long.parseUnsignedLong(timestamp.get("fileTime").textValue(), 2, 18, 16));
  }

  @Test
  void negotiateShowsItsNames() throws Exception {
    JsonNode message = MAPPER.readTree(DecodeResultJson.toJson(decode("hc5-type1"))).get("message");

    assertThat(names(message)).containsExactly("type", "flags", "version", "domain", "workstation");
    assertThat(message.get("domain").textValue()).isEmpty();
    assertThat(message.get("workstation").textValue()).isEmpty();
    assertThat(texts(message.get("flags").get("names"))).contains("NEGOTIATE_UNICODE");
  }

  @Test
  void ntlmv1HasNoBlobAndNamesNoIssuer() throws Exception {
    JsonNode message =
        MAPPER.readTree(DecodeResultJson.toJson(decode("perl-lwp-type3"))).get("message");

    assertThat(message.get("responseKind").textValue()).isEqualTo("NTLMV1");
    assertThat(message.get("ntResponseLength").intValue()).isEqualTo(24);
    assertThat(message.get("ntlmv2").isNull()).isTrue();
    assertThat(message.get("challengeIssuer").isNull()).isTrue();
    assertThat(message.get("challengeTimestamp").isNull()).isTrue();
    assertThat(message.get("version").isNull()).isTrue();
  }

  @Test
  void micFlaggedInAvFlagsIsShownWithFlagNames() throws Exception {
    JsonNode message =
        MAPPER.readTree(DecodeResultJson.toJson(decode("python-requests-type3"))).get("message");

    assertThat(message.get("headerLength").intValue()).isEqualTo(88);
    assertThat(message.get("micPresent").booleanValue()).isTrue();
    assertThat(message.get("micFlagged").booleanValue()).isTrue();
    JsonNode flags = pair(message.get("ntlmv2").get("avPairs"), "MsvAvFlags");
    assertThat(flags.toString())
        .isEqualTo(
            "{\"id\":6,\"name\":\"MsvAvFlags\",\"length\":4,\"value\":\"0x00000002\","
                + "\"names\":[\"MIC_PRESENT\"]}");
  }

  @Test
  void micByLayoutWithoutFlagAndOpaquePairsByLengthOnly() throws Exception {
    JsonNode message =
        MAPPER.readTree(DecodeResultJson.toJson(decode("samba-ntlmssp-type3"))).get("message");

    assertThat(message.get("micPresent").booleanValue()).isTrue();
    assertThat(message.get("micFlagged").booleanValue()).isFalse();
    JsonNode singleHost = pair(message.get("ntlmv2").get("avPairs"), "MsvAvSingleHost");
    assertThat(names(singleHost)).containsExactly("id", "name", "length");
    assertThat(singleHost.get("length").intValue()).isEqualTo(48);
    JsonNode bindings = null;
    for (JsonNode pair : message.get("ntlmv2").get("avPairs")) {
      if (pair.get("id").intValue() == AvPair.CHANNEL_BINDINGS) {
        bindings = pair;
      }
    }
    assertThat(bindings).isNotNull();
    assertThat(names(bindings)).containsExactly("id", "name", "length");
    assertThat(bindings.get("length").intValue()).isEqualTo(16);
  }

  @Test
  void spnegoLayerIsShownForNegotiateTokens() throws Exception {
    JsonNode init = MAPPER.readTree(DecodeResultJson.toJson(decode("samba-spnego-type1")));
    JsonNode resp = MAPPER.readTree(DecodeResultJson.toJson(decode("samba-spnego-type2")));

    assertThat(init.get("scheme").textValue()).isEqualTo("Negotiate");
    assertThat(init.get("wrapping").textValue()).isEqualTo("SPNEGO_INIT");
    assertThat(init.get("negotiateFallback").booleanValue()).isTrue();
    assertThat(init.get("spnego").toString())
        .isEqualTo(
            "{\"token\":\"NegTokenInit\",\"mechTypes\":[{\"oid\":\"1.3.6.1.4.1.311.2.2.10\","
                + "\"name\":\"NTLM\"}],\"negState\":null,\"supportedMech\":null,"
                + "\"mechListMic\":false}");
    assertThat(resp.get("wrapping").textValue()).isEqualTo("SPNEGO_RESPONSE");
    assertThat(resp.get("spnego").toString())
        .isEqualTo(
            "{\"token\":\"NegTokenResp\",\"mechTypes\":[],\"negState\":\"ACCEPT_INCOMPLETE\","
                + "\"supportedMech\":{\"oid\":\"1.3.6.1.4.1.311.2.2.10\",\"name\":\"NTLM\"},"
                + "\"mechListMic\":false}");
    assertThat(resp.get("message").get("type").textValue()).isEqualTo("CHALLENGE");
  }

  @Test
  void kerberosInSpnegoIsAnOtherMechanism() throws Exception {
    byte[] apReq = der(0x60, oid(Mechanisms.KERBEROS), new byte[] {0x01, 0x00, 0x6e, 0x00});
    byte[] token =
        der(
            0x60,
            oid(Mechanisms.SPNEGO),
            der(
                0xa0,
                der(
                    0x30,
                    der(
                        0xa0,
                        der(
                            0x30,
                            oid(Mechanisms.KERBEROS_MICROSOFT),
                            oid(Mechanisms.KERBEROS),
                            oid(Mechanisms.NTLMSSP))),
                    der(0xa2, der(0x04, apReq)))));

    DecodeResult result = NtlmDecoder.decodeToken(AuthScheme.NEGOTIATE, token);
    JsonNode node = MAPPER.readTree(DecodeResultJson.toJson(result));

    assertThat(names(node))
        .containsExactly("kind", "summary", "scheme", "mech", "kerberos", "spnego");
    assertThat(node.get("kind").textValue()).isEqualTo("other-mechanism");
    assertThat(node.get("summary").textValue())
        .isEqualTo("Kerberos (Negotiate, SPNEGO NegTokenInit)");
    assertThat(node.get("mech").toString())
        .isEqualTo("{\"oid\":\"1.2.840.113554.1.2.2\",\"name\":\"Kerberos\"}");
    assertThat(node.get("kerberos").booleanValue()).isTrue();
    assertThat(node.get("spnego").get("mechTypes").get(0).get("name").textValue())
        .isEqualTo("Kerberos (Microsoft OID)");
    assertThat(node.get("spnego").get("mechTypes")).hasSize(3);
  }

  @Test
  void bareGssApiTokenHasNoSpnegoLayer() throws Exception {
    byte[] token = der(0x60, oid(Mechanisms.KERBEROS), new byte[] {0x01, 0x00, 0x6e, 0x00});

    JsonNode node =
        MAPPER.readTree(
            DecodeResultJson.toJson(NtlmDecoder.decodeToken(AuthScheme.NEGOTIATE, token)));

    assertThat(node.get("summary").textValue()).isEqualTo("Kerberos (Negotiate, GSS-API token)");
    assertThat(node.get("spnego").isNull()).isTrue();
  }

  @Test
  void unknownMechanismWithoutOid() throws Exception {
    DecodeResult result =
        new DecodeResult.OtherMechanism(
            AuthScheme.NEGOTIATE, null, new SpnegoInfo(List.of(), null, null, true));

    JsonNode node = MAPPER.readTree(DecodeResultJson.toJson(result));

    assertThat(node.get("summary").textValue())
        .isEqualTo("unknown mechanism (Negotiate, SPNEGO NegTokenResp)");
    assertThat(node.get("mech").toString()).isEqualTo("{\"oid\":null,\"name\":null}");
    assertThat(node.get("kerberos").booleanValue()).isFalse();
    assertThat(node.get("spnego").get("mechListMic").booleanValue()).isTrue();
  }

  @Test
  void bareOffersAndFinalNegTokenRespHaveNoToken() throws Exception {
    List<DecodeResult> offers = NtlmDecoder.decodeWwwAuthenticate("Negotiate, NTLM");
    byte[] acceptCompleted = der(0xa1, der(0x30, der(0xa0, new byte[] {0x0a, 0x01, 0x00})));
    DecodeResult completed = NtlmDecoder.decodeToken(AuthScheme.NEGOTIATE, acceptCompleted);

    JsonNode negotiate = MAPPER.readTree(DecodeResultJson.toJson(offers.get(0)));
    JsonNode ntlm = MAPPER.readTree(DecodeResultJson.toJson(offers.get(1)));
    JsonNode done = MAPPER.readTree(DecodeResultJson.toJson(completed));

    assertThat(names(negotiate)).containsExactly("kind", "summary", "scheme", "spnego");
    assertThat(negotiate.get("kind").textValue()).isEqualTo("no-token");
    assertThat(negotiate.get("summary").textValue()).isEqualTo("Negotiate offer without a token");
    assertThat(negotiate.get("spnego").isNull()).isTrue();
    assertThat(ntlm.get("summary").textValue()).isEqualTo("NTLM offer without a token");
    assertThat(done.get("summary").textValue())
        .isEqualTo("Negotiate, SPNEGO NegTokenResp ACCEPT_COMPLETED without an inner token");
    assertThat(done.get("spnego").get("negState").textValue()).isEqualTo("ACCEPT_COMPLETED");
  }

  @Test
  void negTokenInitWithoutMechTokenListsTheOffer() {
    DecodeResult result =
        new DecodeResult.NoToken(
            AuthScheme.NEGOTIATE,
            new SpnegoInfo(List.of(Mechanisms.KERBEROS, Mechanisms.NTLMSSP), null, null, false));

    assertThat(DecodeResultJson.summary(result))
        .isEqualTo("Negotiate, SPNEGO NegTokenInit without an inner token, offers Kerberos, NTLM");
  }

  @Test
  void otherSchemesAreNotNtlm() throws Exception {
    JsonNode basic =
        MAPPER.readTree(
            DecodeResultJson.toJson(NtlmDecoder.decodeAuthorization("Basic dXNlcjpwdw==")));
    JsonNode none = MAPPER.readTree(DecodeResultJson.toJson(NtlmDecoder.decodeAuthorization(null)));

    assertThat(basic.toString())
        .isEqualTo(
            "{\"kind\":\"not-ntlm\",\"summary\":\"Basic: not NTLM or Negotiate\","
                + "\"scheme\":\"Basic\"}");
    assertThat(none.get("summary").textValue()).isEqualTo("no authentication header");
    assertThat(none.get("scheme").textValue()).isEmpty();
  }

  @Test
  void malformedHeaderGivesReasonLayerAndCharacterOffset() throws Exception {
    JsonNode node =
        MAPPER.readTree(DecodeResultJson.toJson(NtlmDecoder.decodeAuthorization("NTLM TlRM-TVNT")));

    assertThat(names(node))
        .containsExactly(
            "kind", "summary", "scheme", "reason", "layer", "offset", "offsetIn", "detail");
    assertThat(node.get("kind").textValue()).isEqualTo("malformed");
    assertThat(node.get("scheme").textValue()).isEqualTo("NTLM");
    assertThat(node.get("reason").textValue()).isEqualTo("BASE64_URL_SAFE_ALPHABET");
    assertThat(node.get("layer").textValue()).isEqualTo("BASE64");
    assertThat(node.get("offset").intValue()).isEqualTo(9);
    assertThat(node.get("offsetIn").textValue()).isEqualTo("header-value");
    assertThat(node.get("summary").textValue())
        .startsWith("malformed: BASE64_URL_SAFE_ALPHABET at character 9: '-' is from");
  }

  @Test
  void malformedTokenGivesByteOffset() throws Exception {
    String header = SAMPLES.get("hc5-type3");
    byte[] token = Base64.getDecoder().decode(header.substring(5));
    token[24] = (byte) 0xff; // NtChallengeResponse offset now far past the end
    DecodeResult result = NtlmDecoder.decodeToken(AuthScheme.NTLM, token);

    JsonNode node = MAPPER.readTree(DecodeResultJson.toJson(result));

    assertThat(node.get("reason").textValue()).isEqualTo("NTLM_FIELD_OUT_OF_BOUNDS");
    assertThat(node.get("layer").textValue()).isEqualTo("NTLM");
    assertThat(node.get("offset").intValue()).isEqualTo(20);
    assertThat(node.get("offsetIn").textValue()).isEqualTo("token");
    assertThat(node.get("summary").textValue())
        .startsWith("malformed: NTLM_FIELD_OUT_OF_BOUNDS at byte 20: field at 20:");
  }

  @Test
  void malformedWithoutSchemeAndHostileDetailStaysOneSafeLine() throws Exception {
    DecodeResult result =
        new DecodeResult.Malformed(
            null, MalformedReason.HEADER_SYNTAX, 3, "bad\r\n\"x\"\u0000\u2028\ud800");

    String json = DecodeResultJson.toJson(result);
    JsonNode node = MAPPER.readTree(json);

    assertThat(json).doesNotContain("\n", "\r", "\u0000", "\u2028");
    assertThat(node.get("scheme").isNull()).isTrue();
    assertThat(node.get("detail").textValue()).isEqualTo("bad\r\n\"x\"\u0000\u2028\ud800");
  }

  @Test
  void writeAndWriteMembersCompose() throws Exception {
    DecodeResult result = decode("curl-type3");
    StringBuilder out = new StringBuilder();
    JsonWriter json = new JsonWriter(out);

    json.beginObject().name("line").value(7).name("decoded");
    DecodeResultJson.write(json, result);
    json.name("again").beginObject();
    DecodeResultJson.writeMembers(json, result);
    json.endObject().endObject();

    JsonNode node = MAPPER.readTree(out.toString());
    assertThat(node.get("line").intValue()).isEqualTo(7);
    assertThat(node.get("decoded")).isEqualTo(MAPPER.readTree(DecodeResultJson.toJson(result)));
    assertThat(node.get("again")).isEqualTo(node.get("decoded"));
  }

  @Test
  void prettyOutputHoldsTheSameJson() throws Exception {
    DecodeResult result = decode("impacket-type3");
    StringBuilder out = new StringBuilder();

    DecodeResultJson.write(new JsonWriter(out, "  "), result);

    assertThat(out.toString()).contains("\n  \"message\": {\n");
    assertThat(MAPPER.readTree(out.toString()))
        .isEqualTo(MAPPER.readTree(DecodeResultJson.toJson(result)));
    JsonNode target =
        pair(MAPPER.readTree(out.toString()).at("/message/ntlmv2/avPairs"), "MsvAvTargetName");
    assertThat(target.get("value").textValue()).isNotEmpty();
  }

  // ---- helpers ----------------------------------------------------------------------------

  private static DecodeResult decode(String label) {
    String header = SAMPLES.get(label);
    assertThat(header).as(label).isNotNull();
    return NtlmDecoder.decodeAuthorization(header);
  }

  /** A timestamp object, or an AV pair that holds one. */
  private static void assertTimestamp(JsonNode node, long fileTime) {
    assertThat(names(node)).endsWith("time", "fileTime");
    assertThat(node.get("fileTime").textValue()).isEqualTo(String.format("0x%016x", fileTime));
    // FILETIME: 100 ns ticks since 1601-01-01T00:00Z.
    Instant expected =
        Instant.parse("1601-01-01T00:00:00Z")
            .plusSeconds(fileTime / 10_000_000L)
            .plusNanos(fileTime % 10_000_000L * 100);
    assertThat(Instant.parse(node.get("time").textValue())).isEqualTo(expected);
  }

  private static JsonNode pair(JsonNode pairs, String name) {
    for (JsonNode pair : pairs) {
      if (pair.get("name").textValue().equals(name)) {
        return pair;
      }
    }
    throw new AssertionError("no " + name + " in " + pairs);
  }

  private static List<String> names(JsonNode node) {
    List<String> names = new ArrayList<>();
    for (Iterator<String> it = node.fieldNames(); it.hasNext(); ) {
      names.add(it.next());
    }
    return names;
  }

  private static List<String> texts(JsonNode array) {
    List<String> texts = new ArrayList<>();
    array.forEach(n -> texts.add(n.textValue()));
    return texts;
  }

  /** A DER element: tag, definite length, the concatenated contents. */
  private static byte[] der(int tag, byte[]... contents) {
    int length = 0;
    for (byte[] c : contents) {
      length += c.length;
    }
    byte[] lengthBytes =
        length < 0x80
            ? new byte[] {(byte) length}
            : length < 0x100
                ? new byte[] {(byte) 0x81, (byte) length}
                : new byte[] {(byte) 0x82, (byte) (length >> 8), (byte) length};
    byte[] out = new byte[1 + lengthBytes.length + length];
    out[0] = (byte) tag;
    System.arraycopy(lengthBytes, 0, out, 1, lengthBytes.length);
    int p = 1 + lengthBytes.length;
    for (byte[] c : contents) {
      System.arraycopy(c, 0, out, p, c.length);
      p += c.length;
    }
    return out;
  }

  private static byte[] oid(String dotted) {
    String[] arcs = dotted.split("\\.");
    StringBuilder hex = new StringBuilder();
    hex.append(String.format("%02x", Integer.parseInt(arcs[0]) * 40 + Integer.parseInt(arcs[1])));
    for (int i = 2; i < arcs.length; i++) {
      long arc = Long.parseLong(arcs[i]);
      StringBuilder groups = new StringBuilder(String.format("%02x", arc & 0x7f));
      for (arc >>>= 7; arc > 0; arc >>>= 7) {
        groups.insert(0, String.format("%02x", 0x80 | (arc & 0x7f)));
      }
      hex.append(groups);
    }
    return der(0x06, HexFormat.of().parseHex(hex));
  }

  /** The samples: '# label ...' lines, each followed by one header value. */
  private static Map<String, String> loadSamples() {
    Map<String, String> samples = new LinkedHashMap<>();
    try (InputStream in =
            DecodeResultJsonTest.class.getResourceAsStream(
                "/io/github/ntlmaffinity/wire/json-samples.txt");
        BufferedReader reader = new BufferedReader(new InputStreamReader(in, UTF_8))) {
      String label = null;
      for (String line = reader.readLine(); line != null; line = reader.readLine()) {
        if (line.startsWith("# ")) {
          String first = line.substring(2).split(" ", 2)[0];
          label = first.contains("-type") ? first : null;
        } else if (!line.isBlank() && label != null) {
          samples.put(label, line);
          label = null;
        }
      }
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
    return samples;
  }
}
