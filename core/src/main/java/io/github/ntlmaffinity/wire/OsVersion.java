package io.github.ntlmaffinity.wire;

/**
 * The VERSION structure (MS-NLMP 2.2.2.10): the sender's Windows version, for debugging only.
 *
 * @param major ProductMajorVersion, e.g. 10
 * @param minor ProductMinorVersion, e.g. 0
 * @param build ProductBuild, e.g. 20348
 * @param ntlmRevision NTLMRevisionCurrent, 15 for NTLMSSP_REVISION_W2K3
 */
public record OsVersion(int major, int minor, int build, int ntlmRevision) {

  @Override
  public String toString() {
    return major + "." + minor + "." + build + " (NTLM revision " + ntlmRevision + ")";
  }
}
