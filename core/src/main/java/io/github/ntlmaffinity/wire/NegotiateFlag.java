package io.github.ntlmaffinity.wire;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * The NegotiateFlags bits of MS-NLMP 2.2.2.5, named as the specification names them without the
 * {@code NTLMSSP_} prefix. Reserved bits have no constant; {@link #names(int)} shows them as hex.
 */
public enum NegotiateFlag {
  NEGOTIATE_UNICODE(0x00000001),
  NEGOTIATE_OEM(0x00000002),
  REQUEST_TARGET(0x00000004),
  NEGOTIATE_SIGN(0x00000010),
  NEGOTIATE_SEAL(0x00000020),
  NEGOTIATE_DATAGRAM(0x00000040),
  NEGOTIATE_LM_KEY(0x00000080),
  NEGOTIATE_NTLM(0x00000200),
  ANONYMOUS(0x00000800),
  NEGOTIATE_OEM_DOMAIN_SUPPLIED(0x00001000),
  NEGOTIATE_OEM_WORKSTATION_SUPPLIED(0x00002000),
  NEGOTIATE_ALWAYS_SIGN(0x00008000),
  TARGET_TYPE_DOMAIN(0x00010000),
  TARGET_TYPE_SERVER(0x00020000),
  NEGOTIATE_EXTENDED_SESSIONSECURITY(0x00080000),
  NEGOTIATE_IDENTIFY(0x00100000),
  REQUEST_NON_NT_SESSION_KEY(0x00400000),
  NEGOTIATE_TARGET_INFO(0x00800000),
  NEGOTIATE_VERSION(0x02000000),
  NEGOTIATE_128(0x20000000),
  NEGOTIATE_KEY_EXCH(0x40000000),
  NEGOTIATE_56(0x80000000);

  private static final NegotiateFlag[] VALUES = values();

  private final int mask;

  NegotiateFlag(int mask) {
    this.mask = mask;
  }

  /** The flag's bit. */
  public int mask() {
    return mask;
  }

  /** Whether this flag is set in {@code flags}. */
  public boolean isSet(int flags) {
    return (flags & mask) != 0;
  }

  /**
   * The names of the bits set in {@code flags}, lowest bit first; reserved bits appear as hex, e.g.
   * {@code 0x00000400}.
   */
  public static List<String> names(int flags) {
    List<String> names = new ArrayList<>(Integer.bitCount(flags));
    int known = 0;
    for (NegotiateFlag flag : VALUES) {
      known |= flag.mask;
    }
    for (int bit = 0; bit < 32; bit++) {
      int mask = 1 << bit;
      if ((flags & mask) == 0) {
        continue;
      }
      if ((known & mask) == 0) {
        names.add(String.format("0x%08x", mask));
        continue;
      }
      for (NegotiateFlag flag : VALUES) {
        if (flag.mask == mask) {
          names.add(flag.name());
        }
      }
    }
    return Collections.unmodifiableList(names);
  }
}
