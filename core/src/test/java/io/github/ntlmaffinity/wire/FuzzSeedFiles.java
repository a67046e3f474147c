package io.github.ntlmaffinity.wire;

import static io.github.ntlmaffinity.testing.LittleEndian.put16;
import static io.github.ntlmaffinity.testing.LittleEndian.put32;
import static io.github.ntlmaffinity.testing.LittleEndian.u16;
import static io.github.ntlmaffinity.testing.LittleEndian.u32;
import static io.github.ntlmaffinity.wire.RegressionTest.bytes;
import static io.github.ntlmaffinity.wire.RegressionTest.cat;
import static io.github.ntlmaffinity.wire.RegressionTest.der;
import static java.nio.charset.StandardCharsets.UTF_8;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Writes the seed corpora of {@link FuzzTargetsTest}: every real capture of {@code
 * robustness-seeds.txt} in the form each target takes, plus the inputs of {@link RegressionTest}.
 * Run once after changing the seeds; the files are committed:
 *
 * <pre>
 * java -cp core/target/test-classes:core/target/classes:$CP io.github.ntlmaffinity.wire.FuzzSeedFiles \
 *     core/src/test/resources/io/github/ntlmaffinity/wire/FuzzTargetsTestInputs
 * </pre>
 */
final class FuzzSeedFiles {
  private static final byte[] OID_SPNEGO = {0x2b, 0x06, 0x01, 0x05, 0x05, 0x02};
  private static final byte[] OID_NTLMSSP = {
    0x2b, 0x06, 0x01, 0x04, 0x01, (byte) 0x82, 0x37, 0x02, 0x02, 0x0a
  };

  private FuzzSeedFiles() {}

  public static void main(String[] args) throws IOException {
    Path root = Path.of(args[0]);
    Map<String, Map<String, byte[]>> targets = new LinkedHashMap<>();
    for (String t :
        List.of(
            "authorization", "wwwAuthenticate", "type1", "type2", "type3", "avPairs", "spnego")) {
      targets.put(t, new LinkedHashMap<>());
    }
    int n = 0;
    for (FuzzSeeds.Seed seed : FuzzSeeds.all()) {
      String name = String.format("capture-%02d-%s", n++, seed.kind().name().toLowerCase());
      byte[] header = seed.header().getBytes(UTF_8);
      targets.get("authorization").put(name, header);
      targets.get("wwwAuthenticate").put(name, header);
      switch (seed.kind()) {
        case TYPE1 -> targets.get("type1").put(name, seed.token());
        case TYPE2 -> {
          targets.get("type2").put(name, seed.token());
          targets.get("avPairs").put(name, targetInfo(seed.token()));
        }
        case TYPE3 -> {
          targets.get("type3").put(name, seed.token());
          byte[] blob = blobPairs(seed.token());
          if (blob != null) {
            targets.get("avPairs").put(name, blob);
          }
        }
        case SPNEGO -> targets.get("spnego").put(name, seed.token());
      }
    }
    regressionInputs(targets);
    for (Map.Entry<String, Map<String, byte[]>> target : targets.entrySet()) {
      Path dir = root.resolve(target.getKey());
      Files.createDirectories(dir);
      for (Map.Entry<String, byte[]> seed : target.getValue().entrySet()) {
        Files.write(dir.resolve(seed.getKey()), seed.getValue());
      }
    }
  }

  /** The inputs of RegressionTest's cases, in the form of the target that reaches them. */
  private static void regressionInputs(Map<String, Map<String, byte[]>> targets) {
    byte[] challenge = firstToken(FuzzSeeds.Kind.TYPE2);
    byte[] type3 = firstToken(FuzzSeeds.Kind.TYPE3);

    byte[] wrap = challenge.clone();
    put32(wrap, 44, (int) (0x1_0000_0000L - u16(wrap, 40) + u32(wrap, 44)));
    targets.get("type2").put("regression-cve-2018-16890-offset-wrap", wrap);
    byte[] huge = challenge.clone();
    put16(huge, 40, 0xffff);
    targets.get("type2").put("regression-cve-2019-3822-targetinfo-65535", huge);
    byte[] legacy = Arrays.copyOf(challenge, 32);
    put16(legacy, 12, 0);
    targets.get("type2").put("regression-legacy-32-bytes", legacy);

    byte[] hugeNt = type3.clone();
    put16(hugeNt, 20, 0xffff);
    targets.get("type3").put("regression-nt-response-65535", hugeNt);
    byte[] overlap = type3.clone();
    put32(overlap, 40, u32(overlap, 32));
    targets.get("type3").put("regression-fields-overlap", overlap);
    byte[] back = type3.clone();
    put32(back, 40, 8);
    targets.get("type3").put("regression-offset-into-header", back);
    byte[] shortV2 = type3.clone();
    put16(shortV2, 20, 43);
    targets.get("type3").put("regression-ntlmv2-43-bytes", shortV2);
    byte[] surrogate = type3.clone();
    put16(surrogate, u32(surrogate, 40), 0xd800);
    targets.get("type3").put("regression-lone-surrogate", surrogate);

    byte[] tiny = new byte[4 * 1025 + 4];
    for (int i = 0; i < 1025; i++) {
      tiny[4 * i] = (byte) AvPair.SINGLE_HOST;
    }
    targets.get("avPairs").put("regression-1025-pairs", tiny);
    targets.get("avPairs").put("regression-1024-pairs", Arrays.copyOfRange(tiny, 4, tiny.length));
    targets.get("avPairs").put("regression-no-eol", bytes(1, 0, 2, 0, 'A', 0));
    targets
        .get("avPairs")
        .put("regression-timestamp-7-bytes", bytes(7, 0, 7, 0, 1, 2, 3, 4, 5, 6, 7, 0, 0, 0, 0));

    byte[] type1 = Arrays.copyOf(firstToken(FuzzSeeds.Kind.TYPE1), 40);
    byte[] mechTypes = der(0xa0, der(0x30, der(0x06, OID_NTLMSSP)));
    byte[] init =
        der(
            0x60,
            der(0x06, OID_SPNEGO),
            der(0xa0, der(0x30, mechTypes, der(0xa2, der(0x04, type1)))));
    Map<String, byte[]> spnego = targets.get("spnego");
    spnego.put("regression-negtokeninit-built", init);
    spnego.put("regression-indefinite-length", relength(init, 0x80));
    spnego.put("regression-5-byte-length", relength(init, 0x85, 0, 0, 0, 0, init[1]));
    spnego.put("regression-non-minimal-length", relength(init, 0x84, 0, 0, 0, init[1]));
    spnego.put("regression-length-0x7fffffff", relength(init, 0x84, 0x7f, 0xff, 0xff, 0xff));
    spnego.put("regression-trailing-byte", Arrays.copyOf(init, init.length + 1));
    spnego.put(
        "regression-empty-mech-types",
        der(
            0x60,
            der(0x06, OID_SPNEGO),
            der(0xa0, der(0x30, der(0xa0, der(0x30)), der(0xa2, der(0x04, type1))))));
    byte[] bigArc = {0x2b, 0x06, 0x01, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, 0x7f};
    spnego.put(
        "regression-oid-arc-overflow",
        der(
            0x60,
            der(0x06, OID_SPNEGO),
            der(0xa0, der(0x30, der(0xa0, der(0x30, der(0x06, bigArc)))))));
    byte[] deep = new byte[0];
    for (int i = 0; i < 200; i++) {
      deep = der(0x30, deep);
    }
    spnego.put(
        "regression-nested-200",
        der(
            0x60,
            der(0x06, OID_SPNEGO),
            der(0xa0, der(0x30, mechTypes, der(0xa5, deep), der(0xa2, der(0x04, type1))))));
    // The other shapes a Negotiate token takes, so the fuzzer starts from each.
    byte[] kerberosOid = {
      0x2a, (byte) 0x86, 0x48, (byte) 0x86, (byte) 0xf7, 0x12, 0x01, 0x02, 0x02
    };
    byte[] bothMechs = der(0xa0, der(0x30, der(0x06, kerberosOid), der(0x06, OID_NTLMSSP)));
    byte[] hints =
        der(
            0xa3,
            der(
                0x30,
                der(0xa0, der(0x1b, "not_defined_in_RFC4178@please_ignore".getBytes(UTF_8)))));
    spnego.put(
        "shape-bare-negtokeninit", der(0xa0, der(0x30, mechTypes, der(0xa2, der(0x04, type1)))));
    spnego.put("shape-accept-completed", der(0xa1, der(0x30, der(0xa0, der(0x0a, bytes(0))))));
    spnego.put(
        "shape-negtokenresp-with-mic",
        der(
            0xa1,
            der(
                0x30,
                der(0xa0, der(0x0a, bytes(1))),
                der(0xa1, der(0x06, OID_NTLMSSP)),
                der(0xa2, der(0x04, type1)),
                der(0xa3, der(0x04, new byte[16])))));
    spnego.put(
        "shape-negtokeninit2-hints",
        der(
            0x60,
            der(0x06, OID_SPNEGO),
            der(0xa0, der(0x30, bothMechs, hints, der(0xa4, der(0x04, new byte[16]))))));
    spnego.put(
        "shape-kerberos-first-ntlm-token",
        der(
            0x60,
            der(0x06, OID_SPNEGO),
            der(0xa0, der(0x30, bothMechs, der(0xa2, der(0x04, type1))))));
    spnego.put(
        "shape-kerberos-gss-token",
        der(
            0x60,
            der(0x06, kerberosOid),
            bytes(0x01, 0x00),
            der(0x6e, der(0x30, der(0xa0, der(0x02, bytes(5)))))));
    spnego.put("shape-raw-ntlmssp", type1);
    spnego.put(
        "regression-gss-ntlmssp-broken",
        der(0x60, der(0x06, OID_NTLMSSP), Arrays.copyOf(type1, 7)));

    Map<String, byte[]> auth = targets.get("authorization");
    auth.put("regression-scheme-only", "NTLM".getBytes(UTF_8));
    auth.put(
        "regression-url-safe", "NTLM TlRMTVNTUAABAAAAB4IIAAAAAAAAAAAA-_AAAAAAAAA=".getBytes(UTF_8));
    auth.put("regression-non-ascii", "Negotiate YII\u00e9\u0130\ud83d\ude00==".getBytes(UTF_8));
    auth.put(
        "regression-spaces",
        "  ntlm \t  TlRMTVNTUAABAAAAB4IIAAAAAAAAAAAAAAAAAAAAAAA=  ".getBytes(UTF_8));
    Map<String, byte[]> www = targets.get("wwwAuthenticate");
    www.put("regression-offers", "Negotiate, NTLM".getBytes(UTF_8));
    www.put(
        "regression-params",
        "Basic realm=\"a\\\"b\", charset=UTF-8, NTLM, Negotiate abc=".getBytes(UTF_8));
    www.put("regression-unterminated-quote", "Basic realm=\"x, NTLM".getBytes(UTF_8));
  }

  private static byte[] firstToken(FuzzSeeds.Kind kind) {
    return FuzzSeeds.of(kind).get(0).token();
  }

  /** The TargetInfo of a CHALLENGE. */
  private static byte[] targetInfo(byte[] challenge) {
    int off = u32(challenge, 44);
    return Arrays.copyOfRange(challenge, off, off + u16(challenge, 40));
  }

  /** The AV pairs of an AUTHENTICATE's NTLMv2 response, or null for other responses. */
  private static byte[] blobPairs(byte[] type3) {
    int len = u16(type3, 20);
    int off = u32(type3, 24);
    return len > 44 ? Arrays.copyOfRange(type3, off + 44, off + len) : null;
  }

  /** The token with its outermost short-form length byte replaced by {@code encoding}. */
  private static byte[] relength(byte[] token, int... encoding) {
    return cat(
        Arrays.copyOf(token, 1), bytes(encoding), Arrays.copyOfRange(token, 2, token.length));
  }
}
