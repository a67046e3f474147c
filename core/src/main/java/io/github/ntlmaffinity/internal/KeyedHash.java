package io.github.ntlmaffinity.internal;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.HexFormat;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * A keyed hash (HMAC-SHA256 under a random key drawn when it is made) for showing that two values
 * are equal without showing either: affinity cookie values, a container's connection ids. The key
 * never leaves the instance, so a hash can be neither reversed nor forged from outside.
 */
public final class KeyedHash {
  private static final String ALGORITHM = "HmacSHA256";

  private final ThreadLocal<Mac> macs;

  /** A hash under a fresh random key. */
  public KeyedHash() {
    byte[] key = new byte[32];
    new SecureRandom().nextBytes(key);
    SecretKeySpec spec = new SecretKeySpec(key, ALGORITHM);
    this.macs = ThreadLocal.withInitial(() -> mac(spec));
  }

  /** The first {@code bytes} bytes of the hash of {@code value}'s UTF-8, in lower-case hex. */
  public String hex(String value, int bytes) {
    byte[] h = macs.get().doFinal(value.getBytes(StandardCharsets.UTF_8));
    return HexFormat.of().formatHex(h, 0, bytes);
  }

  private static Mac mac(SecretKeySpec key) {
    try {
      Mac m = Mac.getInstance(ALGORITHM);
      m.init(key);
      return m;
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(ALGORITHM + " is part of every Java platform", e);
    }
  }
}
