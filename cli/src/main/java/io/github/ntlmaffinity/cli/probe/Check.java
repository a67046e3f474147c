package io.github.ntlmaffinity.cli.probe;

import io.github.ntlmaffinity.FindingType;
import java.util.List;

/**
 * One check of the run and what it showed.
 *
 * @param id a stable name, e.g. {@code one-connection}
 * @param title what the check does, for a person
 * @param status what it came to
 * @param summary one or two sentences: the result and what it means
 * @param evidence one line per handshake: which leg reached which node
 * @param finding the finding whose advice applies when the check failed, else {@code null}
 */
record Check(
    String id,
    String title,
    Status status,
    String summary,
    List<String> evidence,
    FindingType finding) {

  /** What a check came to. */
  enum Status {
    /** NTLM survived. */
    PASS,
    /** NTLM broke: the balancer is unsafe. */
    FAIL,
    /** Nothing broke, but the check could not see what would decide it. */
    NOT_VERIFIED,
    /** Information that does not weigh in the verdict. */
    INFO,
    /** Not run (level, budget, options or time). */
    SKIPPED
  }

  static Check skipped(String id, String title, String why) {
    return new Check(id, title, Status.SKIPPED, why, List.of(), null);
  }
}
