package io.github.ntlmaffinity.wire;

import java.util.List;

/**
 * What every decode must satisfy, whatever the input: a typed result, never an exception; a
 * Malformed result with a reason, a one-line detail without dumped bytes, and an offset inside the
 * input; a decoded message whose values are sane and whose summary can be printed. Plain checks
 * throwing {@link AssertionError}, cheap enough to run a million times.
 */
final class FuzzInvariants {
  /** Hex digits in a row that would mean bytes were dumped into a detail (8 bytes = 16 digits). */
  static final int HEX_RUN_LIMIT = 16;

  private FuzzInvariants() {}

  /** Checks {@code NtlmDecoder.decodeToken(scheme, token)}'s result. */
  static void checkToken(AuthScheme scheme, int tokenLength, DecodeResult result) {
    check(result, tokenLength);
    if (result instanceof DecodeResult.Malformed m) {
      MalformedReason.Layer layer = m.reason().layer();
      if (layer == MalformedReason.Layer.HEADER || layer == MalformedReason.Layer.BASE64) {
        throw new AssertionError("header-layer reason for a token: " + m);
      }
      if (m.scheme() != scheme) {
        throw new AssertionError("scheme " + m.scheme() + ", expected " + scheme + ": " + m);
      }
    } else if (result instanceof DecodeResult.NotNtlm n) {
      throw new AssertionError("NotNtlm for a token: " + n);
    } else if (result instanceof DecodeResult.Ntlm n) {
      if (n.scheme() != scheme) {
        throw new AssertionError("scheme " + n.scheme() + ", expected " + scheme);
      }
    } else if (result instanceof DecodeResult.OtherMechanism o) {
      if (scheme != AuthScheme.NEGOTIATE) {
        throw new AssertionError("another mechanism under " + scheme + ": " + o);
      }
    } else if (result instanceof DecodeResult.NoToken t) {
      if (scheme != AuthScheme.NEGOTIATE || t.spnego() == null) {
        throw new AssertionError("NoToken from a token without SPNEGO: " + t);
      }
    }
  }

  /** Checks {@code NtlmDecoder.decodeAuthorization(header)}'s result. */
  static void checkAuthorization(CharSequence header, DecodeResult result) {
    check(result, header.length());
    if (result instanceof DecodeResult.NoToken t && t.spnego() == null) {
      throw new AssertionError("a bare offer in an Authorization header: " + t);
    }
  }

  /** Checks {@code NtlmDecoder.decodeWwwAuthenticate(header)}'s results. */
  static void checkChallenges(CharSequence header, List<DecodeResult> results) {
    if (results == null) {
      throw new AssertionError("null list");
    }
    for (int i = 0; i < results.size(); i++) {
      DecodeResult r = results.get(i);
      check(r, header.length());
      if (r instanceof DecodeResult.Malformed m
          && m.reason() == MalformedReason.HEADER_SYNTAX
          && i != results.size() - 1) {
        throw new AssertionError("a syntax error does not end the list: " + results);
      }
    }
  }

  /** Checks one result against the length of the input it came from (bytes or characters). */
  static void check(DecodeResult result, int inputLength) {
    if (result == null) {
      throw new AssertionError("null result");
    }
    if (result instanceof DecodeResult.Malformed m) {
      checkMalformed(m, inputLength);
    } else if (result instanceof DecodeResult.Ntlm n) {
      checkNtlm(n);
    } else if (result instanceof DecodeResult.OtherMechanism o) {
      if (o.scheme() != AuthScheme.NEGOTIATE || o.mechName() == null) {
        throw new AssertionError("bad OtherMechanism: " + o);
      }
    } else if (result instanceof DecodeResult.NoToken t) {
      if (t.scheme() == null) {
        throw new AssertionError("NoToken without a scheme");
      }
    } else if (result instanceof DecodeResult.NotNtlm n) {
      if (n.scheme() == null) {
        throw new AssertionError("NotNtlm without a scheme");
      }
    }
  }

  private static void checkMalformed(DecodeResult.Malformed m, int inputLength) {
    if (m.reason() == null) {
      throw new AssertionError("Malformed without a reason: " + m);
    }
    if (m.offset() < 0 || m.offset() > inputLength) {
      throw new AssertionError("offset outside [0, " + inputLength + "]: " + m);
    }
    String detail = m.detail();
    if (detail == null || detail.isBlank() || detail.indexOf('\n') >= 0) {
      throw new AssertionError("detail is not one line: " + m);
    }
    if (longestHexRun(detail) >= HEX_RUN_LIMIT) {
      throw new AssertionError("detail holds a hex dump: " + m);
    }
  }

  private static void checkNtlm(DecodeResult.Ntlm n) {
    if (n.scheme() == null || n.wrapping() == null || n.message() == null) {
      throw new AssertionError("incomplete Ntlm result: " + n);
    }
    if ((n.wrapping() == Wrapping.RAW) != (n.spnego() == null)) {
      throw new AssertionError("wrapping " + n.wrapping() + " with spnego " + n.spnego());
    }
    if (n.message().summary() == null) {
      throw new AssertionError("null summary");
    }
    NtlmMessage message = n.message();
    if (message instanceof NegotiateMessage m) {
      if (m.domain() == null || m.workstation() == null) {
        throw new AssertionError("null name: " + m);
      }
    } else if (message instanceof ChallengeMessage m) {
      if (m.targetName() == null) {
        throw new AssertionError("null target name: " + m);
      }
      checkTargetInfo(m.targetInfo());
    } else if (message instanceof AuthenticateMessage m) {
      checkAuthenticate(m);
    }
  }

  private static void checkAuthenticate(AuthenticateMessage m) {
    if (m.domain() == null || m.user() == null || m.workstation() == null) {
      throw new AssertionError("null name: " + m);
    }
    if (m.lmResponseLength() < 0
        || m.lmResponseLength() > 0xffff
        || m.ntResponseLength() < 0
        || m.ntResponseLength() > 0xffff
        || m.sessionKeyLength() < 0
        || m.sessionKeyLength() > 0xffff) {
      throw new AssertionError("length outside uint16: " + m);
    }
    int h = m.headerLength();
    if (h != 52 && h != 60 && h != 64 && h != 72 && h != 88) {
      throw new AssertionError("header length " + h);
    }
    if (m.micPresent() != (h == 88)) {
      throw new AssertionError("MIC " + m.micPresent() + " with a " + h + "-byte header");
    }
    if ((m.responseKind() == ResponseKind.NTLMV2) != (m.ntlmv2() != null)) {
      throw new AssertionError(m.responseKind() + " with ntlmv2 " + m.ntlmv2());
    }
    if (m.ntlmv2() != null) {
      if (m.ntResponseLength() < 44) {
        throw new AssertionError("NTLMv2 of " + m.ntResponseLength() + " bytes");
      }
      checkTargetInfo(m.ntlmv2().avPairs());
      m.ntlmv2().clientTimestampInstant();
      m.ntlmv2().clientChallengeHex();
    }
  }

  private static void checkTargetInfo(TargetInfo info) {
    if (info == null || info.pairs().size() > NtlmDecoder.MAX_AV_PAIRS) {
      throw new AssertionError("bad target info: " + info);
    }
    for (AvPair pair : info.pairs()) {
      if (pair.id() == AvPair.EOL || pair.length() < 0 || pair.length() > 0xffff) {
        throw new AssertionError("bad pair " + pair);
      }
      if (pair instanceof AvPair.Text t && t.value().length() * 2 != t.length()) {
        throw new AssertionError("text of " + t.value().length() + " chars, " + t.length());
      }
    }
    info.timestampInstant();
    // The accessors find what a walk over the pairs finds first (some ids' offsets are kept).
    for (int id = AvPair.NB_COMPUTER_NAME; id <= AvPair.CHANNEL_BINDINGS; id++) {
      int wanted = id;
      AvPair first = info.pairs().stream().filter(p -> p.id() == wanted).findFirst().orElse(null);
      if (!java.util.Objects.equals(first, info.get(id))) {
        throw new AssertionError("get(" + id + ") is " + info.get(id) + ", first is " + first);
      }
    }
  }

  static int longestHexRun(String s) {
    int longest = 0;
    int run = 0;
    for (int i = 0; i < s.length(); i++) {
      if (Character.digit(s.charAt(i), 16) >= 0 && s.charAt(i) < 0x80) {
        longest = Math.max(longest, ++run);
      } else {
        run = 0;
      }
    }
    return longest;
  }
}
