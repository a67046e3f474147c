package io.github.ntlmaffinity.wire;

import static java.nio.charset.StandardCharsets.ISO_8859_1;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;

/**
 * Decodes NTLMSSP messages (MS-NLMP 2.2.1) from {@code buf[start, end)}, which the caller gives up:
 * a message keeps {@code buf} to decode its names and AV pairs from when asked, and the parser
 * zeroes the secrets in it (LM and NT responses' secret parts, session key, MIC) and the values of
 * opaque AV pairs. Every read is bounds-checked against the message; every length comes from the
 * buffer's real size, so nothing is allocated by a length the input declares. Error offsets are
 * absolute indexes into {@code buf}, i.e. byte offsets into the decoded header token.
 *
 * <p>A payload field (MS-NLMP 2.2.2: uint16 length, uint16 maxLength, uint32 offset) is read into a
 * {@code long}: offset in the high half, length in the low half. MaxLength is ignored, as the
 * specification says receivers must.
 */
final class NtlmParser {
  private static final VarHandle LE16 =
      MethodHandles.byteArrayViewVarHandle(short[].class, ByteOrder.LITTLE_ENDIAN);
  private static final VarHandle LE32 =
      MethodHandles.byteArrayViewVarHandle(int[].class, ByteOrder.LITTLE_ENDIAN);
  private static final VarHandle LE64 =
      MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);
  private static final VarHandle BE64 =
      MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.BIG_ENDIAN);

  static final int SIGNATURE_LENGTH = 8;
  private static final byte[] SIGNATURE = {'N', 'T', 'L', 'M', 'S', 'S', 'P', 0};
  private static final long SIGNATURE_VALUE = u64le(SIGNATURE, 0);
  private static final long NO_FIELD = -1L;
  private static final int BLOB_HEADER = 28;
  private static final int NT_PROOF_STR = 16;

  private NtlmParser() {}

  /** Whether {@code buf[start, end)} begins with the NTLMSSP signature. */
  static boolean hasSignature(byte[] buf, int start, int end) {
    return end - start >= SIGNATURE_LENGTH && u64le(buf, start) == SIGNATURE_VALUE;
  }

  static NtlmMessage parse(byte[] buf, int start, int end) {
    // The byte-by-byte check names the first byte that is wrong; a good signature skips it.
    for (int i = hasSignature(buf, start, end) ? SIGNATURE_LENGTH : 0; i < SIGNATURE_LENGTH; i++) {
      if (start + i >= end) {
        throw malformed(MalformedReason.NTLM_TRUNCATED, end, "ends inside the NTLMSSP signature");
      }
      if (buf[start + i] != SIGNATURE[i]) {
        throw malformed(
            MalformedReason.NTLM_BAD_SIGNATURE, start + i, "does not start with NTLMSSP\\0");
      }
    }
    if (end - start < 12) {
      throw malformed(MalformedReason.NTLM_TRUNCATED, end, "ends before the MessageType");
    }
    int type = u32(buf, start + 8);
    return switch (type) {
      case 1 -> negotiate(buf, start, end);
      case 2 -> challenge(buf, start, end);
      case 3 -> authenticate(buf, start, end);
      default ->
          throw malformed(
              MalformedReason.NTLM_UNKNOWN_MESSAGE_TYPE,
              start + 8,
              "MessageType " + Integer.toUnsignedString(type) + " is not 1, 2 or 3");
    };
  }

  // ---- Type-1 -----------------------------------------------------------------------------

  private static NegotiateMessage negotiate(byte[] buf, int start, int end) {
    int length = end - start;
    if (length < 16) {
      throw malformed(
          MalformedReason.NTLM_TRUNCATED, end, "NEGOTIATE of " + length + " bytes, at least 16");
    }
    int flags = u32(buf, start + 12);
    if (length < 32) {
      // The oldest clients send signature, type and flags only.
      return new NegotiateMessage(flags, "", "", null);
    }
    long domain = field(buf, start, end, 16);
    long workstation = field(buf, start, end, 24);
    int header = headerLength(headerLength(length, domain), workstation);
    requirePayloadAfter(32, start, domain);
    requirePayloadAfter(32, start, workstation);
    requireDisjoint(start, domain, workstation);
    OsVersion version = header >= 40 ? version(buf, start + 32, flags) : null;
    // MS-NLMP 2.2.1.1: both names are in the OEM character set.
    return new NegotiateMessage(
        flags, oem(buf, start, domain), oem(buf, start, workstation), version);
  }

  // ---- Type-2 -----------------------------------------------------------------------------

  private static ChallengeMessage challenge(byte[] buf, int start, int end) {
    int length = end - start;
    if (length < 32) {
      throw malformed(
          MalformedReason.NTLM_TRUNCATED, end, "CHALLENGE of " + length + " bytes, at least 32");
    }
    long targetName = field(buf, start, end, 12);
    int flags = u32(buf, start + 20);
    long serverChallenge = u64be(buf, start + 24);
    requirePayloadAfter(32, start, targetName);
    // The legacy 32- and 40-byte layouts have no TargetInfo field: a target name payload below 48
    // also tells us the header is one of those.
    int header = headerLength(length, targetName);
    long targetInfoField = NO_FIELD;
    if (header >= 48) {
      targetInfoField = field(buf, start, end, 40);
      requirePayloadAfter(48, start, targetInfoField);
      header = headerLength(header, targetInfoField);
      requireDisjoint(start, targetName, targetInfoField);
    }
    OsVersion version = header >= 56 ? version(buf, start + 48, flags) : null;
    String target = string(buf, start, targetName, isUnicode(flags));
    TargetInfo targetInfo = TargetInfo.EMPTY;
    if (targetInfoField != NO_FIELD && len(targetInfoField) > 0) {
      int from = start + off(targetInfoField);
      targetInfo = avPairs(buf, from, from + len(targetInfoField));
    }
    return new ChallengeMessage(flags, target, serverChallenge, targetInfo, version);
  }

  // ---- Type-3 -----------------------------------------------------------------------------

  private static AuthenticateMessage authenticate(byte[] buf, int start, int end) {
    int length = end - start;
    if (length < 52) {
      throw malformed(
          MalformedReason.NTLM_TRUNCATED, end, "AUTHENTICATE of " + length + " bytes, at least 52");
    }
    long lm = field(buf, start, end, 12);
    long nt = field(buf, start, end, 20);
    long domain = field(buf, start, end, 28);
    long user = field(buf, start, end, 36);
    long workstation = field(buf, start, end, 44);
    // One array for the checks over all payloads; the session key's slot is filled below.
    long[] payloads = {lm, nt, domain, user, workstation, NO_FIELD};
    requirePayloadAfter(52, start, payloads);
    // Old clients end the header early: the lowest payload offset says which fields exist.
    int header = headerLength(length, payloads);
    long sessionKey = NO_FIELD;
    if (header >= 60) {
      sessionKey = field(buf, start, end, 52);
      requirePayloadAfter(60, start, sessionKey);
      header = headerLength(header, sessionKey);
      payloads[5] = sessionKey;
    }
    requireDisjoint(start, payloads);
    int flags = header >= 64 ? u32(buf, start + 60) : 0;
    OsVersion version = header >= 72 ? version(buf, start + 64, flags) : null;
    boolean mic = header >= 88;
    // Without a flags field the strings say it: an odd length cannot be UTF-16.
    boolean unicode =
        header >= 64 ? isUnicode(flags) : ((len(domain) | len(user) | len(workstation)) & 1) == 0;
    int fixedHeader = mic ? 88 : header >= 72 ? 72 : header >= 64 ? 64 : header >= 60 ? 60 : 52;

    if (unicode) {
      requireEvenLength(start, domain);
      requireEvenLength(start, user);
      requireEvenLength(start, workstation);
    }

    int lmLength = len(lm);
    int ntLength = len(nt);
    ResponseKind kind;
    Ntlmv2Response ntlmv2 = null;
    if (ntLength == 0) {
      kind = lmLength == 24 ? ResponseKind.LM_ONLY : ResponseKind.ANONYMOUS;
    } else if (ntLength == 24) {
      kind =
          NegotiateFlag.NEGOTIATE_EXTENDED_SESSIONSECURITY.isSet(flags)
              ? ResponseKind.NTLM2_SESSION
              : ResponseKind.NTLMV1;
    } else if (ntLength < 24) {
      throw malformed(
          MalformedReason.NTLM_BAD_RESPONSE_LENGTH,
          start + 20,
          "NtChallengeResponse of " + ntLength + " bytes");
    } else if (ntLength < NT_PROOF_STR + BLOB_HEADER) {
      throw malformed(
          MalformedReason.NTLMV2_RESPONSE_TOO_SHORT,
          start + 20,
          "NTLMv2 response of " + ntLength + " bytes, at least " + (NT_PROOF_STR + BLOB_HEADER));
    } else {
      kind = ResponseKind.NTLMV2;
      ntlmv2 = ntlmv2(buf, start + off(nt), start + off(nt) + ntLength);
    }
    // The message keeps buf for its names and AV pairs: the secrets in it go now.
    zero(buf, start, lm);
    if (kind == ResponseKind.NTLMV2) {
      zero(buf, start + off(nt), start + off(nt) + NT_PROOF_STR);
    } else {
      zero(buf, start, nt);
    }
    zero(buf, start, sessionKey);
    if (mic) {
      zero(buf, start + 72, start + 88);
    }
    return new AuthenticateMessage(
        flags,
        buf,
        absolute(start, domain),
        absolute(start, user),
        absolute(start, workstation),
        unicode,
        lmLength,
        ntLength,
        sessionKey == NO_FIELD ? 0 : len(sessionKey),
        fixedHeader,
        mic,
        version,
        kind,
        ntlmv2);
  }

  /** The NTLMv2 response at {@code buf[from, to)}: skip the NTProofStr, read the blob. */
  private static Ntlmv2Response ntlmv2(byte[] buf, int from, int to) {
    int blob = from + NT_PROOF_STR;
    int respType = buf[blob] & 0xff;
    int hiRespType = buf[blob + 1] & 0xff;
    long clientTimestamp = u64le(buf, blob + 8);
    long clientChallenge = u64be(buf, blob + 16);
    TargetInfo pairs = avPairs(buf, blob + BLOB_HEADER, to);
    return new Ntlmv2Response(respType, hiRespType, clientTimestamp, clientChallenge, pairs);
  }

  // ---- AV pairs ---------------------------------------------------------------------------

  /**
   * The AV pair list in {@code buf[from, to)}, up to MsvAvEOL. Bytes after MsvAvEOL are padding and
   * ignored (NTLMv2 blobs end with reserved zero bytes).
   *
   * <p>The list is checked whole here, in one walk that zeroes the values kept by length only (they
   * identify a machine or bind a channel); the {@link TargetInfo} decodes a value from {@code buf}
   * when it is asked for.
   */
  static TargetInfo avPairs(byte[] buf, int from, int to) {
    int count = 0;
    int p = from;
    while (true) {
      if (p == to) {
        throw malformed(MalformedReason.AV_LIST_UNTERMINATED, p, "AV pair list without MsvAvEOL");
      }
      if (to - p < 4) {
        throw malformed(MalformedReason.AV_PAIR_TRUNCATED, p, "AV pair header runs past the list");
      }
      int id = u16(buf, p);
      int length = u16(buf, p + 2);
      int value = p + 4;
      if (id == AvPair.EOL) {
        if (length != 0) {
          throw malformed(
              MalformedReason.AV_PAIR_BAD_LENGTH, p + 2, "MsvAvEOL of length " + length);
        }
        return count == 0 ? TargetInfo.EMPTY : new TargetInfo(buf, from, p, count);
      }
      if (length > to - value) {
        throw malformed(
            MalformedReason.AV_PAIR_TRUNCATED,
            p + 2,
            AvPair.nameOf(id) + " of " + length + " bytes runs past the list");
      }
      if (count == NtlmDecoder.MAX_AV_PAIRS) {
        throw malformed(
            MalformedReason.AV_PAIR_LIMIT,
            p,
            "more than " + NtlmDecoder.MAX_AV_PAIRS + " AV pairs");
      }
      if (!checkAvPair(p, id, length)) {
        zero(buf, value, value + length);
      }
      count++;
      p = value + length;
    }
  }

  /** Zeroes the payload of {@code field} in the message at {@code start}, if it has one. */
  private static void zero(byte[] buf, int start, long field) {
    if (isPayload(field)) {
      zero(buf, start + off(field), start + off(field) + len(field));
    }
  }

  /** Zeroes {@code buf[from, to)}, eight bytes at a time: cheaper than a call for a few bytes. */
  private static void zero(byte[] buf, int from, int to) {
    int i = from;
    for (; i + 8 <= to; i += 8) {
      LE64.set(buf, i, 0L);
    }
    for (; i < to; i++) {
      buf[i] = 0;
    }
  }

  /**
   * Checks a pair's length against its id; returns whether the value is decoded, {@code false} for
   * a pair kept as {@link AvPair.Opaque}.
   */
  private static boolean checkAvPair(int p, int id, int length) {
    switch (id) {
      case AvPair.NB_COMPUTER_NAME,
          AvPair.NB_DOMAIN_NAME,
          AvPair.DNS_COMPUTER_NAME,
          AvPair.DNS_DOMAIN_NAME,
          AvPair.DNS_TREE_NAME,
          AvPair.TARGET_NAME -> {
        if ((length & 1) != 0) {
          throw malformed(
              MalformedReason.NTLM_ODD_UNICODE_LENGTH,
              p + 2,
              AvPair.nameOf(id) + " of odd length " + length);
        }
        return true;
      }
      case AvPair.FLAGS -> {
        requireAvLength(p, id, length, 4);
        return true;
      }
      case AvPair.TIMESTAMP -> {
        requireAvLength(p, id, length, 8);
        return true;
      }
      default -> {
        // Kept by id and length only: any length is fine.
        return false;
      }
    }
  }

  private static void requireAvLength(int p, int id, int length, int expected) {
    if (length != expected) {
      throw malformed(
          MalformedReason.AV_PAIR_BAD_LENGTH,
          p + 2,
          AvPair.nameOf(id) + " of " + length + " bytes, must be " + expected);
    }
  }

  // ---- fields -----------------------------------------------------------------------------

  /**
   * Reads the field descriptor at {@code start + at} and checks that its payload lies inside the
   * message, in 64-bit arithmetic so that an offset near 2^32 cannot wrap (CVE-2018-16890).
   */
  private static long field(byte[] buf, int start, int end, int at) {
    int length = u16(buf, start + at);
    long offset = u32(buf, start + at + 4) & 0xffffffffL;
    if (length > 0 && offset + length > end - start) {
      throw malformed(
          MalformedReason.NTLM_FIELD_OUT_OF_BOUNDS,
          start + at,
          "field at "
              + at
              + ": "
              + length
              + " bytes at offset "
              + offset
              + " past the end ("
              + (end - start)
              + " bytes)");
    }
    // An empty field's offset is meaningless (MS-NLMP lets senders put anything there).
    return length == 0 ? 0L : offset << 32 | length;
  }

  private static int len(long field) {
    return (int) (field & 0xffff);
  }

  private static int off(long field) {
    return (int) (field >>> 32);
  }

  // Single-field and array forms rather than varargs: an array per call is allocated on every
  // message, and these run on every NTLM request.

  /** The header length: the lowest offset of any non-empty payload, at most {@code limit}. */
  private static int headerLength(int limit, long field) {
    return isPayload(field) && off(field) < limit ? off(field) : limit;
  }

  private static int headerLength(int limit, long[] fields) {
    int header = limit;
    for (long f : fields) {
      header = headerLength(header, f);
    }
    return header;
  }

  private static boolean isPayload(long field) {
    return field != NO_FIELD && len(field) > 0;
  }

  private static void requirePayloadAfter(int minimum, int start, long field) {
    if (isPayload(field) && off(field) < minimum) {
      throw malformed(
          MalformedReason.NTLM_FIELD_OVERLAPS_HEADER,
          start + off(field),
          "payload at offset " + off(field) + " lies inside the " + minimum + "-byte header");
    }
  }

  private static void requirePayloadAfter(int minimum, int start, long[] fields) {
    for (long f : fields) {
      requirePayloadAfter(minimum, start, f);
    }
  }

  /**
   * Checks that no two payloads overlap. Sorts {@code fields} in place by offset (the high half),
   * then compares each payload with the one before it: while none overlap, each ends before the
   * next begins. An overlap is reported at the later of the two offsets.
   */
  private static void requireDisjoint(int start, long[] fields) {
    for (int i = 1; i < fields.length; i++) {
      long f = fields[i];
      int j = i - 1;
      for (; j >= 0 && fields[j] > f; j--) {
        fields[j + 1] = fields[j];
      }
      fields[j + 1] = f;
    }
    long previous = NO_FIELD;
    for (long f : fields) {
      if (isPayload(f)) {
        requireDisjoint(start, previous, f);
        previous = f;
      }
    }
  }

  private static void requireDisjoint(int start, long a, long b) {
    if (isPayload(a) && isPayload(b) && off(a) < off(b) + len(b) && off(b) < off(a) + len(a)) {
      throw malformed(
          MalformedReason.NTLM_FIELDS_OVERLAP,
          start + Math.max(off(a), off(b)),
          "payloads at offsets " + off(a) + " and " + off(b) + " overlap");
    }
  }

  private static boolean isUnicode(int flags) {
    // MS-NLMP 2.2.2.5: UNICODE wins when both UNICODE and OEM are set.
    return NegotiateFlag.NEGOTIATE_UNICODE.isSet(flags);
  }

  /** The string in {@code field} of the message at {@code start}: UTF-16LE or OEM. */
  static String string(byte[] buf, int start, long field, boolean unicode) {
    return unicode ? utf16(buf, start, field) : oem(buf, start, field);
  }

  /** {@code field} with its offset from the start of {@code buf}, not of the message. */
  private static long absolute(int start, long field) {
    return len(field) == 0 ? 0L : (long) (start + off(field)) << 32 | len(field);
  }

  private static void requireEvenLength(int start, long field) {
    if ((len(field) & 1) != 0) {
      throw malformed(
          MalformedReason.NTLM_ODD_UNICODE_LENGTH,
          start + off(field),
          "UTF-16 string of odd length " + len(field));
    }
  }

  private static String utf16(byte[] buf, int start, long field) {
    int length = len(field);
    if (length == 0) {
      return "";
    }
    requireEvenLength(start, field);
    return utf16le(buf, start + off(field), length);
  }

  /**
   * {@code buf[from, from + length)} as UTF-16LE, from the {@link NameCache} when the same bytes
   * were decoded recently.
   */
  static String utf16le(byte[] buf, int from, int length) {
    if (length > NameCache.MAX_BYTES) {
      return decodeUtf16le(buf, from, length);
    }
    int hash = NameCache.hash(NameCache.NAME, buf, from, length);
    NameCache.Entry kept = NameCache.find(hash, NameCache.NAME, buf, from, length);
    if (kept != null) {
      return kept.name();
    }
    String name = decodeUtf16le(buf, from, length);
    NameCache.put(hash, NameCache.NAME, buf, from, length, name, null);
    return name;
  }

  /** The name-valued AV pair {@code id} with the value {@code buf[from, from + length)}. */
  static AvPair.Text text(int id, byte[] buf, int from, int length) {
    if (length > NameCache.MAX_BYTES) {
      return new AvPair.Text(id, length, decodeUtf16le(buf, from, length));
    }
    int hash = NameCache.hash(id, buf, from, length);
    NameCache.Entry kept = NameCache.find(hash, id, buf, from, length);
    if (kept != null) {
      return kept.text();
    }
    AvPair.Text text = new AvPair.Text(id, length, utf16le(buf, from, length));
    NameCache.put(hash, id, buf, from, length, text.value(), text);
    return text;
  }

  /**
   * {@code buf[from, from + length)} as UTF-16LE, each unpaired surrogate replaced by U+FFFD alone.
   * The JDK's decoder also swallows the unit after a lone high surrogate ({@code D800 0041} gives
   * {@code FFFD}, not {@code FFFD A}), which would drop a real character from a name.
   */
  private static String decodeUtf16le(byte[] buf, int from, int length) {
    char[] chars = new char[length / 2];
    for (int i = 0; i < chars.length; i++) {
      chars[i] = (char) u16(buf, from + 2 * i);
    }
    for (int i = 0; i < chars.length; i++) {
      if (Character.isHighSurrogate(chars[i])
          && i + 1 < chars.length
          && Character.isLowSurrogate(chars[i + 1])) {
        i++;
      } else if (Character.isSurrogate(chars[i])) {
        chars[i] = '\uFFFD';
      }
    }
    return new String(chars);
  }

  /**
   * OEM strings are in the client's code page, which the message does not name; Latin-1 keeps every
   * byte distinct and is exact for ASCII names.
   */
  private static String oem(byte[] buf, int start, long field) {
    int length = len(field);
    return length == 0 ? "" : new String(buf, start + off(field), length, ISO_8859_1);
  }

  /**
   * The VERSION structure at {@code at}, or {@code null} when NEGOTIATE_VERSION is clear (MS-NLMP
   * 2.2.1: the field is populated only then; servers leave stale bytes there otherwise) or the
   * bytes are all zeros. The layout still decides where the header ends.
   */
  private static OsVersion version(byte[] buf, int at, int flags) {
    if (!NegotiateFlag.NEGOTIATE_VERSION.isSet(flags) || u64le(buf, at) == 0) {
      return null;
    }
    return new OsVersion(buf[at] & 0xff, buf[at + 1] & 0xff, u16(buf, at + 2), buf[at + 7] & 0xff);
  }

  // ---- reads; callers have checked bounds, each is one load through a byte-array view ------

  static int u16(byte[] buf, int at) {
    return (short) LE16.get(buf, at) & 0xffff;
  }

  static int u32(byte[] buf, int at) {
    return (int) LE32.get(buf, at);
  }

  static long u64le(byte[] buf, int at) {
    return (long) LE64.get(buf, at);
  }

  static long u64be(byte[] buf, int at) {
    return (long) BE64.get(buf, at);
  }

  private static MalformedException malformed(MalformedReason reason, int offset, String detail) {
    return new MalformedException(reason, offset, detail);
  }
}
