package io.github.ntlmaffinity.cli.analyze.har;

import io.github.ntlmaffinity.Balancer;
import io.github.ntlmaffinity.FindingType;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * What a HAR shows about NTLM: the findings, and the notes (what this HAR cannot tell). It holds no
 * token's bytes, cookie or header value. {@link HarSource} turns it into the command's shared
 * report. Internal, not API.
 *
 * @param name the file's name
 * @param har what was read
 * @param analysis what was found
 * @param notes what the reader should know about this HAR
 */
record HarReport(String name, HarReader.HarFile har, HarAnalysis analysis, List<String> notes) {

  /** The sentence every HAR report carries. */
  static final String NO_SECRETS =
      "This report shows no token bytes, no cookie values and no header values from the HAR.";

  /** Reads and analyses one HAR. */
  static HarReport analyze(String name, InputStream in, Balancer balancer)
      throws IOException, HarReader.NotHarException {
    HarReader.HarFile har = HarReader.read(in);
    HarAnalysis a = HarAnalysis.of(har, balancer);
    List<String> notes = new ArrayList<>();
    if (har.partial() != null) {
      notes.add("PARTIAL: " + har.partial() + "; the results cover the entries read.");
    }
    if (!a.connectionIds()) {
      notes.add(
          "This HAR has no connection ids (Firefox writes the server's port in \"connection\";"
              + " some exports leave it out): whether the browser sent each AUTHENTICATE on its"
              + " CHALLENGE's connection cannot be told. A Chrome or Edge export can tell.");
    }
    for (Map.Entry<String, Integer> o : a.offeredButNoToken().entrySet()) {
      notes.add(
          o.getKey()
              + " answered "
              + o.getValue()
              + " request(s) with a 401 offering Negotiate/NTLM, and this HAR holds no NTLM token"
              + " for it: Chromium's DevTools shows an NTLM login as one request with its final"
              + " response, without the intermediate 401s or any token (measured with Chromium"
              + " 156); the export may also be sanitised, or the browser did not try (site not"
              + " allow-listed). Which leg broke cannot be told from this HAR: use a capture"
              + " between balancer and servers, the servers' IIS logs, or a browser NetLog.");
    }
    notes.add(NO_SECRETS);
    return new HarReport(name, har, a, notes);
  }

  long count(FindingType type) {
    return analysis.counts().getOrDefault(type, 0L);
  }

  boolean partial() {
    return har.partial() != null;
  }
}
