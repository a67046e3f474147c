package io.github.ntlmaffinity.wire;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.github.ntlmaffinity.testing.Corpus;
import io.github.ntlmaffinity.testing.Hex;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every header captured from real clients (see {@code corpus/README.md} in the
 * ntlm-affinity-testing module), decoded and compared with two decoders we did not write:
 * Wireshark's NTLMSSP/SPNEGO dissector (tshark 4.0) and impacket 0.10, whose readings of the same
 * headers are stored in {@code <client>.decoded.json}. Then the product's correlation key: each
 * NTLMv2 AUTHENTICATE echoes the MsvAvTimestamp and MsvAvNbComputerName of the CHALLENGE of its own
 * login.
 */
class CorpusTest {

  private static final Corpus CORPUS = Corpus.load();
  private static final DateTimeFormatter TSHARK_TIME =
      DateTimeFormatter.ofPattern("MMM d, yyyy HH:mm:ss.SSSSSSSSS 'UTC'", Locale.ENGLISH);

  static Stream<Corpus.Message> messages() {
    return CORPUS.messages().stream();
  }

  static Stream<Corpus.Handshake> handshakes() {
    return Corpus.CLIENTS.stream().flatMap(file -> CORPUS.handshakes(file).stream());
  }

  static Stream<Arguments> references() {
    return Corpus.CLIENTS.stream()
        .flatMap(
            file ->
                CORPUS.references(file).stream()
                    .map(
                        ref ->
                            Arguments.of(
                                file
                                    + ' '
                                    + ref.path("handshake").asText()
                                    + ' '
                                    + ref.path("message_type").asText(),
                                ref)));
  }

  static Stream<Arguments> impacketReferences() {
    return references().filter(a -> !((JsonNode) a.get()[1]).path("impacket").has("error"));
  }

  // ---- the harness's own labels -----------------------------------------------------------

  @ParameterizedTest(name = "{0}")
  @MethodSource("messages")
  void decodesAsTheMessageTheHarnessLabelled(Corpus.Message line) {
    DecodeResult.Ntlm ntlm = decode(line.header(), line.headerValue());
    assertThat(ntlm.scheme().headerName()).isEqualTo(line.scheme());
    assertThat(ntlm.message().type().code()).isEqualTo(line.type());
    assertThat(ntlm.isNegotiateFallback()).isEqualTo("Negotiate".equals(line.scheme()));
    if (line.isSpnego()) {
      assertThat(ntlm.wrapping())
          .as("a client's first token travels in a NegTokenInit, every later one in a NegTokenResp")
          .isEqualTo(
              line.type() == Corpus.NEGOTIATE ? Wrapping.SPNEGO_INIT : Wrapping.SPNEGO_RESPONSE);
      assertThat(ntlm.spnego()).isNotNull();
    } else {
      assertThat(ntlm.wrapping()).isEqualTo(Wrapping.RAW);
      assertThat(ntlm.spnego()).isNull();
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("messages")
  void authenticateAgreesWithWhatTheAcceptorVerified(Corpus.Message line) {
    // The harness's acceptor checked each response with the password, e.g.
    // "verified by ntlm_node.py: ok, v2, MIC valid-without-MsvAvFlags".
    if (line.type() != Corpus.AUTHENTICATE) {
      return;
    }
    AuthenticateMessage m =
        (AuthenticateMessage) decode(line.header(), line.headerValue()).message();
    assertThat(m.domain()).isEqualTo("EXAMPLE");
    assertThat(m.user()).isEqualTo("alice");
    assertThat(m.responseKind())
        .isEqualTo(line.notes().contains(", v2,") ? ResponseKind.NTLMV2 : ResponseKind.NTLMV1);
    if (line.notes().contains("MIC absent")) {
      assertThat(m.micPresent()).isFalse();
      assertThat(m.micFlagged()).isFalse();
    } else if (line.notes().contains("MIC valid-without-MsvAvFlags")
        || line.notes().contains("MIC n/a")) {
      // Samba: a MIC in the header, no MsvAvFlags to announce it.
      assertThat(m.micPresent()).isTrue();
      assertThat(m.headerLength()).isEqualTo(88);
      assertThat(m.micFlagged()).isFalse();
      assertThat(m.echoedTargetInfo().flags()).isNull();
    } else {
      throw new AssertionError("notes say nothing about the MIC: " + line.notes());
    }
  }

  @Test
  void everyDistinctHeaderHasAReferenceDecoding() {
    for (String file : Corpus.CLIENTS) {
      Set<String> headers =
          CORPUS.messages(file).stream()
              .map(Corpus.Message::headerValue)
              .collect(Collectors.toSet());
      Set<String> referenced =
          CORPUS.references(file).stream()
              .map(r -> r.path("header_value").asText())
              .collect(Collectors.toSet());
      assertThat(referenced).as(file).isEqualTo(headers);
    }
  }

  // ---- Wireshark --------------------------------------------------------------------------

  @ParameterizedTest(name = "{0}")
  @MethodSource("references")
  void matchesWireshark(String name, JsonNode reference) {
    DecodeResult.Ntlm decoded =
        decode(reference.path("header").asText(), reference.path("header_value").asText());
    JsonNode tree = reference.path("tshark").path("tree");
    JsonNode ntlmssp = find(tree, "ntlmssp");
    assertThat(ntlmssp).as("tshark found NTLMSSP").isNotNull();
    NtlmMessage m = decoded.message();

    assertThat(m.type().code()).isEqualTo(hexInt(ntlmssp, "ntlmssp.messagetype"));
    assertThat(m.flags()).isEqualTo(hexInt(ntlmssp, "ntlmssp.negotiateflags"));
    if (m.has(NegotiateFlag.NEGOTIATE_VERSION)) {
      // Without the flag see versionIsAbsentWithoutNegotiateVersion.
      assertThat(m.version()).isEqualTo(tsharkVersion(ntlmssp.get("ntlmssp.version")));
    }
    if (m instanceof NegotiateMessage n) {
      assertThat(n.domain()).isEqualTo(tsharkString(ntlmssp, "ntlmssp.negotiate.domain"));
      assertThat(n.workstation())
          .isEqualTo(tsharkString(ntlmssp, "ntlmssp.negotiate.callingworkstation"));
    } else if (m instanceof ChallengeMessage c) {
      assertThat(c.targetName()).isEqualTo(tsharkString(ntlmssp, "ntlmssp.challenge.target_name"));
      assertThat(c.serverChallengeHex())
          .isEqualTo(colonHex(ntlmssp, "ntlmssp.ntlmserverchallenge"));
      assertTsharkPairs(c.targetInfo(), ntlmssp.get("ntlmssp.challenge.target_info"));
    } else if (m instanceof AuthenticateMessage a) {
      assertThat(a.domain()).isEqualTo(tsharkString(ntlmssp, "ntlmssp.auth.domain"));
      assertThat(a.user()).isEqualTo(tsharkString(ntlmssp, "ntlmssp.auth.username"));
      assertThat(a.workstation()).isEqualTo(tsharkString(ntlmssp, "ntlmssp.auth.hostname"));
      assertThat(a.lmResponseLength()).isEqualTo(blobLength(ntlmssp, "ntlmssp.auth.lmresponse"));
      assertThat(a.ntResponseLength()).isEqualTo(blobLength(ntlmssp, "ntlmssp.auth.ntresponse"));
      assertThat(a.sessionKeyLength()).isEqualTo(blobLength(ntlmssp, "ntlmssp.auth.sesskey"));
      assertThat(a.micPresent()).isEqualTo(ntlmssp.has("ntlmssp.authenticate.mic"));
      JsonNode v2 = find(ntlmssp, "ntlmssp.ntlmv2_response_tree");
      if (v2 == null) {
        assertThat(a.responseKind()).isNotEqualTo(ResponseKind.NTLMV2);
        assertThat(a.ntlmv2()).isNull();
      } else {
        assertThat(a.responseKind()).isEqualTo(ResponseKind.NTLMV2);
        Ntlmv2Response blob = a.ntlmv2();
        assertThat(blob.respType()).isEqualTo(v2.path("ntlmssp.ntlmv2_response.rversion").asInt());
        assertThat(blob.hiRespType())
            .isEqualTo(v2.path("ntlmssp.ntlmv2_response.hirversion").asInt());
        assertThat(blob.clientTimestampInstant())
            .isEqualTo(tsharkTime(v2.path("ntlmssp.ntlmv2_response.time").asText()));
        assertThat(blob.clientChallengeHex())
            .isEqualTo(colonHex(v2, "ntlmssp.ntlmv2_response.chal"));
        assertTsharkPairs(blob.avPairs(), v2);
      }
    }
    assertTsharkSpnego(decoded, tree);
  }

  static Stream<Arguments> unflaggedVersions() {
    return references()
        .filter(
            a -> {
              JsonNode ref = (JsonNode) a.get()[1];
              JsonNode ntlmssp = find(ref.path("tshark").path("tree"), "ntlmssp");
              return (hexInt(ntlmssp, "ntlmssp.negotiateflags") & 0x02000000) == 0;
            });
  }

  /**
   * MS-NLMP 2.2.1.1-2.2.1.3: the Version field "is populated only when the
   * NTLMSSP_NEGOTIATE_VERSION flag is set"; otherwise its bytes mean nothing. The harness's
   * CHALLENGEs to impacket and LWP have the flag clear but bytes 48..55 = 0a007c4f0000000f;
   * Wireshark and impacket both report no version.
   */
  @ParameterizedTest(name = "{0}")
  @MethodSource("unflaggedVersions")
  void versionIsAbsentWithoutNegotiateVersion(String name, JsonNode reference) {
    DecodeResult.Ntlm decoded =
        decode(reference.path("header").asText(), reference.path("header_value").asText());
    assertThat(decoded.message().has(NegotiateFlag.NEGOTIATE_VERSION)).isFalse();
    assertThat(decoded.message().version()).isNull();
  }

  // ---- impacket ---------------------------------------------------------------------------

  @ParameterizedTest(name = "{0}")
  @MethodSource("impacketReferences")
  void matchesImpacket(String name, JsonNode reference) {
    DecodeResult.Ntlm decoded =
        decode(reference.path("header").asText(), reference.path("header_value").asText());
    JsonNode imp = reference.path("impacket");
    NtlmMessage m = decoded.message();

    assertThat(decoded.scheme().headerName()).isEqualTo(imp.path("scheme").asText());
    assertThat(m.type().code()).isEqualTo(imp.path("message_type").asInt());
    assertThat(m.flags())
        .isEqualTo(
            Integer.parseUnsignedInt(imp.path("flags").path("value").asText().substring(2), 16));
    if (m.has(NegotiateFlag.NEGOTIATE_VERSION)) {
      // Without the flag see versionIsAbsentWithoutNegotiateVersion.
      assertThat(m.version()).isEqualTo(impacketVersion(imp.get("version")));
    }
    if (m instanceof NegotiateMessage n) {
      assertThat(n.domain()).isEqualTo(imp.path("domain").asText());
      assertThat(n.workstation()).isEqualTo(imp.path("workstation").asText());
    } else if (m instanceof ChallengeMessage c) {
      assertThat(c.targetName()).isEqualTo(imp.path("target_name").asText());
      assertThat(c.serverChallengeHex()).isEqualTo(imp.path("server_challenge").asText());
      assertImpacketPairs(c.targetInfo(), imp.path("target_info"));
    } else if (m instanceof AuthenticateMessage a) {
      assertThat(a.domain()).isEqualTo(imp.path("domain").asText());
      assertThat(a.user()).isEqualTo(imp.path("user").asText());
      assertThat(a.workstation()).isEqualTo(imp.path("workstation").asText());
      assertThat(a.headerLength()).isEqualTo(imp.path("payload_offset").asInt());
      assertThat(a.micPresent()).isEqualTo(!imp.path("mic").isNull());
      assertThat(a.lmResponseLength()).isEqualTo(imp.path("lm_response_len").asInt());
      assertThat(a.ntResponseLength()).isEqualTo(imp.path("nt_response_len").asInt());
      JsonNode key = imp.path("encrypted_random_session_key");
      assertThat(a.sessionKeyLength()).isEqualTo(key.isNull() ? 0 : key.asText().length() / 2);
      assertThat(a.responseKind().label()).isEqualTo(imp.path("ntlm").asText());
      if (a.responseKind() == ResponseKind.NTLMV2) {
        JsonNode v2 = imp.path("ntlmv2");
        Ntlmv2Response blob = a.ntlmv2();
        assertThat(blob.respType()).isEqualTo(v2.path("resp_type").asInt());
        assertThat(blob.hiRespType()).isEqualTo(v2.path("hi_resp_type").asInt());
        assertThat(blob.clientTimestamp())
            .isEqualTo(leHex(v2.path("timestamp").path("hex").asText()));
        assertThat(blob.clientChallengeHex()).isEqualTo(v2.path("client_challenge").asText());
        assertImpacketPairs(blob.avPairs(), v2.path("av_pairs"));
      } else {
        assertThat(a.ntlmv2()).isNull();
      }
    }
    JsonNode spnego = imp.get("spnego");
    if (spnego == null) {
      assertThat(decoded.spnego()).isNull();
    } else {
      assertThat(spnego.path("type").asText()).isEqualTo("NegTokenResp");
      assertThat(decoded.wrapping()).isEqualTo(Wrapping.SPNEGO_RESPONSE);
      SpnegoInfo info = decoded.spnego();
      JsonNode state = spnego.path("neg_state");
      assertThat(info.negState())
          .isEqualTo(
              state.isNull()
                  ? null
                  : SpnegoInfo.NegState.values()[Integer.parseInt(state.asText(), 16)]);
      String mech = spnego.path("supported_mech").asText();
      assertThat(info.supportedMech())
          .isEqualTo(mech.startsWith("NTLMSSP") ? Mechanisms.NTLMSSP : null);
      assertThat(info.mechListMic()).isEqualTo(!spnego.path("mech_list_mic").isNull());
    }
  }

  // ---- the correlation key ----------------------------------------------------------------

  @ParameterizedTest(name = "{0}")
  @MethodSource("handshakes")
  void authenticateEchoesTheChallengeOfItsOwnLogin(Corpus.Handshake login) {
    ChallengeMessage type2 =
        (ChallengeMessage)
            decode(login.challenge().header(), login.challenge().headerValue()).message();
    AuthenticateMessage type3 =
        (AuthenticateMessage)
            decode(login.authenticate().header(), login.authenticate().headerValue()).message();
    NegotiateMessage type1 =
        (NegotiateMessage)
            decode(login.negotiate().header(), login.negotiate().headerValue()).message();

    assertThat(type1.type()).isEqualTo(MessageType.NEGOTIATE);
    assertThat(type2.targetInfo().nbComputerName()).isEqualTo("NODE-A");
    assertThat(type2.targetInfo().dnsComputerName()).isEqualTo("node-a.example.test");
    assertThat(type2.targetInfo().timestamp()).isNotNull();
    assertThat(type2.serverChallengeHex())
        .as("the harness noted the challenge")
        .isEqualTo(
            login.challenge().notes().replaceAll(".*server challenge ([0-9a-f]{16}).*", "$1"));

    if (type3.responseKind() == ResponseKind.NTLMV2) {
      assertThat(type3.challengeTimestamp()).isEqualTo(type2.targetInfo().timestamp());
      assertThat(type3.challengeIssuer()).isEqualTo(type2.targetInfo().nbComputerName());
      assertThat(type3.echoedTargetInfo().dnsComputerName())
          .isEqualTo(type2.targetInfo().dnsComputerName());
    } else {
      assertThat(login.authenticate().file()).as("only LWP speaks NTLMv1").isEqualTo("perl-lwp");
      assertThat(type3.challengeTimestamp()).isNull();
      assertThat(type3.challengeIssuer()).isNull();
    }
  }

  @Test
  void timestampsTellTheLoginsApart() {
    // Within each client's file every CHALLENGE has its own timestamp, and the AUTHENTICATEs
    // answer them one to one: the key identifies the challenge, not just the server.
    for (String file : Corpus.CLIENTS) {
      List<Long> issued = new ArrayList<>();
      List<Long> echoed = new ArrayList<>();
      for (Corpus.Handshake login : CORPUS.handshakes(file)) {
        issued.add(
            ((ChallengeMessage)
                    decode(login.challenge().header(), login.challenge().headerValue()).message())
                .targetInfo()
                .timestamp());
        echoed.add(
            ((AuthenticateMessage)
                    decode(login.authenticate().header(), login.authenticate().headerValue())
                        .message())
                .challengeTimestamp());
      }
      assertThat(issued).as(file).doesNotHaveDuplicates().doesNotContainNull();
      if (!file.equals("perl-lwp")) {
        assertThat(echoed).as(file).containsExactlyElementsOf(issued);
      }
    }
  }

  // ---- real-clients.jsonl -----------------------------------------------------------------

  @Nested
  class RealClients {

    static Stream<Corpus.RealClientHandshake> logins() {
      return CORPUS.realClientHandshakes().stream();
    }

    @Test
    void hasOneLoginPerClient() {
      assertThat(CORPUS.realClientHandshakes())
          .extracting(h -> h.negotiate().userAgent())
          .containsExactly("curl/7.88.1", "Java/17.0.15", "python-requests/2.28.1");
    }

    @Test
    void requestsWithoutCredentialsAreNotNtlm() {
      List<Corpus.RealClientRequest> offers =
          CORPUS.realClients().stream().filter(r -> r.authorization() == null).toList();
      assertThat(offers).hasSize(2);
      for (Corpus.RealClientRequest offer : offers) {
        assertThat(NtlmDecoder.decodeAuthorization(offer.authorization()))
            .isEqualTo(new DecodeResult.NotNtlm(""));
      }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("logins")
    void challengeIsTheOneTheChallengerRecorded(Corpus.RealClientHandshake login) {
      List<DecodeResult> results = NtlmDecoder.decodeWwwAuthenticate(login.negotiate().type2());
      assertThat(results).hasSize(1);
      ChallengeMessage type2 = (ChallengeMessage) ((DecodeResult.Ntlm) results.get(0)).message();
      assertThat(type2.serverChallengeHex()).isEqualTo(login.negotiate().challenge());
      assertThat(type2.targetInfo().timestamp()).isEqualTo(login.negotiate().timestampFileTime());
      assertThat(type2.targetName()).isEqualTo("EXAMPLE");
      TargetInfo info = type2.targetInfo();
      assertThat(info.nbComputerName()).isEqualTo("NODE-A");
      assertThat(info.dnsComputerName()).isEqualTo("node-a.example.test");
      assertThat(info.nbDomainName()).isEqualTo("EXAMPLE");
      assertThat(info.dnsDomainName()).isEqualTo("example.test");
      assertThat(type2.version()).isEqualTo(new OsVersion(10, 0, 20348, 15));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("logins")
    void authenticateEchoesTheChallengeOnTheSameConnection(Corpus.RealClientHandshake login) {
      assertThat(login.authenticate().peer()).isEqualTo(login.negotiate().peer());
      assertThat(login.authenticate().sent()).isEqualTo("200");
      NegotiateMessage type1 =
          (NegotiateMessage)
              ((DecodeResult.Ntlm)
                      NtlmDecoder.decodeAuthorization(login.negotiate().authorization()))
                  .message();
      AuthenticateMessage type3 =
          (AuthenticateMessage)
              ((DecodeResult.Ntlm)
                      NtlmDecoder.decodeAuthorization(login.authenticate().authorization()))
                  .message();
      assertThat(type1.type()).isEqualTo(MessageType.NEGOTIATE);
      assertThat(type3.domain()).isEqualTo("EXAMPLE");
      assertThat(type3.user()).isEqualTo("alice");
      assertThat(type3.responseKind()).isEqualTo(ResponseKind.NTLMV2);
      assertThat(type3.challengeIssuer()).isEqualTo("NODE-A");
      assertThat(type3.challengeTimestamp()).isEqualTo(login.negotiate().timestampFileTime());
    }

    @Test
    void headerLayoutsDifferByClient() {
      // DESIGN.md: 64 bytes (curl, JDK: no Version, no MIC), 88 (requests-ntlm: Version + MIC
      // flagged in MsvAvFlags).
      Map<String, AuthenticateMessage> byClient =
          CORPUS.realClientHandshakes().stream()
              .collect(
                  Collectors.toMap(
                      h -> h.negotiate().userAgent().replaceAll("/.*", ""),
                      h ->
                          (AuthenticateMessage)
                              ((DecodeResult.Ntlm)
                                      NtlmDecoder.decodeAuthorization(
                                          h.authenticate().authorization()))
                                  .message()));
      assertThat(byClient.get("curl").headerLength()).isEqualTo(64);
      assertThat(byClient.get("curl").workstation()).isEqualTo("WORKSTATION");
      assertThat(byClient.get("Java").headerLength()).isEqualTo(64);
      assertThat(byClient.get("Java").workstation()).isEqualTo("vm");
      assertThat(byClient.get("python-requests").headerLength()).isEqualTo(88);
      assertThat(byClient.get("python-requests").micPresent()).isTrue();
      assertThat(byClient.get("python-requests").micFlagged()).isTrue();
      assertThat(byClient.get("python-requests").workstation()).isEmpty();
      assertThat(byClient.get("python-requests").version()).isNotNull();
      assertThat(byClient.values()).noneMatch(m -> m.version() != null && m.headerLength() < 72);
    }

    @Test
    void requestsNtlmSuppliesItsDomainInTheNegotiate() {
      Corpus.RealClientRequest python = CORPUS.realClientHandshakes().get(2).negotiate();
      NegotiateMessage type1 =
          (NegotiateMessage)
              ((DecodeResult.Ntlm) NtlmDecoder.decodeAuthorization(python.authorization()))
                  .message();
      assertThat(type1.flags()).isEqualTo(0xe2889032);
      assertThat(type1.has(NegotiateFlag.NEGOTIATE_OEM_DOMAIN_SUPPLIED)).isTrue();
      assertThat(type1.domain()).isEqualTo("EXAMPLE");
      assertThat(type1.workstation()).isEmpty();
      assertThat(type1.version()).isEqualTo(new OsVersion(6, 1, 7601, 15));
    }
  }

  // ---- helpers ----------------------------------------------------------------------------

  private static DecodeResult.Ntlm decode(String header, String value) {
    DecodeResult result;
    if (header.equalsIgnoreCase("WWW-Authenticate")) {
      List<DecodeResult> results = NtlmDecoder.decodeWwwAuthenticate(value);
      assertThat(results).hasSize(1);
      result = results.get(0);
    } else {
      result = NtlmDecoder.decodeAuthorization(value);
    }
    assertThat(result).isInstanceOf(DecodeResult.Ntlm.class);
    return (DecodeResult.Ntlm) result;
  }

  /** Wireshark's attribute items ("Attribute: ..." children), in order, against our pairs. */
  private static void assertTsharkPairs(TargetInfo ours, JsonNode parent) {
    List<JsonNode> items = new ArrayList<>();
    for (Iterator<Map.Entry<String, JsonNode>> it = parent.fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> e = it.next();
      if (e.getKey().startsWith("Attribute: ")) {
        items.add(e.getValue());
      }
    }
    assertThat(items).as("Wireshark's list ends with MsvAvEOL").isNotEmpty();
    JsonNode eol = items.remove(items.size() - 1);
    assertThat(typeOf(eol)).isZero();
    assertThat(ours.pairs()).hasSameSizeAs(items);
    for (int i = 0; i < items.size(); i++) {
      JsonNode item = items.get(i);
      AvPair pair = ours.pairs().get(i);
      assertThat(pair.id()).isEqualTo(typeOf(item));
      assertThat(pair.length()).isEqualTo(lengthOf(item));
      if (pair instanceof AvPair.Text t) {
        assertThat(t.value()).isEqualTo(valueOf(item).asText());
      } else if (pair instanceof AvPair.Timestamp t) {
        assertThat(t.instant()).isEqualTo(tsharkTime(valueOf(item).asText()));
      } else if (pair instanceof AvPair.Flags f) {
        assertThat(f.value()).isEqualTo(Integer.decode(valueOf(item).asText()));
      } else if (pair instanceof AvPair.Opaque o) {
        assertThat(o.id()).isIn(AvPair.SINGLE_HOST, AvPair.CHANNEL_BINDINGS, AvPair.TARGET_NAME);
      }
    }
  }

  private static int typeOf(JsonNode item) {
    return Integer.decode(fieldEndingWith(item, ".item.type").asText());
  }

  private static int lengthOf(JsonNode item) {
    return fieldEndingWith(item, ".item.length").asInt();
  }

  /** The item's one field that is neither its type nor its length. */
  private static JsonNode valueOf(JsonNode item) {
    for (Iterator<Map.Entry<String, JsonNode>> it = item.fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> e = it.next();
      if (!e.getKey().endsWith(".item.type") && !e.getKey().endsWith(".item.length")) {
        return e.getValue();
      }
    }
    throw new AssertionError("no value in " + item);
  }

  private static JsonNode fieldEndingWith(JsonNode node, String suffix) {
    for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> e = it.next();
      if (e.getKey().endsWith(suffix)) {
        return e.getValue();
      }
    }
    throw new AssertionError("no field *" + suffix + " in " + node);
  }

  private static void assertTsharkSpnego(DecodeResult.Ntlm decoded, JsonNode tree) {
    JsonNode spnego = find(tree, "spnego");
    if (spnego == null) {
      assertThat(decoded.wrapping()).isEqualTo(Wrapping.RAW);
      return;
    }
    JsonNode init = spnego.get("spnego.negTokenInit_element");
    JsonNode resp = spnego.get("spnego.negTokenTarg_element");
    SpnegoInfo info = decoded.spnego();
    if (init != null) {
      assertThat(find(tree, "gss-api").path("gss-api.OID").asText()).isEqualTo(Mechanisms.SPNEGO);
      assertThat(decoded.wrapping()).isEqualTo(Wrapping.SPNEGO_INIT);
      assertThat(info.mechTypes()).hasSize(init.path("spnego.mechTypes").asInt());
      assertThat(info.mechTypes().get(0))
          .isEqualTo(init.path("spnego.mechTypes_tree").path("spnego.MechType").asText());
    } else {
      assertThat(resp).isNotNull();
      assertThat(decoded.wrapping()).isEqualTo(Wrapping.SPNEGO_RESPONSE);
      assertThat(info.mechTypes()).isEmpty();
      JsonNode negResult = resp.get("spnego.negResult");
      assertThat(info.negState())
          .isEqualTo(negResult == null ? null : SpnegoInfo.NegState.values()[negResult.asInt()]);
      JsonNode mech = resp.get("spnego.supportedMech");
      assertThat(info.supportedMech()).isEqualTo(mech == null ? null : mech.asText());
    }
  }

  private static OsVersion tsharkVersion(JsonNode v) {
    if (v == null) {
      return null;
    }
    return new OsVersion(
        v.path("ntlmssp.version.major").asInt(),
        v.path("ntlmssp.version.minor").asInt(),
        v.path("ntlmssp.version.build_number").asInt(),
        v.path("ntlmssp.version.ntlm_current_revision").asInt());
  }

  private static OsVersion impacketVersion(JsonNode v) {
    if (v == null || v.isNull()) {
      return null;
    }
    return new OsVersion(
        v.path("major").asInt(),
        v.path("minor").asInt(),
        v.path("build").asInt(),
        v.path("ntlm_revision").asInt());
  }

  private static void assertImpacketPairs(TargetInfo ours, JsonNode pairs) {
    List<JsonNode> items = new ArrayList<>();
    pairs.forEach(items::add);
    JsonNode eol = items.remove(items.size() - 1);
    assertThat(eol.path("name").asText()).isEqualTo("MsvAvEOL");
    assertThat(ours.pairs()).hasSameSizeAs(items);
    for (int i = 0; i < items.size(); i++) {
      JsonNode item = items.get(i);
      AvPair pair = ours.pairs().get(i);
      assertThat(pair.id()).isEqualTo(item.path("id").asInt());
      assertThat(pair.length()).isEqualTo(item.path("length").asInt());
      assertThat(pair.name()).isEqualTo(item.path("name").asText());
      if (pair instanceof AvPair.Text t) {
        assertThat(t.value()).isEqualTo(item.path("value").asText());
      } else if (pair instanceof AvPair.Timestamp t) {
        assertThat(t.fileTime()).isEqualTo(leHex(item.path("value").path("hex").asText()));
        Instant utc = Instant.parse(item.path("value").path("utc").asText());
        assertThat(t.instant().truncatedTo(ChronoUnit.MICROS)).isEqualTo(utc);
      } else if (pair instanceof AvPair.Flags f) {
        assertThat(f.value()).isEqualTo((int) leHex(item.path("value").asText()));
      } else if (pair instanceof AvPair.Opaque o) {
        assertThat(o.length()).isEqualTo(item.path("value").asText().length() / 2);
      }
    }
  }

  private static JsonNode find(JsonNode node, String key) {
    if (node == null || !node.isObject()) {
      return null;
    }
    if (node.has(key)) {
      return node.get(key);
    }
    for (JsonNode child : node) {
      JsonNode found = find(child, key);
      if (found != null) {
        return found;
      }
    }
    return null;
  }

  private static String tsharkString(JsonNode node, String field) {
    String value = node.path(field).asText();
    return value.equals("NULL") ? "" : value;
  }

  private static int blobLength(JsonNode node, String field) {
    JsonNode tree = node.get(field + "_tree");
    return tree == null ? 0 : tree.path("ntlmssp.blob.length").asInt();
  }

  private static int hexInt(JsonNode node, String field) {
    return Integer.parseUnsignedInt(node.path(field).asText().substring(2), 16);
  }

  private static String colonHex(JsonNode node, String field) {
    return node.path(field).asText().replace(":", "");
  }

  private static Instant tsharkTime(String text) {
    return LocalDateTime.parse(text, TSHARK_TIME).toInstant(ZoneOffset.UTC);
  }

  private static long leHex(String hex) {
    byte[] b = Hex.parse(hex);
    long value = 0;
    for (int i = b.length - 1; i >= 0; i--) {
      value = value << 8 | (b[i] & 0xff);
    }
    return value;
  }
}
