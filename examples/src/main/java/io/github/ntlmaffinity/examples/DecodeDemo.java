package io.github.ntlmaffinity.examples;

import io.github.ntlmaffinity.wire.AuthenticateMessage;
import io.github.ntlmaffinity.wire.ChallengeMessage;
import io.github.ntlmaffinity.wire.DecodeResult;
import io.github.ntlmaffinity.wire.NtlmDecoder;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Decodes one real NTLM handshake (captured from curl) and shows the fact the whole library rests
 * on: the AUTHENTICATE names the server, and the moment, of the CHALLENGE it answers.
 *
 * <p>The module's default main class is {@link ExampleCluster}; run this one with {@code mvn -B -q
 * -pl examples -am -DskipTests package exec:java
 * -Dexec.mainClass=io.github.ntlmaffinity.examples.DecodeDemo}.
 */
public final class DecodeDemo {
  private static final String HANDSHAKE = "curl-handshake.txt";

  private DecodeDemo() {}

  public static void main(String[] args) {
    run(System.out);
  }

  /** Prints the decoded handshake to {@code out}; returns the decoded legs, in order. */
  static List<DecodeResult> run(PrintStream out) {
    List<DecodeResult> legs = new ArrayList<>();
    ChallengeMessage challenge = null;
    for (String line : handshake()) {
      int colon = line.indexOf(':');
      String name = line.substring(0, colon);
      String value = line.substring(colon + 1).trim();
      DecodeResult result =
          name.equalsIgnoreCase("WWW-Authenticate")
              ? NtlmDecoder.decodeWwwAuthenticate(value).get(0)
              : NtlmDecoder.decodeAuthorization(value);
      legs.add(result);
      if (result instanceof DecodeResult.Ntlm ntlm) {
        out.printf("%-17s %s%n", name + ":", ntlm.message().summary());
        if (ntlm.message() instanceof ChallengeMessage c) {
          challenge = c;
        } else if (ntlm.message() instanceof AuthenticateMessage a && challenge != null) {
          boolean same =
              Objects.equals(a.challengeTimestamp(), challenge.targetInfo().timestamp())
                  && Objects.equals(a.challengeIssuer(), challenge.targetInfo().nbComputerName());
          out.println();
          out.println(
              same
                  ? "The AUTHENTICATE echoes the CHALLENGE's computer name and timestamp: it answers"
                      + " that challenge. A node that receives it can tell, with no shared state,"
                      + " whether it issued that challenge itself, and on which connection."
                  : "The AUTHENTICATE answers a different challenge than the one shown.");
        }
      } else {
        out.printf("%-17s %s%n", name + ":", result);
      }
    }
    return legs;
  }

  private static List<String> handshake() {
    InputStream in = DecodeDemo.class.getResourceAsStream(HANDSHAKE);
    if (in == null) {
      throw new IllegalStateException(HANDSHAKE + " missing from the classpath");
    }
    try (BufferedReader reader =
        new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
      return reader.lines().filter(l -> !l.isBlank() && !l.startsWith("#")).toList();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
