package io.github.ntlmaffinity.wire;

import static java.nio.charset.StandardCharsets.ISO_8859_1;
import static java.nio.charset.StandardCharsets.UTF_16LE;
import static org.assertj.core.api.Assertions.assertThat;

import io.github.ntlmaffinity.testing.FileTimes;
import io.github.ntlmaffinity.testing.NtlmTestMessages;
import io.github.ntlmaffinity.testing.ServerIdentity;
import java.nio.charset.Charset;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import jcifs.ntlmssp.NtlmFlags;
import jcifs.ntlmssp.Type1Message;
import jcifs.ntlmssp.Type2Message;
import jcifs.ntlmssp.Type3Message;
import jcifs.ntlmssp.av.AvFlags;
import jcifs.ntlmssp.av.AvPairs;
import jcifs.ntlmssp.av.AvTimestamp;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Messages made by jcifs-ng, decoded by us and parsed by jcifs-ng's own {@code
 * Type1Message(byte[])}, {@code Type2Message(byte[])} and {@code Type3Message(byte[])}: every field
 * both expose must agree. The messages vary what changes the wire: LM compatibility 0 to 5 (NTLMv1,
 * NTLM2 session response, NTLMv2), Unicode and OEM, with and without TargetInfo and Version, a MIC,
 * anonymous, names with non-ASCII characters and an empty domain.
 *
 * <p>OEM strings: jcifs-ng writes and reads them in code page 850; the decoder reads them as
 * Latin-1 (it cannot know the client's code page), so for OEM the check is that the decoded string
 * keeps exactly the bytes jcifs-ng wrote.
 */
class JcifsCrossCheckTest {

  private static final Charset CP850 = Charset.forName("Cp850");
  private static final long TIMESTAMP = FileTimes.of(Instant.parse("2025-03-04T05:06:07.0000001Z"));
  private static final byte[] CHALLENGE = {0x11, 0x22, 0x33, 0x44, 0x55, 0x66, 0x77, (byte) 0x88};

  /** Who logs in: Unicode-only identities come last. */
  private static final List<Identity> IDENTITIES =
      List.of(
          new Identity("EXAMPLE", "alice", "WS01", true),
          new Identity("", "bob", "LAPTOP-7", true),
          new Identity("CORP", "jörg.müller", "KÄSSBOHRER", true),
          new Identity("ДОМЕН", "Пользователь", "ПК-01", false),
          new Identity("例え", "用户", "工作站", false));

  record Identity(String domain, String user, String workstation, boolean oemSafe) {}

  /**
   * One jcifs-ng message to cross-check.
   *
   * @param name what varies
   * @param bytes the message
   */
  record Message(String name, byte[] bytes) {
    @Override
    public String toString() {
      return name;
    }
  }

  static Stream<Message> messages() {
    List<Message> all = new ArrayList<>();
    int n = 0;
    for (int lm = 0; lm <= 5; lm++) {
      for (boolean unicode : new boolean[] {true, false}) {
        for (boolean targetInfo : new boolean[] {true, false}) {
          Identity id = IDENTITIES.get(n % (unicode ? IDENTITIES.size() : 3));
          // Vary the Type-3 flags too: none, NTLM2 session / MIC, no Version.
          int variant = n % 3;
          n++;
          NtlmTestMessages jcifs =
              NtlmTestMessages.create(
                  Map.of(
                      "jcifs.smb.lmCompatibility", Integer.toString(lm),
                      "jcifs.smb.client.useUnicode", Boolean.toString(unicode)));
          String name =
              "lm"
                  + lm
                  + (unicode ? " unicode" : " oem")
                  + (targetInfo ? " targetinfo" : " legacy")
                  + " "
                  + id.user()
                  + (variant == 1
                      ? (lm < 2 ? " ess" : " sign")
                      : variant == 2 ? " no-version" : "");
          int challengeFlags =
              (unicode ? NtlmFlags.NTLMSSP_NEGOTIATE_UNICODE : NtlmFlags.NTLMSSP_NEGOTIATE_OEM)
                  | NtlmFlags.NTLMSSP_REQUEST_TARGET
                  | NtlmFlags.NTLMSSP_NEGOTIATE_NTLM
                  | NtlmFlags.NTLMSSP_NEGOTIATE_EXTENDED_SESSIONSECURITY
                  | (variant == 0 ? NtlmFlags.NTLMSSP_NEGOTIATE_VERSION : 0);
          byte[] type1 = jcifs.negotiate();
          byte[] type2 =
              jcifs.challenge(
                  challengeFlags,
                  id.domain(),
                  CHALLENGE,
                  targetInfo ? ServerIdentity.NODE_A.targetInfo(TIMESTAMP) : null);
          NtlmTestMessages.Authenticate answer =
              jcifs
                  .answer(type2)
                  .credentials(id.domain(), id.user(), NtlmTestMessages.PASSWORD)
                  .workstation(id.workstation());
          if (variant == 1) {
            answer.addFlags(
                lm < 2
                    ? NtlmFlags.NTLMSSP_NEGOTIATE_EXTENDED_SESSIONSECURITY
                    : NtlmFlags.NTLMSSP_NEGOTIATE_SIGN);
          } else if (variant == 2) {
            answer.removeFlags(NtlmFlags.NTLMSSP_NEGOTIATE_VERSION);
          }
          all.add(new Message(name + " type1", type1));
          all.add(new Message(name + " type2", type2));
          all.add(new Message(name + " type3", answer.build()));
        }
      }
    }
    NtlmTestMessages unicode = NtlmTestMessages.create();
    NtlmTestMessages oem = NtlmTestMessages.create(Map.of("jcifs.smb.client.useUnicode", "false"));
    int basic = NtlmFlags.NTLMSSP_NEGOTIATE_NTLM | NtlmFlags.NTLMSSP_REQUEST_TARGET;
    all.add(
        new Message(
            "type1 names",
            unicode.negotiate(basic | NtlmFlags.NTLMSSP_NEGOTIATE_UNICODE, "example", "ws01")));
    all.add(
        new Message(
            "type1 workstation only",
            oem.negotiate(basic | NtlmFlags.NTLMSSP_NEGOTIATE_OEM, null, "pc")));
    all.add(
        new Message(
            "type1 oem latin names",
            oem.negotiate(basic | NtlmFlags.NTLMSSP_NEGOTIATE_OEM, "Société", "Müller-PC")));
    byte[] modern = unicode.challenge(ServerIdentity.NODE_A, CHALLENGE, TIMESTAMP);
    all.add(new Message("type2 modern", modern));
    all.add(
        new Message(
            "type2 no target name",
            unicode.challenge(NtlmTestMessages.CHALLENGE_FLAGS, "", CHALLENGE, null)));
    all.add(
        new Message(
            "type3 mic",
            unicode
                .answer(modern)
                .addFlags(NtlmFlags.NTLMSSP_NEGOTIATE_SIGN)
                .mic(unicode.negotiate())
                .build()));
    all.add(
        new Message(
            "type3 spn", unicode.answer(modern).targetSpn("HTTP/node-a.example.test").build()));
    all.add(
        new Message(
            "type3 anonymous",
            unicode.answer(modern).credentials("", "", "").workstation("WS01").build()));
    all.add(
        new Message(
            "type3 key exchange",
            unicode.answer(modern).addFlags(NtlmFlags.NTLMSSP_NEGOTIATE_KEY_EXCH).build()));
    return all.stream();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("messages")
  void agreesWithJcifsOnEveryField(Message message) throws Exception {
    byte[] bytes = message.bytes();
    DecodeResult result = NtlmDecoder.decodeToken(AuthScheme.NTLM, bytes);
    assertThat(result).isInstanceOf(DecodeResult.Ntlm.class);
    NtlmMessage ours = ((DecodeResult.Ntlm) result).message();
    assertThat(ours.type().code()).isEqualTo(bytes[8]);
    if (ours instanceof NegotiateMessage m) {
      Type1Message theirs = new Type1Message(bytes);
      assertThat(m.flags()).isEqualTo(theirs.getFlags());
      assertThat(m.domain()).isEqualTo(oem(theirs.getSuppliedDomain()));
      assertThat(m.workstation()).isEqualTo(oem(theirs.getSuppliedWorkstation()));
      assertThat(m.version() != null).isEqualTo(m.has(NegotiateFlag.NEGOTIATE_VERSION));
    } else if (ours instanceof ChallengeMessage m) {
      Type2Message theirs = new Type2Message(bytes);
      assertThat(m.flags()).isEqualTo(theirs.getFlags());
      boolean unicode = m.has(NegotiateFlag.NEGOTIATE_UNICODE);
      assertThat(m.targetName())
          .isEqualTo(unicode ? nullToEmpty(theirs.getTarget()) : oem(theirs.getTarget()));
      assertThat(m.serverChallengeHex()).isEqualTo(hex(theirs.getChallenge()));
      assertSamePairs(m.targetInfo(), theirs.getTargetInformation());
      assertThat(m.version() != null).isEqualTo(m.has(NegotiateFlag.NEGOTIATE_VERSION));
    } else {
      AuthenticateMessage m = (AuthenticateMessage) ours;
      Type3Message theirs = new Type3Message(bytes);
      assertThat(m.flags()).isEqualTo(theirs.getFlags());
      assertThat(m.unicode()).isEqualTo(theirs.getFlag(NtlmFlags.NTLMSSP_NEGOTIATE_UNICODE));
      if (m.unicode()) {
        assertThat(m.domain()).isEqualTo(theirs.getDomain());
        assertThat(m.user()).isEqualTo(theirs.getUser());
        assertThat(m.workstation()).isEqualTo(theirs.getWorkstation());
      } else {
        assertThat(m.domain()).isEqualTo(oem(theirs.getDomain()));
        assertThat(m.user()).isEqualTo(oem(theirs.getUser()));
        assertThat(m.workstation()).isEqualTo(oem(theirs.getWorkstation()));
      }
      assertThat(m.lmResponseLength()).isEqualTo(length(theirs.getLMResponse()));
      assertThat(m.ntResponseLength()).isEqualTo(length(theirs.getNTResponse()));
      assertThat(m.sessionKeyLength()).isEqualTo(length(theirs.getEncryptedSessionKey()));
      assertThat(m.micPresent()).isEqualTo(theirs.getMic() != null);
      assertThat(m.version() != null).isEqualTo(m.headerLength() >= 72);
      byte[] nt = theirs.getNTResponse();
      if (nt.length > 24) {
        assertThat(m.responseKind()).isEqualTo(ResponseKind.NTLMV2);
        assertSamePairs(m.ntlmv2().avPairs(), Arrays.copyOfRange(nt, 16 + 28, nt.length));
        assertThat(m.ntlmv2().clientChallengeHex()).isEqualTo(hex(Arrays.copyOfRange(nt, 32, 40)));
      } else {
        assertThat(m.ntlmv2()).isNull();
        assertThat(m.responseKind())
            .isIn(
                ResponseKind.NTLMV1,
                ResponseKind.NTLM2_SESSION,
                ResponseKind.LM_ONLY,
                ResponseKind.ANONYMOUS);
      }
    }
  }

  @ParameterizedTest(name = "lmCompatibility={0} extendedSessionSecurity={1}")
  @CsvSource({
    "0, false, NTLMV1, 24, 24",
    "0, true, NTLM2_SESSION, 24, 24",
    "1, false, NTLMV1, 24, 24",
    "1, true, NTLM2_SESSION, 24, 24",
    "2, false, NTLMV1, 24, 24",
    "3, false, NTLMV2, 24, 268",
    "4, true, NTLMV2, 24, 268",
    "5, false, NTLMV2, 24, 268"
  })
  void responseKindFollowsTheLmCompatibilityLevel(
      int level, boolean ess, ResponseKind kind, int lmLength, int ntLength) {
    NtlmTestMessages jcifs = NtlmTestMessages.lmCompatibility(level);
    byte[] type2 = jcifs.challenge(ServerIdentity.NODE_A, CHALLENGE, TIMESTAMP);
    NtlmTestMessages.Authenticate answer = jcifs.answer(type2);
    if (ess) {
      answer.addFlags(NtlmFlags.NTLMSSP_NEGOTIATE_EXTENDED_SESSIONSECURITY);
    }
    AuthenticateMessage m = authenticate(answer.build());
    assertThat(m.responseKind()).isEqualTo(kind);
    assertThat(m.lmResponseLength()).isEqualTo(lmLength);
    // NTLMv2: 16 NTProofStr + 28 blob header + NODE_A's pairs without EOL (144) + SingleHost
    // (4 + 48) + ChannelBindings (4 + 16) + EOL (4) + 4 zero bytes = 268.
    assertThat(m.ntResponseLength()).isEqualTo(ntLength);
    assertThat(m.domain()).isEqualTo("EXAMPLE");
    assertThat(m.user()).isEqualTo("alice");
    assertThat(m.workstation()).isEqualTo("WS01");
    assertThat(m.headerLength()).isEqualTo(72);
    assertThat(m.version()).isEqualTo(new OsVersion(6, 1, 0, 15));
    if (kind == ResponseKind.NTLMV2) {
      assertThat(m.challengeIssuer()).isEqualTo("NODE-A");
      assertThat(m.challengeTimestamp()).isEqualTo(TIMESTAMP);
    } else {
      assertThat(m.challengeIssuer()).isNull();
      assertThat(m.challengeTimestamp()).isNull();
    }
  }

  @Test
  void jcifsCopiesTheChallengeTargetInfoIntoTheBlob() throws Exception {
    NtlmTestMessages jcifs = NtlmTestMessages.create();
    ServerIdentity server =
        new ServerIdentity("SRV-Ü1", "DÖMÄNE", "srv-ü1.dömäne.example", "dömäne.example");
    byte[] type2 = jcifs.challenge(server, CHALLENGE, TIMESTAMP);
    byte[] type3 = jcifs.answer(type2).targetSpn("HTTP/srv-ü1.dömäne.example").build();

    // jcifs-ng's own view: every pair of the CHALLENGE is in the blob with the same bytes.
    List<jcifs.ntlmssp.av.AvPair> sent =
        AvPairs.decode(new Type2Message(type2).getTargetInformation());
    byte[] nt = new Type3Message(type3).getNTResponse();
    List<jcifs.ntlmssp.av.AvPair> echoed = AvPairs.decode(Arrays.copyOfRange(nt, 44, nt.length));
    for (jcifs.ntlmssp.av.AvPair pair : sent) {
      jcifs.ntlmssp.av.AvPair copy = AvPairs.get(echoed, pair.getType());
      assertThat(copy).as("AvId %d echoed", pair.getType()).isNotNull();
      assertThat(copy.getRaw()).isEqualTo(pair.getRaw());
    }
    assertThat(((AvTimestamp) AvPairs.get(echoed, AvTimestamp.MsvAvTimestamp)).getTimestamp())
        .isEqualTo(TIMESTAMP);

    // Ours: the same echo, read as the correlation key.
    AuthenticateMessage m = authenticate(type3);
    ChallengeMessage c = challenge(type2);
    assertThat(m.challengeIssuer()).isEqualTo("SRV-Ü1").isEqualTo(c.targetInfo().nbComputerName());
    assertThat(m.challengeTimestamp()).isEqualTo(TIMESTAMP).isEqualTo(c.targetInfo().timestamp());
    assertThat(m.ntlmv2().clientTimestamp())
        .as("jcifs-ng puts the server's timestamp in the blob header too")
        .isEqualTo(TIMESTAMP);
    TargetInfo pairs = m.echoedTargetInfo();
    assertThat(pairs.pairs().subList(0, c.targetInfo().pairs().size()))
        .containsExactlyElementsOf(c.targetInfo().pairs());
    assertThat(pairs.targetName()).isEqualTo("HTTP/srv-ü1.dömäne.example");
    assertThat(pairs.hasChannelBindings()).isTrue();
    assertThat(pairs.hasSingleHost()).isTrue();
    assertThat(pairs.get(AvPair.SINGLE_HOST).length()).isEqualTo(48);
    assertThat(pairs.get(AvPair.CHANNEL_BINDINGS).length()).isEqualTo(16);
  }

  @Test
  void micIsFoundFromTheLayoutAndFlaggedInMsvAvFlags() throws Exception {
    NtlmTestMessages jcifs = NtlmTestMessages.create();
    byte[] type1 = jcifs.negotiate();
    byte[] type2 = jcifs.challenge(ServerIdentity.NODE_A, CHALLENGE, TIMESTAMP);
    byte[] type3 =
        jcifs.answer(type2).addFlags(NtlmFlags.NTLMSSP_NEGOTIATE_SIGN).mic(type1).build();
    AuthenticateMessage m = authenticate(type3);
    assertThat(m.headerLength()).isEqualTo(88);
    assertThat(m.micPresent()).isTrue();
    assertThat(m.micFlagged()).isTrue();
    assertThat(m.echoedTargetInfo().flags()).isEqualTo(AvPair.Flags.MIC_PRESENT);
    assertThat(new Type3Message(type3).getMic()).hasSize(16).isNotEqualTo(new byte[16]);
    assertThat(m.toString()).doesNotContain(hex(new Type3Message(type3).getMic()));
  }

  @Test
  void anonymousHasNoResponses() throws Exception {
    NtlmTestMessages jcifs = NtlmTestMessages.create();
    byte[] type2 = jcifs.challenge(ServerIdentity.NODE_A, CHALLENGE, TIMESTAMP);
    AuthenticateMessage m =
        authenticate(jcifs.answer(type2).credentials("", "", "").workstation("KIOSK").build());
    assertThat(m.responseKind()).isEqualTo(ResponseKind.ANONYMOUS);
    assertThat(m.isAnonymous()).isTrue();
    assertThat(m.lmResponseLength()).isZero();
    assertThat(m.ntResponseLength()).isZero();
    assertThat(m.user()).isEmpty();
    assertThat(m.domain()).isEmpty();
    assertThat(m.workstation()).isEqualTo("KIOSK");
    assertThat(m.summary()).startsWith("AUTHENTICATE anonymous from KIOSK, anonymous");
  }

  @Test
  void legacyChallengeLayouts() throws Exception {
    // jcifs-ng 2.1.10 always writes at least the 48-byte header, so the oldest layouts are typed
    // here: signature, type 2, TargetName (0, 0, 32), flags UNICODE|NTLM, challenge (32 bytes),
    // then an 8-byte context (40 bytes).
    byte[] smallest =
        io.github.ntlmaffinity.testing.Hex.parse(
            "4e544c4d53535000 02000000 0000000020000000 01020000 1122334455667788");
    byte[] withContext =
        io.github.ntlmaffinity.testing.Hex.parse(
            "4e544c4d53535000 02000000 0000000028000000 01020000 1122334455667788"
                + " 0000000000000000");
    for (byte[] legacy : List.of(smallest, withContext)) {
      ChallengeMessage m = challenge(legacy);
      Type2Message theirs = new Type2Message(legacy);
      assertThat(m.flags()).isEqualTo(theirs.getFlags()).isEqualTo(0x201);
      assertThat(m.targetName()).isEmpty();
      assertThat(theirs.getTarget()).isNull();
      assertThat(m.serverChallengeHex()).isEqualTo("1122334455667788");
      assertThat(m.targetInfo()).isEqualTo(TargetInfo.EMPTY);
      assertThat(theirs.getTargetInformation()).isNull();
      assertThat(m.version()).isNull();
      assertThat(m.summary()).isEqualTo("CHALLENGE, challenge 1122334455667788, no timestamp");
    }

    // jcifs-ng without Version: TargetInfo right after the 48-byte header.
    NtlmTestMessages jcifs = NtlmTestMessages.create();
    int flags = NtlmFlags.NTLMSSP_NEGOTIATE_UNICODE | NtlmFlags.NTLMSSP_NEGOTIATE_NTLM;
    byte[] noVersion =
        jcifs.challenge(
            flags | NtlmFlags.NTLMSSP_REQUEST_TARGET,
            "WORKGROUP",
            CHALLENGE,
            ServerIdentity.NODE_B.targetInfo(TIMESTAMP));
    assertThat(noVersion).hasSize(48 + 18 + ServerIdentity.NODE_B.targetInfo(TIMESTAMP).length);
    ChallengeMessage n = challenge(noVersion);
    assertThat(n.targetName()).isEqualTo("WORKGROUP");
    assertThat(n.targetInfo().nbComputerName()).isEqualTo("NODE-B");
    assertThat(n.targetInfo().timestamp()).isEqualTo(TIMESTAMP);
    assertThat(n.targetInfo().timestampInstant())
        .isEqualTo(Instant.parse("2025-03-04T05:06:07.0000001Z"));
    assertThat(n.version()).isNull();
  }

  @Test
  void oemStringsKeepTheirBytes() throws Exception {
    // jcifs-ng encodes OEM in code page 850, where 'ü' is 0x81 and 'é' is 0x82. Latin-1 keeps
    // each byte as one char, so the decoded name is not "Müller" but its bytes are exact.
    NtlmTestMessages oem = NtlmTestMessages.create(Map.of("jcifs.smb.client.useUnicode", "false"));
    byte[] type1 =
        oem.negotiate(
            NtlmFlags.NTLMSSP_NEGOTIATE_OEM | NtlmFlags.NTLMSSP_NEGOTIATE_NTLM,
            "Société",
            "Müller");
    NegotiateMessage m = (NegotiateMessage) ((DecodeResult.Ntlm) decode(type1)).message();
    assertThat(m.domain()).isEqualTo("SOCI\u0090T\u0090");
    assertThat(m.workstation()).isEqualTo("M\u009aLLER");
    assertThat(m.domain().getBytes(ISO_8859_1)).isEqualTo("SOCIÉTÉ".getBytes(CP850));
  }

  // ---- helpers ----------------------------------------------------------------------------

  /** Our reading of a jcifs-ng OEM string: its code page 850 bytes, one char each. */
  private static String oem(String jcifs) {
    return jcifs == null ? "" : new String(jcifs.getBytes(CP850), ISO_8859_1);
  }

  private static void assertSamePairs(TargetInfo ours, byte[] theirsBytes) throws Exception {
    if (theirsBytes == null || theirsBytes.length == 0) {
      assertThat(ours).isEqualTo(TargetInfo.EMPTY);
      return;
    }
    List<jcifs.ntlmssp.av.AvPair> theirs = AvPairs.decode(theirsBytes);
    assertThat(ours.pairs()).hasSameSizeAs(theirs);
    for (int i = 0; i < theirs.size(); i++) {
      jcifs.ntlmssp.av.AvPair t = theirs.get(i);
      AvPair o = ours.pairs().get(i);
      assertThat(o.id()).isEqualTo(t.getType());
      assertThat(o.length()).isEqualTo(t.getRaw().length);
      if (o instanceof AvPair.Text text) {
        assertThat(text.value()).isEqualTo(new String(t.getRaw(), UTF_16LE));
      } else if (o instanceof AvPair.Timestamp ts) {
        assertThat(ts.fileTime()).isEqualTo(((AvTimestamp) t).getTimestamp());
      } else if (o instanceof AvPair.Flags f) {
        assertThat(f.value()).isEqualTo(((AvFlags) t).getFlags());
      }
    }
  }

  private static DecodeResult decode(byte[] token) {
    DecodeResult r = NtlmDecoder.decodeToken(AuthScheme.NTLM, token);
    assertThat(r).isInstanceOf(DecodeResult.Ntlm.class);
    return r;
  }

  private static ChallengeMessage challenge(byte[] token) {
    return (ChallengeMessage) ((DecodeResult.Ntlm) decode(token)).message();
  }

  private static AuthenticateMessage authenticate(byte[] token) {
    return (AuthenticateMessage) ((DecodeResult.Ntlm) decode(token)).message();
  }

  private static int length(byte[] b) {
    return b == null ? 0 : b.length;
  }

  private static String nullToEmpty(String s) {
    return s == null ? "" : s;
  }

  private static String hex(byte[] b) {
    return b == null ? "0000000000000000" : java.util.HexFormat.of().formatHex(b);
  }
}
