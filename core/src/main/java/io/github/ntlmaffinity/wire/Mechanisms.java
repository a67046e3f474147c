package io.github.ntlmaffinity.wire;

/** The GSS-API mechanism OIDs that appear in Negotiate tokens, and their names. */
public final class Mechanisms {
  /** SPNEGO, RFC 4178. */
  public static final String SPNEGO = "1.3.6.1.5.5.2";

  /** NTLMSSP, MS-NLMP. */
  public static final String NTLMSSP = "1.3.6.1.4.1.311.2.2.10";

  /** Kerberos V5, RFC 4121. */
  public static final String KERBEROS = "1.2.840.113554.1.2.2";

  /** Kerberos V5 under Microsoft's legacy OID (MS-KILE). */
  public static final String KERBEROS_MICROSOFT = "1.2.840.48018.1.2.2";

  /** Kerberos user-to-user. */
  public static final String KERBEROS_U2U = "1.2.840.113554.1.2.2.3";

  /** NEGOEX (MS-NEGOEX). */
  public static final String NEGOEX = "1.3.6.1.4.1.311.2.2.30";

  private Mechanisms() {}

  /** A person's name for a mechanism OID, or the OID itself when it is not a known one. */
  public static String nameOf(String oid) {
    if (oid == null) {
      return "unknown";
    }
    return switch (oid) {
      case SPNEGO -> "SPNEGO";
      case NTLMSSP -> "NTLM";
      case KERBEROS -> "Kerberos";
      case KERBEROS_MICROSOFT -> "Kerberos (Microsoft OID)";
      case KERBEROS_U2U -> "Kerberos user-to-user";
      case NEGOEX -> "NEGOEX";
      default -> oid;
    };
  }

  /** Whether {@code oid} is one of the Kerberos mechanisms. */
  public static boolean isKerberos(String oid) {
    return KERBEROS.equals(oid) || KERBEROS_MICROSOFT.equals(oid) || KERBEROS_U2U.equals(oid);
  }
}
