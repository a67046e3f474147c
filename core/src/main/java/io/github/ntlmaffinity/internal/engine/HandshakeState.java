package io.github.ntlmaffinity.internal.engine;

import io.github.ntlmaffinity.ConnectionInfo;
import io.github.ntlmaffinity.Handshake;
import io.github.ntlmaffinity.wire.MessageType;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/** The tracker's mutable record of one handshake. Guarded by the tracker's lock. */
public final class HandshakeState {
  private static final int MAX_LEGS = 8;

  final String id;
  final String node;
  final Instant started;
  final List<Handshake.Leg> legs = new ArrayList<>(3);
  ClientId client;
  String user;
  String domain;
  String workstation;
  Handshake.Outcome outcome = Handshake.Outcome.IN_PROGRESS;
  Instant ended;

  /** The challenge this node issued for it, or {@code null}. */
  ChallengeRecord challenge;

  /** Set once CHALLENGE_ABANDONED or CHALLENGE_ON_CLOSING_CONNECTION was reported. */
  boolean challengeReported;

  /** Set once its challenge was counted as abandoned. */
  boolean abandonCounted;

  /** Set once it counted as an unsuccessful handshake of its client. */
  boolean failureCounted;

  /** The workstation its NEGOTIATE named (cut), or {@code null}. */
  String negotiateWorkstation;

  /**
   * The handshake whose NEGOTIATE came on this one's connection while its CHALLENGE waited, and
   * that login's end client, as shown: kept as text so that handshakes do not chain each other.
   */
  String interleavedHandshake;

  String interleavedClient;

  HandshakeState(String id, String node, Instant started, ClientId client) {
    this.id = id;
    this.node = node;
    this.started = started;
    this.client = client;
  }

  /**
   * What it retains, by estimate: a fixed overhead, its names and each leg's strings, plus one more
   * leg of the longest summary (the AUTHENTICATE still to come) for a handshake not yet ended.
   */
  long estimatedBytes() {
    long b = 320 + 2L * (length(user) + length(domain) + length(workstation));
    int clientLength = client == null ? 0 : client.display().length();
    for (Handshake.Leg leg : legs) {
      b += 120 + 2L * (length(leg.detail()) + length(leg.client()) + length(leg.user()));
    }
    if (outcome == Handshake.Outcome.IN_PROGRESS && legs.size() < MAX_LEGS) {
      b += 120 + 2L * (StoredNames.MAX_SUMMARY + clientLength + StoredNames.MAX_NAME);
    }
    return b;
  }

  private static int length(String s) {
    return s == null ? 0 : s.length();
  }

  /** Adds a leg; returns its index (or -1 when the leg list is full). */
  int leg(
      MessageType type,
      Instant time,
      ConnectionInfo connection,
      ClientId from,
      String detail,
      String user) {
    if (legs.size() == MAX_LEGS) {
      return -1;
    }
    legs.add(
        new Handshake.Leg(
            type, time, node, connection, from == null ? null : from.display(), 0, detail, user));
    return legs.size() - 1;
  }

  void status(int index, int status) {
    if (index >= 0 && index < legs.size()) {
      Handshake.Leg l = legs.get(index);
      legs.set(
          index,
          new Handshake.Leg(
              l.type(),
              l.time(),
              l.node(),
              l.connection(),
              l.client(),
              status,
              l.detail(),
              l.user()));
    }
  }

  /** Ends it; an abandoned handshake can still end as its late AUTHENTICATE is answered. */
  void end(Handshake.Outcome outcome, Instant time) {
    if (this.outcome == Handshake.Outcome.IN_PROGRESS
        || (this.outcome == Handshake.Outcome.ABANDONED
            && outcome != Handshake.Outcome.ABANDONED)) {
      this.outcome = outcome;
      this.ended = time;
    }
  }

  /** Sets the status of the first leg of {@code type}. */
  void status(MessageType type, int status) {
    for (int i = 0; i < legs.size(); i++) {
      if (legs.get(i).type() == type) {
        status(i, status);
        return;
      }
    }
  }

  boolean isOpen() {
    return outcome == Handshake.Outcome.IN_PROGRESS;
  }

  Handshake view() {
    return new Handshake(
        id,
        node,
        outcome,
        user,
        domain,
        workstation,
        client == null ? null : client.display(),
        started,
        ended,
        legs);
  }
}
