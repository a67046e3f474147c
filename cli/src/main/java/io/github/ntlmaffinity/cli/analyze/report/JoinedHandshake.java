package io.github.ntlmaffinity.cli.analyze.report;

import io.github.ntlmaffinity.Finding;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** A handshake being joined by the {@link ReportCollector}: its legs, servers and findings. */
final class JoinedHandshake {

  static final int MAX_LEGS = 32;
  final long number;
  final List<AnalysisReport.Leg> legs = new ArrayList<>();
  final List<Finding> findings = new ArrayList<>();
  final Map<String, Boolean> servers = new LinkedHashMap<>();
  String user;
  String outcome = "in progress";
  String challengeConnection;
  boolean answered;
  boolean broken;
  boolean listed;
  int lastAuthenticate = -1;

  JoinedHandshake(long number) {
    this.number = number;
  }

  /** Adds a leg; returns whether the handshake reached this server for the first time. */
  boolean add(String server, AnalysisReport.Leg leg) {
    boolean first = servers.size() < MAX_LEGS && servers.putIfAbsent(server, Boolean.TRUE) == null;
    if (legs.size() < MAX_LEGS) {
      legs.add(leg);
      if (leg.message().equals("AUTHENTICATE")) {
        lastAuthenticate = legs.size() - 1;
      }
    }
    return first;
  }

  void status(int index, int status) {
    if (index >= 0 && index < legs.size()) {
      AnalysisReport.Leg l = legs.get(index);
      legs.set(
          index,
          new AnalysisReport.Leg(
              l.time(),
              l.client(),
              l.server(),
              l.message(),
              status,
              l.issuer(),
              l.misplaced(),
              l.inferred()));
    }
  }

  AnalysisReport.HandshakeReport report() {
    List<AnalysisReport.Leg> sorted = new ArrayList<>(legs);
    sorted.sort((a, b) -> a.time().compareTo(b.time()));
    return new AnalysisReport.HandshakeReport(
        (int) Math.min(number, Integer.MAX_VALUE), broken, outcome, user, sorted, findings);
  }
}
