package io.github.ntlmaffinity.cli.probe;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * One handshake on one client connection, leg by leg.
 *
 * @param number the handshake's number in the run, from 1
 * @param flow how it began
 * @param localPort the client connection's local port: names it in evidence
 * @param legs what each request got
 * @param outcome what it came to
 */
record Attempt(int number, Flow flow, int localPort, List<Leg> legs, Outcome outcome) {

  /** How a handshake begins. */
  enum Flow {
    /** An anonymous request first, then the NEGOTIATE after its 401, as on a first visit. */
    CHALLENGE_FIRST("challenge-first"),
    /** The NEGOTIATE on the first request, as browsers do on a known intranet site. */
    PRE_AUTHENTICATED("pre-authenticated");

    private final String label;

    Flow(String label) {
      this.label = label;
    }

    String label() {
      return label;
    }
  }

  /** What a handshake came to. */
  enum Outcome {
    /** The AUTHENTICATE was accepted. */
    LOGGED_IN,
    /** A 401 after the AUTHENTICATE. */
    REFUSED,
    /** Level 1: every CHALLENGE on the connection came from one node. */
    ONE_NODE,
    /** CHALLENGEs from different nodes on one client connection. */
    SPLIT_NODES,
    /** The response carrying the CHALLENGE closed the client connection. */
    CLOSED_AFTER_CHALLENGE,
    /** The client connection was closed during the {@code --idle} pause. */
    CLOSED_WHILE_IDLE,
    /**
     * Level 3: the first request of a new client connection, without credentials, was answered as
     * logged in: it reached a backend connection on which another client had logged in.
     */
    ANSWERED_AS_LOGGED_IN
  }

  /** The issuers of this connection's CHALLENGEs, in order, each once. */
  Set<String> issuers() {
    return legs.stream()
        .map(Leg::issuer)
        .filter(i -> i != null)
        .collect(Collectors.toCollection(LinkedHashSet::new));
  }

  /** The follow-up leg, or {@code null} when there was none. */
  Leg followUp() {
    return legs.stream().filter(l -> l.kind() == Leg.Kind.FOLLOW_UP).findFirst().orElse(null);
  }

  /** {@code #3 (port 51234, challenge-first): GET -> 401; NEGOTIATE -> ...}. */
  String describe() {
    return "#"
        + number
        + " (client port "
        + localPort
        + ", "
        + flow.label()
        + "): "
        + legs.stream().map(Leg::describe).collect(Collectors.joining("; "));
  }
}
