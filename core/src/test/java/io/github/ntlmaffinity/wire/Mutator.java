package io.github.ntlmaffinity.wire;

import java.util.List;
import java.util.SplittableRandom;

/**
 * Seeded, structure-aware mutations of NTLM and SPNEGO tokens: the bug classes of real NTLM parsers
 * (field descriptors rewritten to boundary values, 32-bit offset wraps, overlapping fields, AV pair
 * ids and lengths, floods of tiny AV pairs, DER length and tag rewrites, NTLM re-wrapped in SPNEGO
 * with odd length encodings) plus blind ones (bit flips, byte sets, arithmetic, splices of two
 * messages, insertions and deletions).
 *
 * <p>One instance works in one reused buffer and hands out arrays of exactly the mutated length
 * from a pool: the result of {@link #mutate} is overwritten by the next call. Not thread-safe. The
 * same seed gives the same sequence of inputs.
 */
final class Mutator {
  static final int CAPACITY = 16 * 1024;
  private static final int POOLED = 4096;

  /** Field descriptors by message type (1, 2, 3): uint16 len, uint16 maxLen, uint32 offset. */
  private static final int[][] DESCRIPTORS = {{}, {16, 24}, {12, 40}, {12, 20, 28, 36, 44, 52}};

  private static final byte[] OID_SPNEGO = {0x2b, 0x06, 0x01, 0x05, 0x05, 0x02};
  private static final byte[] OID_NTLMSSP = {
    0x2b, 0x06, 0x01, 0x04, 0x01, (byte) 0x82, 0x37, 0x02, 0x02, 0x0a
  };
  private static final byte[] OID_KERBEROS = {
    0x2a, (byte) 0x86, 0x48, (byte) 0x86, (byte) 0xf7, 0x12, 0x01, 0x02, 0x02
  };
  private static final int[] DER_TAGS = {
    0x30, 0x04, 0x06, 0x0a, 0x60, 0xa0, 0xa1, 0xa2, 0xa3, 0xa4, 0x1f, 0x3f, 0xff, 0x00, 0x02, 0x31
  };
  private static final int[] INTERESTING_BYTES = {0, 1, 0x7f, 0x80, 0xff, 0x20, 0x41, 0xfe};

  /** What the mutator can do; counted in {@link #applied}. */
  enum Op {
    BIT_FLIP,
    BYTE_SET,
    ARITH,
    FIELD,
    MESSAGE_TYPE,
    AV_PAIR,
    AV_FLOOD,
    DER_LENGTH,
    DER_TAG,
    SPLICE,
    INSERT,
    DELETE,
    COPY_CHUNK,
    REWRAP
  }

  final SplittableRandom random;
  final long[] applied = new long[Op.values().length];
  private final List<byte[]> donors;
  private final byte[] work = new byte[CAPACITY];
  private final byte[] spare = new byte[CAPACITY];
  private final byte[][] pool = new byte[POOLED + 1][];
  private final int[] positions = new int[512];
  private int length;

  /**
   * @param seed the random seed: the same seed gives the same inputs
   * @param donors tokens to splice in
   */
  Mutator(long seed, List<byte[]> donors) {
    this.random = new SplittableRandom(seed);
    this.donors = donors;
  }

  /**
   * A mutation of {@code seed}'s token: 1 to 4 stacked operations. Raw NTLM seeds get NTLM-aware
   * and blind operations; SPNEGO seeds either have their inner NTLM message mutated and re-wrapped
   * in a fresh SPNEGO structure, or the whole token mutated at the DER and NTLM levels.
   *
   * @return an array of exactly the mutated length, reused by the next call
   */
  byte[] mutate(FuzzSeeds.Seed seed) {
    if (seed.kind() != FuzzSeeds.Kind.SPNEGO) {
      load(seed.token());
      int n = operations();
      for (int i = 0; i < n; i++) {
        rawOp(0, length);
      }
    } else if (random.nextInt(100) < 45) {
      load(seed.ntlm());
      int n = operations();
      for (int i = 0; i < n; i++) {
        rawOp(0, length);
      }
      rewrap();
      if (random.nextInt(4) == 0) {
        spnegoOp(0, 0);
      }
    } else {
      load(seed.token());
      int n = operations();
      for (int i = 0; i < n; i++) {
        spnegoOp(seed.ntlmStart(), seed.ntlmEnd() - seed.ntlmStart());
      }
    }
    return result();
  }

  private static final char[] HEADER_CHARS = {
    '=', '-', '_', '+', '/', ' ', '\t', ',', '"', '\\', '\u00e9', '\u0130', '\ud800', '\udc00',
    '\u0000', '\u00a0', '\r', '\n', 'A', 'z', '0', '.', '~', ';'
  };
  private static final String[] HEADER_PIECES = {
    "=",
    "==",
    "===",
    " ",
    "  ",
    "\t",
    ", ",
    ",",
    "NTLM",
    "Negotiate",
    ", NTLM ",
    "Basic realm=\"x\"",
    "realm=",
    "\"",
    "a=b, ",
    "NTLM ",
    "Negotiate, NTLM",
    "TlRMTVNTUAAB",
    "YII",
    "oYI",
    "\u00e9\u00e9",
    // Surrogate pairs: one character each in a Latin-1 copy of the header, two in the string.
    "\ud83d\ude00",
    "\ud83d\ude00AA"
  };

  /**
   * A mutation of a header value into {@code out}: characters replaced, inserted or deleted
   * (padding, URL-safe and non-ASCII characters, separators, quotes), pieces of other challenges
   * inserted, the scheme changed, the value truncated, doubled, or its token grown past {@link
   * NtlmDecoder#MAX_TOKEN_CHARS}.
   */
  void mutateHeader(String header, StringBuilder out) {
    out.setLength(0);
    out.append(header);
    int n = operations();
    for (int i = 0; i < n; i++) {
      int len = out.length();
      int at = random.nextInt(len + 1);
      switch (random.nextInt(10)) {
        case 0, 1 -> {
          if (at < len) {
            out.setCharAt(at, headerChar());
          }
        }
        case 2 -> out.insert(at, headerChar());
        case 3 -> out.insert(at, HEADER_PIECES[random.nextInt(HEADER_PIECES.length)]);
        case 4 -> out.delete(at, Math.min(len, at + 1 + random.nextInt(8)));
        case 5 -> out.setLength(at);
        case 6 -> {
          String[] schemes = {"ntlm", "NEGOTIATE", "Basic", "Negotiate2", "", "NTLM,", "Bearer"};
          int space = out.indexOf(" ");
          out.replace(0, space < 0 ? 0 : space, schemes[random.nextInt(schemes.length)]);
        }
        case 7 -> out.append(", ").append(header);
        case 8 -> {
          if (random.nextInt(1000) == 0) {
            int target = NtlmDecoder.MAX_TOKEN_CHARS - 4 + random.nextInt(9);
            int space = Math.max(0, out.indexOf(" ") + 1);
            while (out.length() - space < target) {
              out.append('A');
            }
          } else if (at < len) {
            out.setCharAt(at, (char) random.nextInt(0x80));
          }
        }
        default -> {
          if (at < len) {
            out.setCharAt(at, (char) random.nextInt(0x10000));
          }
        }
      }
    }
  }

  private char headerChar() {
    return HEADER_CHARS[random.nextInt(HEADER_CHARS.length)];
  }

  private int operations() {
    int r = random.nextInt(100);
    return r < 60 ? 1 : r < 85 ? 2 : 3 + random.nextInt(2);
  }

  private void load(byte[] src) {
    System.arraycopy(src, 0, work, 0, src.length);
    length = src.length;
  }

  private byte[] result() {
    byte[] out;
    if (length <= POOLED) {
      out = pool[length];
      if (out == null) {
        out = pool[length] = new byte[length];
      }
    } else {
      out = new byte[length];
    }
    System.arraycopy(work, 0, out, 0, length);
    return out;
  }

  // ---- operation choice -------------------------------------------------------------------

  private void rawOp(int base, int msgLength) {
    int r = random.nextInt(100);
    boolean done;
    Op op;
    if (r < 25) {
      op = Op.FIELD;
      done = field(base, msgLength);
    } else if (r < 37) {
      op = Op.AV_PAIR;
      done = avPair(base, true);
    } else if (r < 38) {
      op = Op.AV_FLOOD;
      done = avFlood(base);
    } else if (r < 41) {
      op = Op.MESSAGE_TYPE;
      done = messageType(base);
    } else if (r < 56) {
      op = Op.BIT_FLIP;
      done = bitFlip();
    } else if (r < 64) {
      op = Op.BYTE_SET;
      done = byteSet();
    } else if (r < 71) {
      op = Op.ARITH;
      done = arith();
    } else if (r < 77) {
      op = Op.SPLICE;
      done = splice();
    } else if (r < 86) {
      op = Op.INSERT;
      done = insert(base, true);
    } else if (r < 95) {
      op = Op.DELETE;
      done = delete(base, true);
    } else {
      op = Op.COPY_CHUNK;
      done = copyChunk();
    }
    count(op, done);
  }

  private void spnegoOp(int ntlmBase, int ntlmLength) {
    int r = random.nextInt(100);
    boolean done;
    Op op;
    if (r < 30) {
      op = Op.DER_LENGTH;
      done = derLength();
    } else if (r < 40) {
      op = Op.DER_TAG;
      done = derTag();
    } else if (r < 52) {
      op = Op.FIELD;
      done = ntlmLength > 0 && field(ntlmBase, ntlmLength);
    } else if (r < 57) {
      op = Op.AV_PAIR;
      done = ntlmLength > 0 && avPair(ntlmBase, false);
    } else if (r < 67) {
      op = Op.BIT_FLIP;
      done = bitFlip();
    } else if (r < 72) {
      op = Op.BYTE_SET;
      done = byteSet();
    } else if (r < 77) {
      op = Op.ARITH;
      done = arith();
    } else if (r < 85) {
      op = Op.SPLICE;
      done = splice();
    } else if (r < 92) {
      op = Op.INSERT;
      done = insert(0, false);
    } else {
      op = Op.DELETE;
      done = delete(0, false);
    }
    count(op, done);
  }

  private void count(Op op, boolean done) {
    if (done) {
      applied[op.ordinal()]++;
    } else if (bitFlip()) {
      // The structure the operation needs is not there (any more): fall back to a bit flip.
      applied[Op.BIT_FLIP.ordinal()]++;
    }
  }

  // ---- blind operations -------------------------------------------------------------------

  private boolean bitFlip() {
    if (length == 0) {
      return false;
    }
    work[random.nextInt(length)] ^= (byte) (1 << random.nextInt(8));
    return true;
  }

  private boolean byteSet() {
    if (length == 0) {
      return false;
    }
    int v =
        random.nextBoolean()
            ? INTERESTING_BYTES[random.nextInt(INTERESTING_BYTES.length)]
            : random.nextInt(256);
    work[random.nextInt(length)] = (byte) v;
    return true;
  }

  private boolean arith() {
    int width = 1 << random.nextInt(3);
    if (length < width) {
      return false;
    }
    int at = random.nextInt(length - width + 1);
    int delta = (1 + random.nextInt(35)) * (random.nextBoolean() ? 1 : -1);
    switch (width) {
      case 1 -> work[at] += (byte) delta;
      case 2 -> put16(at, u16(at) + delta);
      default -> put32(at, u32(at) + delta);
    }
    return true;
  }

  /** A prefix of this token followed by a suffix of another, or a chunk of it copied over. */
  private boolean splice() {
    byte[] donor = donors.get(random.nextInt(donors.size()));
    if (random.nextBoolean()) {
      int cut = random.nextInt(length + 1);
      int from = random.nextInt(donor.length + 1);
      int n = Math.min(donor.length - from, CAPACITY - cut);
      System.arraycopy(donor, from, work, cut, n);
      length = cut + n;
    } else {
      if (length == 0) {
        return false;
      }
      int at = random.nextInt(length);
      int from = random.nextInt(donor.length);
      int n = Math.min(1 + random.nextInt(64), Math.min(length - at, donor.length - from));
      System.arraycopy(donor, from, work, at, n);
    }
    return true;
  }

  /** Inserts 1 to 32 bytes; in a raw message, sometimes with the field descriptors fixed up. */
  private boolean insert(int base, boolean fixUp) {
    int n = 1 + random.nextInt(32);
    if (length + n > CAPACITY) {
      return false;
    }
    int at = random.nextInt(length + 1);
    open(at, n);
    int kind = random.nextInt(4);
    for (int i = 0; i < n; i++) {
      work[at + i] =
          (byte)
              switch (kind) {
                case 0 -> 0;
                case 1 -> 0xff;
                case 2 -> work[(at + n + i) % length];
                default -> random.nextInt(256);
              };
    }
    if (fixUp && random.nextBoolean()) {
      fixUp(base, at, n);
    }
    return true;
  }

  /** Deletes 1 to 32 bytes; in a raw message, sometimes with the field descriptors fixed up. */
  private boolean delete(int base, boolean fixUp) {
    if (length == 0) {
      return false;
    }
    int at = random.nextInt(length);
    int n = Math.min(1 + random.nextInt(32), length - at);
    System.arraycopy(work, at + n, work, at, length - at - n);
    length -= n;
    if (fixUp && random.nextBoolean()) {
      fixUp(base, at, -n);
    }
    return true;
  }

  private boolean copyChunk() {
    if (length < 2) {
      return false;
    }
    int from = random.nextInt(length);
    int to = random.nextInt(length);
    int n = Math.min(1 + random.nextInt(32), Math.min(length - from, length - to));
    System.arraycopy(work, from, work, to, n);
    return true;
  }

  // ---- NTLM operations --------------------------------------------------------------------

  /**
   * Rewrites one field descriptor (any 4-aligned position from 12 to 84 of the message) to boundary
   * values: the length, the maxLength, the offset, both, an offset shared with another field, or an
   * offset that wraps 32 bits when the length is added.
   */
  private boolean field(int base, int msgLength) {
    int maxK = Math.min(18, (Math.min(msgLength, length - base) - 20) / 4);
    if (maxK < 0) {
      return false;
    }
    int at = base + 12 + 4 * random.nextInt(maxK + 1);
    int len = u16(at);
    int off = u32(at + 4);
    switch (random.nextInt(6)) {
      case 0 -> put16(at, lengthValue(msgLength, len));
      case 1 -> put16(at + 2, lengthValue(msgLength, u16(at + 2)));
      case 2 -> put32(at + 4, offsetValue(msgLength, off, len));
      case 3 -> {
        int newLen = lengthValue(msgLength, len);
        put16(at, newLen);
        put32(at + 4, offsetValue(msgLength, off, newLen));
      }
      case 4 -> {
        // Point at the payload of another descriptor: two fields over the same bytes.
        int other = base + 12 + 4 * random.nextInt(maxK + 1);
        put32(at + 4, u32(other + 4) + random.nextInt(5) - 2);
        if (len == 0 || random.nextBoolean()) {
          put16(at, Math.max(1, u16(other)) + random.nextInt(3) - 1);
        }
      }
      default -> {
        // offset + length wraps 2^32 to land inside the message (curl CVE-2018-16890).
        int l = len == 0 ? 1 + random.nextInt(0xffff) : len;
        put16(at, l);
        put32(at + 4, (int) (0x1_0000_0000L - l + random.nextInt(Math.max(1, msgLength))));
      }
    }
    return true;
  }

  private int lengthValue(int msgLength, int current) {
    return switch (random.nextInt(14)) {
      case 0 -> 0;
      case 1 -> 1;
      case 2 -> 2 + random.nextInt(2);
      case 3 -> 0x7fff;
      case 4 -> 0x8000;
      case 5 -> 0xfffe;
      case 6 -> 0xffff;
      case 7 -> msgLength;
      case 8 -> msgLength - 1;
      case 9 -> msgLength + 1;
      case 10 -> current + 1;
      case 11 -> current - 1;
      case 12 -> random.nextInt(64);
      default -> random.nextInt(0x10000);
    };
  }

  private int offsetValue(int msgLength, int current, int len) {
    return switch (random.nextInt(16)) {
      case 0 -> 0;
      case 1 -> 1 + random.nextInt(12);
      case 2 -> random.nextInt(89);
      case 3 -> 0x7fffffff;
      case 4 -> 0x80000000;
      case 5 -> 0xffffffff;
      case 6 -> 0xfffffffe;
      case 7 -> msgLength;
      case 8 -> msgLength - 1;
      case 9 -> msgLength + 1;
      case 10 -> msgLength - len;
      case 11 -> msgLength - len + 1;
      case 12 -> current + 1;
      case 13 -> current - 1;
      case 14 -> random.nextInt(Math.max(1, msgLength));
      default -> random.nextInt();
    };
  }

  private boolean messageType(int base) {
    if (length - base < 12) {
      return false;
    }
    int[] types = {1, 2, 3, 0, 4, -1, 0x101, 0x1000003};
    put32(base + 8, types[random.nextInt(types.length)]);
    return true;
  }

  /**
   * Rewrites one AV pair of the TargetInfo (Type-2) or of the NTLMv2 blob (Type-3): its id, its
   * length (odd, too long, wrong for Flags/Timestamp), an early or missing MsvAvEOL, or a
   * duplicate.
   */
  private boolean avPair(int base, boolean fixUp) {
    int n = avPairs(base);
    if (n <= 0) {
      return false;
    }
    int p = positions[random.nextInt(n)];
    int end = positions[n];
    switch (random.nextInt(7)) {
      case 0 -> {
        int[] ids = {0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 0xffff, 0x8000};
        put16(
            p, random.nextInt(4) == 0 ? random.nextInt(0x10000) : ids[random.nextInt(ids.length)]);
      }
      case 1 -> {
        int[] lens = {0, 1, 2, 3, 4, 5, 7, 8, 9, 12, 0x7fff, 0xffff};
        int v =
            switch (random.nextInt(4)) {
              case 0 -> end - p - 4;
              case 1 -> end - p - 3;
              default -> lens[random.nextInt(lens.length)];
            };
        put16(p + 2, v);
      }
      case 2 -> {
        // An early MsvAvEOL: the pairs after it must be ignored.
        put16(p, 0);
        put16(p + 2, random.nextInt(8) == 0 ? 1 : 0);
      }
      case 3 -> {
        // No MsvAvEOL: the last pair becomes a name, or the list ends with a truncated pair.
        int last = positions[n - 1];
        put16(last, 1 + random.nextInt(10));
        put16(last + 2, random.nextInt(3) * 2);
      }
      case 4 -> {
        // Flags or Timestamp of a wrong size.
        put16(p, random.nextBoolean() ? AvPair.FLAGS : AvPair.TIMESTAMP);
        int[] sizes = {0, 2, 3, 4, 7, 8, 9, 16};
        put16(p + 2, sizes[random.nextInt(sizes.length)]);
      }
      default -> {
        // A duplicate of a pair right after it.
        int size = 4 + u16(p + 2);
        if (p + size > length || length + size > CAPACITY) {
          return false;
        }
        open(p + size, size);
        System.arraycopy(work, p, work, p + size, size);
        if (fixUp) {
          fixUp(base, p + size, size);
        }
      }
    }
    return true;
  }

  /** Inserts hundreds to thousands of empty pairs at the head of the list, descriptors fixed up. */
  private boolean avFlood(int base) {
    int n = avPairs(base);
    if (n <= 0) {
      return false;
    }
    int count =
        switch (random.nextInt(3)) {
          case 0 -> NtlmDecoder.MAX_AV_PAIRS - 8 + random.nextInt(16);
          case 1 -> 1 + random.nextInt(3000);
          default -> NtlmDecoder.MAX_AV_PAIRS + random.nextInt(2);
        };
    int size = 4 * count;
    if (length + size > CAPACITY) {
      return false;
    }
    int at = positions[random.nextInt(n)];
    open(at, size);
    int id = random.nextBoolean() ? AvPair.SINGLE_HOST : 11 + random.nextInt(100);
    for (int i = 0; i < size; i += 4) {
      put16(at + i, id);
      put16(at + i + 2, 0);
    }
    fixUp(base, at, size);
    return true;
  }

  /**
   * Finds the AV pair list of the message at {@code base} and records each pair's position in
   * {@link #positions}, then the list's end after the last one.
   *
   * @return the number of pairs, or -1 when there is no list to find
   */
  private int avPairs(int base) {
    if (length - base < 48) {
      return -1;
    }
    int type = u32(base + 8);
    long from;
    long to;
    if (type == 2) {
      from = base + (u32(base + 44) & 0xffffffffL);
      to = from + u16(base + 40);
    } else if (type == 3) {
      long nt = base + (u32(base + 24) & 0xffffffffL);
      from = nt + 44;
      to = nt + u16(base + 20);
    } else {
      return -1;
    }
    if (from < base || to > length || from + 4 > to) {
      return -1;
    }
    int n = 0;
    int p = (int) from;
    while (p + 4 <= to && n < positions.length - 1) {
      positions[n++] = p;
      if (u16(p) == AvPair.EOL) {
        break;
      }
      p += 4 + u16(p + 2);
    }
    positions[n] = (int) Math.min(to, Math.max(p, positions[n - 1] + 4));
    return n;
  }

  /**
   * After {@code delta} bytes were inserted (positive) or deleted (negative) at {@code at}, keeps
   * the message's descriptors pointing where they did: the field whose payload holds the change
   * grows or shrinks, the fields after it move.
   */
  private void fixUp(int base, int at, int delta) {
    if (length - base < 12) {
      return;
    }
    int type = u32(base + 8);
    if (type < 1 || type > 3) {
      return;
    }
    int rel = at - base;
    for (int d : DESCRIPTORS[type]) {
      int desc = base + d;
      if (desc + 8 > length || (delta > 0 ? desc >= at : desc + 8 > at)) {
        continue;
      }
      int len = u16(desc);
      long off = u32(desc + 4) & 0xffffffffL;
      if (len == 0) {
        continue;
      }
      long changeEnd = delta > 0 ? rel : rel - delta;
      if (off <= rel && changeEnd < off + len) {
        int newLen = len + delta;
        if (newLen >= 0 && newLen <= 0xffff) {
          put16(desc, newLen);
          put16(desc + 2, newLen);
        }
      } else if (off >= changeEnd) {
        put32(desc + 4, (int) (off + delta));
      }
    }
  }

  // ---- DER operations ---------------------------------------------------------------------

  /** Records the element starts of a pre-order walk of the DER token in {@link #positions}. */
  private int derElements() {
    int n = 0;
    int p = 0;
    while (p + 2 <= length && n < positions.length) {
      positions[n++] = p;
      int tag = work[p] & 0xff;
      int first = work[p + 1] & 0xff;
      int content;
      long len;
      if (first < 0x80) {
        content = p + 2;
        len = first;
      } else {
        int count = first & 0x7f;
        if (count == 0 || count > 4 || p + 2 + count > length) {
          break;
        }
        len = 0;
        for (int i = 0; i < count; i++) {
          len = len << 8 | (work[p + 2 + i] & 0xff);
        }
        content = p + 2 + count;
      }
      boolean constructed = (tag & 0x20) != 0;
      if (constructed) {
        p = content;
      } else if (content + len <= length) {
        p = (int) (content + len);
      } else {
        break;
      }
    }
    return n;
  }

  /**
   * Rewrites the length of one DER element: short-form boundary values, indefinite, long forms of 1
   * to 9 bytes, 0x7fffffff, 0xffffffff, the same value non-minimally, or off by one.
   */
  private boolean derLength() {
    int n = derElements();
    if (n == 0) {
      return false;
    }
    int at = positions[random.nextInt(n)] + 1;
    int first = work[at] & 0xff;
    int oldSize = first < 0x80 ? 1 : 1 + (first & 0x7f);
    if (at + oldSize > length) {
      return false;
    }
    long value = first < 0x80 ? first : 0;
    for (int i = 1; i < oldSize && oldSize <= 5; i++) {
      value = value << 8 | (work[at + i] & 0xff);
    }
    byte[] enc;
    switch (random.nextInt(10)) {
      case 0 -> enc = new byte[] {(byte) new int[] {0, 1, 0x7f}[random.nextInt(3)]};
      case 1 -> enc = new byte[] {(byte) 0x80};
      case 2 -> enc = new byte[] {(byte) 0x81, (byte) 0xff};
      case 3 -> enc = new byte[] {(byte) 0x84, 0x7f, (byte) 0xff, (byte) 0xff, (byte) 0xff};
      case 4 -> enc = new byte[] {(byte) 0x84, (byte) 0xff, (byte) 0xff, (byte) 0xff, (byte) 0xff};
      case 5 -> {
        int count = 5 + random.nextInt(5);
        enc = new byte[1 + count];
        enc[0] = (byte) (0x80 | count);
        enc[count] = (byte) (value + 1);
      }
      case 6 -> enc = lengthBytes(value, 1 + random.nextInt(4));
      case 7 -> enc = lengthBytes(value + (random.nextBoolean() ? 1 : -1), oldSize - 1);
      case 8 -> enc = new byte[] {(byte) (0x80 | random.nextInt(128))};
      default -> enc = lengthBytes(value + random.nextInt(9) - 4, 0);
    }
    if (length - oldSize + enc.length > CAPACITY) {
      return false;
    }
    replace(at, oldSize, enc);
    return true;
  }

  /** {@code value} as a DER length of {@code count} bytes after the first (0: minimal form). */
  private static byte[] lengthBytes(long value, int count) {
    long v = value & 0xffffffffL;
    if (count == 0) {
      if (v < 0x80) {
        return new byte[] {(byte) v};
      }
      count = v < 0x100 ? 1 : v < 0x10000 ? 2 : v < 0x1000000 ? 3 : 4;
    }
    byte[] enc = new byte[1 + count];
    enc[0] = (byte) (0x80 | count);
    for (int i = 0; i < count; i++) {
      enc[count - i] = (byte) (v >>> (8 * i));
    }
    return enc;
  }

  private boolean derTag() {
    int n = derElements();
    if (n == 0) {
      return false;
    }
    int at = positions[random.nextInt(n)];
    work[at] = (byte) (random.nextInt(4) == 0 ? random.nextInt(256) : DER_TAGS[random.nextInt(16)]);
    return true;
  }

  /**
   * Wraps the (mutated) NTLM message in {@link #work} in a fresh SPNEGO token: a GSS-API
   * NegTokenInit, a bare NegTokenInit, or a NegTokenResp, with optional parts and, sometimes,
   * non-minimal length encodings; rarely a Kerberos mechanism first. Built back to front.
   */
  private void rewrap() {
    applied[Op.REWRAP.ordinal()]++;
    boolean longForms = random.nextInt(4) == 0;
    int end = CAPACITY;
    int p = end;
    int shape = random.nextInt(3);
    if (shape == 2 && random.nextInt(4) == 0) {
      p = prepend(p, new byte[16], 16);
      p = header(p, 0x04, 16, longForms);
      p = header(p, 0xa3, end - p, longForms);
    }
    int tokenEnd = p;
    p = prepend(p, work, length);
    p = header(p, 0x04, length, longForms);
    p = header(p, 0xa2, tokenEnd - p, longForms);
    if (shape == 2) {
      // NegTokenResp { negState [0], supportedMech [1], responseToken [2], mechListMIC [3] }
      if (random.nextBoolean()) {
        int mechEnd = p;
        p = prepend(p, OID_NTLMSSP, OID_NTLMSSP.length);
        p = header(p, 0x06, OID_NTLMSSP.length, longForms);
        p = header(p, 0xa1, mechEnd - p, longForms);
      }
      if (random.nextInt(4) != 0) {
        int stateEnd = p;
        p = prepend(p, new byte[] {(byte) random.nextInt(5)}, 1);
        p = header(p, 0x0a, 1, longForms);
        p = header(p, 0xa0, stateEnd - p, longForms);
      }
      p = header(p, 0x30, end - p, longForms);
      p = header(p, 0xa1, end - p, longForms);
    } else {
      // NegTokenInit { mechTypes [0], reqFlags [1], mechToken [2], mechListMIC [3] }
      int mechsEnd = p;
      p = prepend(p, OID_NTLMSSP, OID_NTLMSSP.length);
      p = header(p, 0x06, OID_NTLMSSP.length, longForms);
      if (random.nextInt(8) == 0) {
        p = prepend(p, OID_KERBEROS, OID_KERBEROS.length);
        p = header(p, 0x06, OID_KERBEROS.length, longForms);
      }
      p = header(p, 0x30, mechsEnd - p, longForms);
      p = header(p, 0xa0, mechsEnd - p, longForms);
      p = header(p, 0x30, end - p, longForms);
      p = header(p, 0xa0, end - p, longForms);
      if (shape == 0) {
        p = prepend(p, OID_SPNEGO, OID_SPNEGO.length);
        p = header(p, 0x06, OID_SPNEGO.length, longForms);
        p = header(p, 0x60, end - p, longForms);
      }
    }
    length = end - p;
    System.arraycopy(spare, p, work, 0, length);
  }

  /** Copies {@code bytes[0, n)} into {@link #spare} to end right before {@code p}. */
  private int prepend(int p, byte[] bytes, int n) {
    System.arraycopy(bytes, 0, spare, p - n, n);
    return p - n;
  }

  /**
   * Writes a tag and length into {@link #spare} ending right before {@code p}: the minimal length
   * encoding, or with {@code longForms} sometimes a longer one (non-minimal, still DER-readable).
   */
  private int header(int p, int tag, int contentLength, boolean longForms) {
    byte[] len = lengthBytes(contentLength, 0);
    if (longForms && random.nextBoolean()) {
      int needed = len.length == 1 ? 1 : len.length - 1;
      len = lengthBytes(contentLength, needed + random.nextInt(5 - needed));
    }
    p = prepend(p, len, len.length);
    spare[--p] = (byte) tag;
    return p;
  }

  // ---- buffer helpers ---------------------------------------------------------------------

  /** Makes room for {@code n} bytes at {@code at}. */
  private void open(int at, int n) {
    System.arraycopy(work, at, work, at + n, length - at);
    length += n;
  }

  private void replace(int at, int oldSize, byte[] bytes) {
    int tail = length - at - oldSize;
    System.arraycopy(work, at + oldSize, work, at + bytes.length, tail);
    System.arraycopy(bytes, 0, work, at, bytes.length);
    length = at + bytes.length + tail;
  }

  private int u16(int at) {
    return (work[at] & 0xff) | (work[at + 1] & 0xff) << 8;
  }

  private int u32(int at) {
    return u16(at) | u16(at + 2) << 16;
  }

  private void put16(int at, int v) {
    work[at] = (byte) v;
    work[at + 1] = (byte) (v >>> 8);
  }

  private void put32(int at, int v) {
    put16(at, v);
    put16(at + 2, v >>> 16);
  }
}
