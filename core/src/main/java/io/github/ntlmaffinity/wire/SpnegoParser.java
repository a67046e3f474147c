package io.github.ntlmaffinity.wire;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Reads the GSS-API and SPNEGO layers of a Negotiate token (RFC 2743 3.1, RFC 4178 4.2) with a
 * small bounds-checked DER reader. It walks the fixed SPNEGO structure iteratively and skips what
 * it does not need without descending into it, so no input can make it recurse. Lengths are checked
 * against the enclosing element before anything is read; nothing is allocated by a declared length.
 *
 * <p>Lenient where the wire is unambiguous: non-minimal long-form lengths are accepted (BER
 * encoders exist). Strict where it is not: indefinite lengths, lengths of more than four bytes, and
 * bytes after the outermost element are errors.
 */
final class SpnegoParser {
  private static final int TAG_APPLICATION_0 = 0x60;
  private static final int TAG_SEQUENCE = 0x30;
  private static final int TAG_OID = 0x06;
  private static final int TAG_OCTET_STRING = 0x04;
  private static final int TAG_ENUMERATED = 0x0a;
  private static final int TAG_NEG_TOKEN_INIT = 0xa0;
  private static final int TAG_NEG_TOKEN_RESP = 0xa1;
  private static final int MAX_OID_BYTES = 64;

  private SpnegoParser() {}

  /** Whether a Negotiate token starts like a GSS-API or SPNEGO token. */
  static boolean looksLikeGss(byte[] token) {
    int tag = token[0] & 0xff;
    return tag == TAG_APPLICATION_0 || tag == TAG_NEG_TOKEN_INIT || tag == TAG_NEG_TOKEN_RESP;
  }

  /** Decodes a token that starts with 0x60, 0xa0 or 0xa1. */
  static DecodeResult parse(AuthScheme scheme, byte[] buf) {
    Der der = new Der(buf);
    int tag = der.tag(0, buf.length);
    int tlv = der.header(0, buf.length);
    int end = der.end;
    if (end != buf.length) {
      throw new MalformedException(
          MalformedReason.DER_TRAILING_BYTES,
          end,
          (buf.length - end) + " bytes after the end of the token");
    }
    return switch (tag) {
      case TAG_APPLICATION_0 -> initialContextToken(scheme, der, tlv, end);
      case TAG_NEG_TOKEN_INIT -> negTokenInit(scheme, der, tlv, end);
      default -> negTokenResp(scheme, der, tlv, end);
    };
  }

  /** GSS-API InitialContextToken: [APPLICATION 0] { thisMech OID, innerContextToken ANY }. */
  private static DecodeResult initialContextToken(AuthScheme scheme, Der der, int at, int end) {
    der.expect(TAG_OID, at, end);
    int oidStart = der.header(at, end);
    int oidEnd = der.end;
    String mech = der.oid(oidStart, oidEnd);
    if (Mechanisms.SPNEGO.equals(mech)) {
      if (oidEnd == end) {
        throw new MalformedException(
            MalformedReason.DER_TRUNCATED, oidEnd, "SPNEGO token without a NegTokenInit");
      }
      der.expect(TAG_NEG_TOKEN_INIT, oidEnd, end);
      int inner = der.header(oidEnd, end);
      if (der.end != end) {
        throw new MalformedException(
            MalformedReason.DER_TRAILING_BYTES, der.end, "bytes after the NegTokenInit");
      }
      return negTokenInit(scheme, der, inner, end);
    }
    if (Mechanisms.NTLMSSP.equals(mech)) {
      // A bare GSS-API-framed NTLMSSP token: legal, rare. A broken one is a malformed NTLM message
      // (as in innerToken), not "another mechanism" named NTLM.
      return new DecodeResult.Ntlm(
          scheme, Wrapping.RAW, null, NtlmParser.parse(der.buf, oidEnd, end));
    }
    return new DecodeResult.OtherMechanism(scheme, mech, null);
  }

  /**
   * NegTokenInit ::= SEQUENCE { mechTypes [0], reqFlags [1], mechToken [2], mechListMIC [3] }; the
   * NegTokenInit2 of MS-SPNG adds negHints [3] and moves mechListMIC to [4].
   */
  private static DecodeResult negTokenInit(AuthScheme scheme, Der der, int at, int end) {
    der.expect(TAG_SEQUENCE, at, end);
    int p = der.header(at, end);
    int seqEnd = der.end;
    requireEnd(der, seqEnd, end, "NegTokenInit");
    List<String> mechTypes = null;
    int tokenStart = -1;
    int tokenEnd = -1;
    boolean mic = false;
    while (p < seqEnd) {
      int tag = der.tag(p, seqEnd);
      int content = der.header(p, seqEnd);
      int next = der.end;
      switch (tag) {
        case 0xa0 -> mechTypes = mechTypes(der, content, next);
        case 0xa2 -> {
          der.expect(TAG_OCTET_STRING, content, next);
          tokenStart = der.header(content, next);
          tokenEnd = der.end;
          requireEnd(der, tokenEnd, next, "mechToken");
        }
        case 0xa3, 0xa4 -> mic |= der.tag(content, next) == TAG_OCTET_STRING;
        default -> {
          // reqFlags [1] and anything an extension adds: skipped, not descended into.
        }
      }
      p = next;
    }
    if (mechTypes == null || mechTypes.isEmpty()) {
      throw new MalformedException(
          MalformedReason.SPNEGO_EMPTY_MECH_TYPES, at, "NegTokenInit offers no mechanism");
    }
    SpnegoInfo info = new SpnegoInfo(mechTypes, null, null, mic);
    if (tokenStart < 0) {
      return new DecodeResult.NoToken(scheme, info);
    }
    return innerToken(
        scheme, der, tokenStart, tokenEnd, Wrapping.SPNEGO_INIT, info, mechTypes.get(0));
  }

  /**
   * NegTokenResp ::= SEQUENCE { negState [0] ENUMERATED, supportedMech [1] OID, responseToken [2],
   * mechListMIC [3] }.
   */
  private static DecodeResult negTokenResp(AuthScheme scheme, Der der, int at, int end) {
    der.expect(TAG_SEQUENCE, at, end);
    int p = der.header(at, end);
    int seqEnd = der.end;
    requireEnd(der, seqEnd, end, "NegTokenResp");
    SpnegoInfo.NegState negState = null;
    String supportedMech = null;
    int tokenStart = -1;
    int tokenEnd = -1;
    boolean mic = false;
    while (p < seqEnd) {
      int tag = der.tag(p, seqEnd);
      int content = der.header(p, seqEnd);
      int next = der.end;
      switch (tag) {
        case 0xa0 -> negState = negState(der, content, next);
        case 0xa1 -> {
          der.expect(TAG_OID, content, next);
          int oid = der.header(content, next);
          supportedMech = der.oid(oid, der.end);
        }
        case 0xa2 -> {
          der.expect(TAG_OCTET_STRING, content, next);
          tokenStart = der.header(content, next);
          tokenEnd = der.end;
          requireEnd(der, tokenEnd, next, "responseToken");
        }
        case 0xa3 -> mic = der.tag(content, next) == TAG_OCTET_STRING;
        default -> {}
      }
      p = next;
    }
    SpnegoInfo info = new SpnegoInfo(List.of(), negState, supportedMech, mic);
    if (tokenStart < 0) {
      return new DecodeResult.NoToken(scheme, info);
    }
    return innerToken(
        scheme, der, tokenStart, tokenEnd, Wrapping.SPNEGO_RESPONSE, info, supportedMech);
  }

  /** The mechToken/responseToken: NTLMSSP is decoded, any other mechanism is named. */
  private static DecodeResult innerToken(
      AuthScheme scheme,
      Der der,
      int start,
      int end,
      Wrapping wrapping,
      SpnegoInfo info,
      String mech) {
    if (start == end) {
      throw new MalformedException(
          MalformedReason.SPNEGO_EMPTY_TOKEN, start, "SPNEGO inner token of zero bytes");
    }
    if (NtlmParser.hasSignature(der.buf, start, end) || Mechanisms.NTLMSSP.equals(mech)) {
      // A token claiming to be NTLM gets the NTLM parser, which says exactly what is wrong with a
      // broken one. The message keeps the bytes it is parsed from: a copy that ends with it, so
      // that offsets stay those of the token and what follows (the mechListMIC) is not kept.
      return new DecodeResult.Ntlm(
          scheme, wrapping, info, NtlmParser.parse(Arrays.copyOf(der.buf, end), start, end));
    }
    String innerMech = mech;
    if ((der.buf[start] & 0xff) == TAG_APPLICATION_0) {
      // A GSS-API framed token names its own mechanism (a Kerberos AP-REQ does).
      int content = der.header(start, end);
      if (content < end && der.tag(content, end) == TAG_OID) {
        int oid = der.header(content, end);
        innerMech = der.oid(oid, der.end);
      }
    }
    return new DecodeResult.OtherMechanism(scheme, innerMech, info);
  }

  /** MechTypeList ::= SEQUENCE OF OID. */
  private static List<String> mechTypes(Der der, int at, int end) {
    der.expect(TAG_SEQUENCE, at, end);
    int p = der.header(at, end);
    int seqEnd = der.end;
    List<String> oids = new ArrayList<>(4);
    while (p < seqEnd) {
      der.expect(TAG_OID, p, seqEnd);
      int oid = der.header(p, seqEnd);
      oids.add(der.oid(oid, der.end));
      p = der.end;
    }
    return oids;
  }

  private static SpnegoInfo.NegState negState(Der der, int at, int end) {
    der.expect(TAG_ENUMERATED, at, end);
    int v = der.header(at, end);
    if (der.end - v != 1) {
      throw new MalformedException(
          MalformedReason.SPNEGO_BAD_NEG_STATE, v, "negState of " + (der.end - v) + " bytes");
    }
    int state = der.buf[v] & 0xff;
    SpnegoInfo.NegState[] states = SpnegoInfo.NegState.values();
    if (state >= states.length) {
      throw new MalformedException(
          MalformedReason.SPNEGO_BAD_NEG_STATE, v, "negState " + state + " is not 0 to 3");
    }
    return states[state];
  }

  private static void requireEnd(Der der, int actual, int expected, String what) {
    if (actual != expected) {
      throw new MalformedException(
          MalformedReason.DER_TRAILING_BYTES, actual, "bytes after the " + what);
    }
  }

  /** A DER cursor over one buffer. {@link #header} returns the content start, sets {@link #end}. */
  private static final class Der {
    final byte[] buf;
    int end;

    Der(byte[] buf) {
      this.buf = buf;
    }

    int tag(int at, int limit) {
      if (at >= limit) {
        throw new MalformedException(MalformedReason.DER_TRUNCATED, at, "element missing");
      }
      return buf[at] & 0xff;
    }

    void expect(int tag, int at, int limit) {
      int actual = tag(at, limit);
      if (actual != tag) {
        throw new MalformedException(
            MalformedReason.DER_UNEXPECTED_TAG,
            at,
            String.format("tag 0x%02x where 0x%02x belongs", actual, tag));
      }
    }

    /**
     * Reads the identifier and length at {@code at}, checks the element fits before {@code limit},
     * sets {@link #end} to its end and returns where its content starts.
     */
    int header(int at, int limit) {
      tag(at, limit);
      if ((buf[at] & 0x1f) == 0x1f) {
        throw new MalformedException(
            MalformedReason.DER_UNEXPECTED_TAG,
            at,
            "multi-byte tag numbers do not occur in SPNEGO");
      }
      int p = at + 1;
      if (p >= limit) {
        throw new MalformedException(MalformedReason.DER_TRUNCATED, p, "length missing");
      }
      int first = buf[p++] & 0xff;
      long length;
      if (first < 0x80) {
        length = first;
      } else if (first == 0x80) {
        throw new MalformedException(
            MalformedReason.DER_INDEFINITE_LENGTH, p - 1, "indefinite length");
      } else {
        int count = first & 0x7f;
        if (count > 4) {
          throw new MalformedException(
              MalformedReason.DER_LENGTH_TOO_LONG, p - 1, count + "-byte length");
        }
        if (limit - p < count) {
          throw new MalformedException(MalformedReason.DER_TRUNCATED, p, "length cut short");
        }
        length = 0;
        for (int i = 0; i < count; i++) {
          length = length << 8 | (buf[p++] & 0xff);
        }
        if (length > Integer.MAX_VALUE) {
          throw new MalformedException(
              MalformedReason.DER_LENGTH_TOO_LONG, at + 1, "length " + length);
        }
      }
      if (length > limit - p) {
        throw new MalformedException(
            MalformedReason.DER_TRUNCATED,
            at,
            "element of " + length + " bytes where " + (limit - p) + " remain");
      }
      end = p + (int) length;
      return p;
    }

    /** The OID in {@code buf[start, end)} in dotted form. */
    String oid(int start, int end) {
      int length = end - start;
      if (length == 0 || length > MAX_OID_BYTES) {
        throw new MalformedException(
            MalformedReason.DER_BAD_OID, start, "object identifier of " + length + " bytes");
      }
      if ((buf[end - 1] & 0x80) != 0) {
        throw new MalformedException(
            MalformedReason.DER_BAD_OID, end - 1, "object identifier ends inside an arc");
      }
      String known = knownOid(start, length);
      if (known != null) {
        return known;
      }
      StringBuilder s = new StringBuilder(length * 3);
      long arc = 0;
      boolean first = true;
      for (int i = start; i < end; i++) {
        int b = buf[i] & 0xff;
        if (arc > (Long.MAX_VALUE >>> 7)) {
          throw new MalformedException(MalformedReason.DER_BAD_OID, i, "arc above 2^63 - 1");
        }
        arc = arc << 7 | (b & 0x7f);
        if ((b & 0x80) != 0) {
          continue;
        }
        if (first) {
          // The first subidentifier packs two arcs: 40 * X + Y, X in 0..2.
          int x = arc < 40 ? 0 : arc < 80 ? 1 : 2;
          s.append(x).append('.').append(arc - 40L * x);
          first = false;
        } else {
          s.append('.').append(arc);
        }
        arc = 0;
      }
      return s.toString();
    }

    private String knownOid(int start, int length) {
      for (int k = 0; k < KNOWN_OIDS.length; k++) {
        byte[] bytes = KNOWN_OID_BYTES[k];
        if (bytes.length == length
            && java.util.Arrays.equals(buf, start, start + length, bytes, 0, length)) {
          return KNOWN_OIDS[k];
        }
      }
      return null;
    }
  }

  private static final String[] KNOWN_OIDS = {
    Mechanisms.SPNEGO,
    Mechanisms.NTLMSSP,
    Mechanisms.KERBEROS,
    Mechanisms.KERBEROS_MICROSOFT,
    Mechanisms.KERBEROS_U2U,
    Mechanisms.NEGOEX
  };

  private static final byte[][] KNOWN_OID_BYTES = {
    {0x2b, 0x06, 0x01, 0x05, 0x05, 0x02},
    {0x2b, 0x06, 0x01, 0x04, 0x01, (byte) 0x82, 0x37, 0x02, 0x02, 0x0a},
    {0x2a, (byte) 0x86, 0x48, (byte) 0x86, (byte) 0xf7, 0x12, 0x01, 0x02, 0x02},
    {0x2a, (byte) 0x86, 0x48, (byte) 0x82, (byte) 0xf7, 0x12, 0x01, 0x02, 0x02},
    {0x2a, (byte) 0x86, 0x48, (byte) 0x86, (byte) 0xf7, 0x12, 0x01, 0x02, 0x02, 0x03},
    {0x2b, 0x06, 0x01, 0x04, 0x01, (byte) 0x82, 0x37, 0x02, 0x02, 0x1e}
  };
}
