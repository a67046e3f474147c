package io.github.ntlmaffinity.cli.analyze.iis;

import io.github.ntlmaffinity.FindingType;
import java.util.List;

/**
 * The result of analysing IIS logs: what was read, what could not be, the per-server counts, the
 * findings and the notes. {@link IisSource} turns it into the command's shared report. Internal,
 * not API.
 *
 * @param files each file read
 * @param problems what could not be read
 * @param analysis the reconstruction
 * @param notes what the logs say beyond the finding types, and which fields to add
 */
record IisReport(
    List<FileInfo> files, InputProblems problems, IisAnalysis analysis, List<IisNote> notes) {

  /** Whether any line was lost, so the results are partial. */
  boolean partial() {
    return problems.partial();
  }

  /** Findings of a type, exact. */
  long count(FindingType type) {
    return analysis.counts().getOrDefault(type, 0L);
  }

  /**
   * One file read.
   *
   * @param name its display name
   * @param software its {@code #Software} directive, or {@code null}
   * @param entries the entries read from it
   * @param port whether it logs the balancer's port
   * @param forwardedFor whether it logs {@code X-Forwarded-For}
   * @param computerName whether it logs {@code s-computername}
   */
  record FileInfo(
      String name,
      String software,
      long entries,
      boolean port,
      boolean forwardedFor,
      boolean computerName) {

    /** Whether it is HTTP.sys's error log ({@code #Software: Microsoft HTTP API}). */
    boolean httpErr() {
      return software != null && software.startsWith("Microsoft HTTP API");
    }
  }
}
