package io.github.ntlmaffinity.wire;

import static java.nio.charset.StandardCharsets.UTF_8;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;

/**
 * The valid header values of {@code robustness-seeds.txt} (real captures and frozen jcifs-ng
 * messages), each with its token and what it decodes to.
 */
final class FuzzSeeds {
  static final String RESOURCE = "robustness-seeds.txt";

  private static List<Seed> all;

  private FuzzSeeds() {}

  /** What a seed is, for per-type mutation runs. */
  enum Kind {
    TYPE1,
    TYPE2,
    TYPE3,
    SPNEGO
  }

  /**
   * One valid header value.
   *
   * @param header the header value, e.g. {@code NTLM TlRMTVNT...}
   * @param scheme its scheme
   * @param token the base64-decoded token
   * @param kind the NTLM message type, or {@link Kind#SPNEGO} when wrapped
   * @param ntlmStart where the NTLMSSP message starts inside the token
   * @param ntlmEnd where it ends
   */
  record Seed(
      String header, AuthScheme scheme, byte[] token, Kind kind, int ntlmStart, int ntlmEnd) {

    /** A copy of the NTLMSSP message alone. */
    byte[] ntlm() {
      return java.util.Arrays.copyOfRange(token, ntlmStart, ntlmEnd);
    }
  }

  /** Every seed, in file order. */
  static synchronized List<Seed> all() {
    if (all == null) {
      List<Seed> seeds = new ArrayList<>();
      for (String header : lines()) {
        seeds.add(seed(header));
      }
      all = List.copyOf(seeds);
    }
    return all;
  }

  /** The seeds of one kind. */
  static List<Seed> of(Kind kind) {
    return all().stream().filter(s -> s.kind() == kind).toList();
  }

  /** The header values of the resource file, comments and blank lines skipped. */
  static List<String> lines() {
    List<String> lines = new ArrayList<>();
    try (InputStream in = FuzzSeeds.class.getResourceAsStream(RESOURCE);
        BufferedReader reader = new BufferedReader(new InputStreamReader(in, UTF_8))) {
      String line;
      while ((line = reader.readLine()) != null) {
        if (!line.isBlank() && !line.startsWith("#")) {
          lines.add(line);
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return lines;
  }

  static Seed seed(String header) {
    int space = header.indexOf(' ');
    AuthScheme scheme = AuthScheme.of(header, 0, space);
    byte[] token = Base64.getDecoder().decode(header.substring(space + 1));
    if (!(NtlmDecoder.decodeToken(scheme, token) instanceof DecodeResult.Ntlm ntlm)) {
      throw new IllegalStateException("seed does not decode to NTLM: " + header);
    }
    int start = indexOfSignature(token);
    int end = start == 0 ? token.length : octetStringEnd(token, start);
    Kind kind =
        ntlm.wrapping() != Wrapping.RAW
            ? Kind.SPNEGO
            : switch (ntlm.message().type()) {
              case NEGOTIATE -> Kind.TYPE1;
              case CHALLENGE -> Kind.TYPE2;
              case AUTHENTICATE -> Kind.TYPE3;
            };
    return new Seed(header, scheme, token, kind, start, end);
  }

  static int indexOfSignature(byte[] token) {
    outer:
    for (int i = 0; i + 8 <= token.length; i++) {
      for (int j = 0; j < 8; j++) {
        if (token[i + j] != "NTLMSSP\0".charAt(j)) {
          continue outer;
        }
      }
      return i;
    }
    throw new IllegalStateException("no NTLMSSP signature");
  }

  /** The end of the OCTET STRING whose content starts at {@code content}. */
  private static int octetStringEnd(byte[] t, int content) {
    // 04 LL | 04 81 LL | 04 82 LL LL: find the header that ends right before the content.
    if (t[content - 2] == 0x04 && (t[content - 1] & 0x80) == 0) {
      return content + t[content - 1];
    }
    if (t[content - 3] == 0x04 && (t[content - 2] & 0xff) == 0x81) {
      return content + (t[content - 1] & 0xff);
    }
    if (t[content - 4] == 0x04 && (t[content - 3] & 0xff) == 0x82) {
      return content + ((t[content - 2] & 0xff) << 8 | (t[content - 1] & 0xff));
    }
    throw new IllegalStateException("NTLMSSP not inside an OCTET STRING");
  }
}
