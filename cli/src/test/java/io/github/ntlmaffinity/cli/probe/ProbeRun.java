package io.github.ntlmaffinity.cli.probe;

import static java.nio.charset.StandardCharsets.UTF_8;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/** One in-process run of the probe command, its exit status and what it printed. */
record ProbeRun(int status, String stdout, String stderr) {
  private static final ObjectMapper MAPPER = new ObjectMapper();

  /** Runs {@code probe args...} with the test account's password in the environment. */
  static ProbeRun of(String... args) {
    return with(Map.of(BackendCluster.PASSWORD_ENV, BackendCluster.PASSWORD), args);
  }

  static ProbeRun with(Map<String, String> env, String... args) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    int status = ProbeCommand.run(args, out, err, env::get, user -> null);
    ProbeRun run = new ProbeRun(status, out.toString(UTF_8), err.toString(UTF_8));
    // The report lands in the test's output file, for whoever reads a failure.
    System.out.println("probe " + String.join(" ", args) + "\n" + run);
    return run;
  }

  /** The same arguments at level 2, as the test account. */
  static String[] level2(String... args) {
    List<String> all = new ArrayList<>(Arrays.asList(args));
    all.addAll(
        List.of("--user", BackendCluster.USER, "--password-env", BackendCluster.PASSWORD_ENV));
    return all.toArray(new String[0]);
  }

  JsonNode json() throws Exception {
    return MAPPER.readTree(stdout);
  }

  /** The status of the check {@code id} in the JSON report. */
  String check(String id) throws Exception {
    for (JsonNode c : json().get("checks")) {
      if (c.get("id").asText().equals(id)) {
        return c.get("status").asText();
      }
    }
    throw new AssertionError("no check " + id + " in " + stdout);
  }

  @Override
  public String toString() {
    return "exit " + status + "\n--- stdout\n" + stdout + "--- stderr\n" + stderr;
  }
}
