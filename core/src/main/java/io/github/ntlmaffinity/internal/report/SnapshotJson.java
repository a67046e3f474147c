package io.github.ntlmaffinity.internal.report;

import io.github.ntlmaffinity.ConnectionInfo;
import io.github.ntlmaffinity.Counters;
import io.github.ntlmaffinity.DiagnosticsSnapshot;
import io.github.ntlmaffinity.Finding;
import io.github.ntlmaffinity.FindingType;
import io.github.ntlmaffinity.Handshake;
import io.github.ntlmaffinity.internal.Masking;
import io.github.ntlmaffinity.wire.AuthScheme;
import io.github.ntlmaffinity.wire.MessageType;
import java.time.Instant;

/** Renders a {@link DiagnosticsSnapshot} as the JSON documented in docs/endpoint.md. */
public final class SnapshotJson {
  private SnapshotJson() {}

  public static String render(DiagnosticsSnapshot s, boolean maskUsers, String indent) {
    StringBuilder out = new StringBuilder(4096);
    JsonWriter json = indent == null ? new JsonWriter(out) : new JsonWriter(out, indent);
    json.beginObject();
    json.name("node").value(s.node());
    json.name("ntlmNames").beginArray();
    for (String n : s.ntlmNames()) {
      json.value(n);
    }
    json.endArray();
    json.name("balancer").value(s.balancer().name());
    json.name("enabled").value(s.enabled());
    json.name("configurationErrors").beginArray();
    for (String e : s.configurationErrors()) {
      json.value(e);
    }
    json.endArray();
    json.name("sequence").value(s.sequence());
    json.name("since").value(s.since());
    json.name("complete").value(s.complete());
    json.name("startedAt").value(s.startedAt().toString());
    json.name("takenAt").value(s.takenAt().toString());
    json.name("uptimeSeconds").value(s.uptime().toMillis() / 1000.0);
    json.name("tracked").beginObject();
    json.name("connections").value(s.trackedConnections());
    json.name("challenges").value(s.trackedChallenges());
    json.endObject();
    counters(json, s.counters());
    json.name("findings").beginArray();
    for (Finding f : s.findings()) {
      finding(json, f, maskUsers);
    }
    json.endArray();
    json.name("handshakes").beginArray();
    for (Handshake h : s.handshakes()) {
      handshake(json, h, maskUsers);
    }
    json.endArray();
    json.endObject();
    return out.toString();
  }

  private static void counters(JsonWriter json, Counters c) {
    json.name("counters").beginObject();
    json.name("messages").beginObject();
    for (MessageType t : MessageType.values()) {
      json.name(t.name()).value(c.messages(t));
    }
    json.endObject();
    json.name("messagesByScheme").beginObject();
    for (AuthScheme scheme : AuthScheme.values()) {
      json.name(scheme.headerName()).value(c.messagesByScheme().getOrDefault(scheme, 0L));
    }
    json.endObject();
    json.name("findings").beginObject();
    for (FindingType t : FindingType.values()) {
      json.name(t.name()).value(c.findings(t));
    }
    json.endObject();
    json.name("handshakes").beginObject();
    json.name("started").value(c.handshakesStarted());
    json.name("succeeded").value(c.handshakesSucceeded());
    json.name("failed").value(c.handshakesFailed());
    json.name("abandoned").value(c.handshakesAbandoned());
    json.endObject();
    json.name("otherMechanismTokens").value(c.otherMechanismTokens());
    json.name("malformedTokens").value(c.malformedTokens());
    json.name("evictions").beginObject();
    json.name("connections").value(c.connectionEvictions());
    json.name("challenges").value(c.challengeEvictions());
    json.endObject();
    json.name("internalErrors").value(c.internalErrors());
    json.endObject();
  }

  private static void finding(JsonWriter json, Finding f, boolean mask) {
    json.beginObject();
    json.name("sequence").value(f.sequence());
    json.name("type").value(f.type().name());
    json.name("severity").value(f.severity().name());
    json.name("title").value(f.type().title());
    json.name("time").value(time(f.time()));
    json.name("node").value(f.node());
    json.name("handshake").value(f.handshakeId());
    json.name("connection");
    connection(json, f.connection());
    json.name("peer").value(f.peer());
    json.name("otherConnection");
    connection(json, f.otherConnection());
    json.name("otherPeer").value(f.otherConnection() == null ? null : f.otherConnection().peer());
    json.name("otherNode").value(f.otherNode());
    json.name("challengeIssued").value(time(f.challengeIssued()));
    json.name("client").value(f.client());
    json.name("user").value(mask ? Masking.user(f.user()) : f.user());
    json.name("domain").value(f.domain());
    json.name("workstation").value(f.workstation());
    json.name("explanation").value(mask ? Masking.in(f.explanation(), f.user()) : f.explanation());
    json.name("advice").value(f.advice());
    json.endObject();
  }

  private static void handshake(JsonWriter json, Handshake h, boolean mask) {
    json.beginObject();
    json.name("sequence").value(h.sequence());
    json.name("id").value(h.id());
    json.name("node").value(h.node());
    json.name("outcome").value(h.outcome().name());
    json.name("user").value(mask ? Masking.user(h.user()) : h.user());
    json.name("domain").value(h.domain());
    json.name("workstation").value(h.workstation());
    json.name("client").value(h.client());
    json.name("started").value(time(h.started()));
    json.name("ended").value(time(h.ended()));
    json.name("legs").beginArray();
    for (Handshake.Leg leg : h.legs()) {
      json.beginObject();
      json.name("type").value(leg.type().name());
      json.name("time").value(time(leg.time()));
      json.name("node").value(leg.node());
      json.name("connection");
      connection(json, leg.connection());
      json.name("peer").value(leg.connection() == null ? null : leg.connection().peer());
      json.name("client").value(leg.client());
      json.name("status").value(leg.status());
      json.name("detail")
          .value(mask ? Masking.inAll(leg.detail(), leg.user(), h.user()) : leg.detail());
      json.endObject();
    }
    json.endArray();
    json.endObject();
  }

  private static void connection(JsonWriter json, ConnectionInfo c) {
    if (c == null) {
      json.nullValue();
      return;
    }
    json.beginObject();
    json.name("key").value(c.key());
    json.name("id").value(c.id());
    json.name("local").value(c.local());
    json.name("remote").value(c.peer());
    json.name("protocol").value(c.protocol());
    json.endObject();
  }

  private static String time(Instant t) {
    return t == null ? null : t.toString();
  }
}
