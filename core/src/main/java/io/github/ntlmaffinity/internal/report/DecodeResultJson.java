package io.github.ntlmaffinity.internal.report;

import io.github.ntlmaffinity.wire.AuthenticateMessage;
import io.github.ntlmaffinity.wire.AvPair;
import io.github.ntlmaffinity.wire.ChallengeMessage;
import io.github.ntlmaffinity.wire.DecodeResult;
import io.github.ntlmaffinity.wire.MalformedReason;
import io.github.ntlmaffinity.wire.Mechanisms;
import io.github.ntlmaffinity.wire.NegotiateMessage;
import io.github.ntlmaffinity.wire.NtlmMessage;
import io.github.ntlmaffinity.wire.Ntlmv2Response;
import io.github.ntlmaffinity.wire.OsVersion;
import io.github.ntlmaffinity.wire.ResponseKind;
import io.github.ntlmaffinity.wire.SpnegoInfo;
import io.github.ntlmaffinity.wire.TargetInfo;
import io.github.ntlmaffinity.wire.Wrapping;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;

/**
 * Renders a {@link DecodeResult} as one JSON object, for the command line, the diagnostics endpoint
 * and logs. Every decoded field appears; no token bytes do (decoded messages hold none: responses,
 * session keys and MIC are lengths and presence only).
 *
 * <pre>{@code
 * String json = DecodeResultJson.toJson(NtlmDecoder.decodeAuthorization(header));
 * // {"kind":"ntlm","summary":"AUTHENTICATE EXAMPLE\\alice from WS01, NTLMv2, ...","scheme":"NTLM",...}
 * }</pre>
 *
 * <h2>Schema</h2>
 *
 * Every object starts with {@code kind} and {@code summary}; the other members depend on the kind.
 * Members of a kind are always present: an absent value is {@code null}, never a missing member.
 * Enum values are written as their Java constant names ({@code SPNEGO_INIT}, {@code NTLMV2}).
 * 64-bit FILETIMEs are hex strings, not numbers, because JavaScript numbers cannot hold them
 * exactly.
 *
 * <table>
 *   <caption>Top level</caption>
 *   <tr><th>member</th><th>kinds</th><th>value</th></tr>
 *   <tr><td>kind</td><td>all</td><td>{@code ntlm}, {@code other-mechanism}, {@code no-token},
 *       {@code not-ntlm} or {@code malformed}</td></tr>
 *   <tr><td>summary</td><td>all</td><td>one line for a person, see {@link #summary}</td></tr>
 *   <tr><td>scheme</td><td>all</td><td>{@code NTLM} or {@code Negotiate}; for {@code not-ntlm}
 *       the scheme as written ({@code ""} for no header); {@code null} in a {@code malformed}
 *       header without a recognisable scheme</td></tr>
 *   <tr><td>wrapping</td><td>ntlm</td><td>{@link Wrapping}: {@code RAW}, {@code SPNEGO_INIT},
 *       {@code SPNEGO_RESPONSE}</td></tr>
 *   <tr><td>negotiateFallback</td><td>ntlm</td><td>true when a {@code Negotiate} header carried
 *       NTLM</td></tr>
 *   <tr><td>mech</td><td>other-mechanism</td><td>{@code {oid, name}}; {@code oid} may be
 *       null</td></tr>
 *   <tr><td>kerberos</td><td>other-mechanism</td><td>whether the mechanism is Kerberos</td></tr>
 *   <tr><td>spnego</td><td>ntlm, other-mechanism, no-token</td><td>{@code null}, or {@code
 *       {token, mechTypes: [{oid, name}], negState, supportedMech: {oid, name} | null,
 *       mechListMic}} where {@code token} is {@code NegTokenInit} or {@code NegTokenResp}</td></tr>
 *   <tr><td>message</td><td>ntlm</td><td>the NTLM message, below</td></tr>
 *   <tr><td>reason, layer</td><td>malformed</td><td>{@link MalformedReason} and its {@link
 *       MalformedReason.Layer}</td></tr>
 *   <tr><td>offset, offsetIn</td><td>malformed</td><td>where: a character index when {@code
 *       offsetIn} is {@code header-value}, a byte index when it is {@code token}</td></tr>
 *   <tr><td>detail</td><td>malformed</td><td>the decoder's explanation</td></tr>
 * </table>
 *
 * <table>
 *   <caption>message</caption>
 *   <tr><th>member</th><th>types</th><th>value</th></tr>
 *   <tr><td>type</td><td>all</td><td>{@code NEGOTIATE}, {@code CHALLENGE}, {@code
 *       AUTHENTICATE}</td></tr>
 *   <tr><td>flags</td><td>all</td><td>{@code {value: "0x%08x", names: [NegotiateFlag names]}}
 *       </td></tr>
 *   <tr><td>version</td><td>all</td><td>{@code {major, minor, build, ntlmRevision}} or {@code
 *       null}</td></tr>
 *   <tr><td>domain, workstation</td><td>NEGOTIATE, AUTHENTICATE</td><td>strings, {@code ""} when
 *       not sent</td></tr>
 *   <tr><td>targetName</td><td>CHALLENGE</td><td>string</td></tr>
 *   <tr><td>serverChallenge</td><td>CHALLENGE</td><td>16 hex digits in wire order</td></tr>
 *   <tr><td>targetInfo</td><td>CHALLENGE</td><td>AV pairs, below</td></tr>
 *   <tr><td>user, unicode, responseKind</td><td>AUTHENTICATE</td><td>string, boolean, {@link
 *       ResponseKind}</td></tr>
 *   <tr><td>lmResponseLength, ntResponseLength, sessionKeyLength, headerLength</td>
 *       <td>AUTHENTICATE</td><td>byte counts</td></tr>
 *   <tr><td>micPresent, micFlagged</td><td>AUTHENTICATE</td><td>a MIC by layout; a MIC announced
 *       in MsvAvFlags</td></tr>
 *   <tr><td>ntlmv2</td><td>AUTHENTICATE</td><td>{@code null}, or {@code {respType, hiRespType,
 *       clientTimestamp: timestamp, clientChallenge: hex, avPairs: [AV pairs]}}</td></tr>
 *   <tr><td>challengeIssuer</td><td>AUTHENTICATE</td><td>the echoed MsvAvNbComputerName or {@code
 *       null}</td></tr>
 *   <tr><td>challengeTimestamp</td><td>AUTHENTICATE</td><td>the echoed MsvAvTimestamp as a
 *       timestamp, or {@code null}</td></tr>
 * </table>
 *
 * <p>An AV pair is {@code {id, name, length}} plus, by kind: {@code value} (a name) for ids 1 to 5
 * and 9; {@code time} and {@code fileTime} for MsvAvTimestamp; {@code value: "0x%08x"} and {@code
 * names} ({@code CONSTRAINED}, {@code MIC_PRESENT}, {@code SPN_UNTRUSTED}) for MsvAvFlags; nothing
 * more for the pairs kept by length only. A timestamp is {@code {time, fileTime}}: ISO-8601 UTC,
 * exact to 100 ns, and the raw FILETIME as {@code "0x"} and 16 hex digits.
 */
public final class DecodeResultJson {
  private static final HexFormat HEX = HexFormat.of();

  private DecodeResultJson() {}

  /** The result as one line of JSON. */
  public static String toJson(DecodeResult result) {
    StringBuilder out = new StringBuilder(512);
    write(new JsonWriter(out), result);
    return out.toString();
  }

  /**
   * Writes the result as one JSON object: a value, so in an object the caller writes its name
   * first. {@link JsonWriter} is internal: this and {@link #writeMembers} serve the other
   * ntlm-affinity modules, which embed results in larger documents.
   */
  public static void write(JsonWriter json, DecodeResult result) {
    json.beginObject();
    writeMembers(json, result);
    json.endObject();
  }

  /**
   * Writes the result's members into an object the caller has opened and will close, so that the
   * caller can add members of its own (e.g. where the header came from).
   */
  public static void writeMembers(JsonWriter json, DecodeResult result) {
    json.name("kind").value(kind(result));
    json.name("summary").value(summary(result));
    if (result instanceof DecodeResult.Ntlm ntlm) {
      json.name("scheme").value(ntlm.scheme().headerName());
      json.name("wrapping").value(ntlm.wrapping().name());
      json.name("negotiateFallback").value(ntlm.isNegotiateFallback());
      json.name("spnego");
      spnego(json, ntlm.spnego());
      json.name("message");
      message(json, ntlm.message());
    } else if (result instanceof DecodeResult.OtherMechanism other) {
      json.name("scheme").value(other.scheme().headerName());
      json.name("mech");
      mech(json, other.mechOid());
      json.name("kerberos").value(other.isKerberos());
      json.name("spnego");
      spnego(json, other.spnego());
    } else if (result instanceof DecodeResult.NoToken none) {
      json.name("scheme").value(none.scheme().headerName());
      json.name("spnego");
      spnego(json, none.spnego());
    } else if (result instanceof DecodeResult.NotNtlm notNtlm) {
      json.name("scheme").value(notNtlm.scheme());
    } else {
      DecodeResult.Malformed bad = (DecodeResult.Malformed) result;
      json.name("scheme").value(bad.scheme() == null ? null : bad.scheme().headerName());
      json.name("reason").value(bad.reason().name());
      json.name("layer").value(bad.reason().layer().name());
      json.name("offset").value(bad.offset());
      json.name("offsetIn").value(inHeaderValue(bad.reason()) ? "header-value" : "token");
      json.name("detail").value(bad.detail());
    }
  }

  /**
   * One line for a person about any result: the message's own {@link NtlmMessage#summary()} for
   * NTLM, else e.g. {@code Kerberos (Negotiate, SPNEGO NegTokenInit)}, {@code NTLM offer without a
   * token}, {@code malformed: NTLM_FIELD_OUT_OF_BOUNDS at byte 20: ...}.
   */
  public static String summary(DecodeResult result) {
    if (result instanceof DecodeResult.Ntlm ntlm) {
      return ntlm.message().summary();
    }
    if (result instanceof DecodeResult.OtherMechanism other) {
      return (other.mechOid() == null ? "unknown mechanism" : other.mechName())
          + " ("
          + other.scheme().headerName()
          + ", "
          + (other.spnego() == null ? "GSS-API token" : "SPNEGO " + spnegoToken(other.spnego()))
          + ")";
    }
    if (result instanceof DecodeResult.NoToken none) {
      return noTokenSummary(none);
    }
    if (result instanceof DecodeResult.NotNtlm notNtlm) {
      return notNtlm.scheme().isEmpty()
          ? "no authentication header"
          : notNtlm.scheme() + ": not NTLM or Negotiate";
    }
    DecodeResult.Malformed bad = (DecodeResult.Malformed) result;
    return "malformed: "
        + bad.reason().name()
        + (inHeaderValue(bad.reason()) ? " at character " : " at byte ")
        + bad.offset()
        + ": "
        + bad.detail();
  }

  private static String kind(DecodeResult result) {
    if (result instanceof DecodeResult.Ntlm) {
      return "ntlm";
    }
    if (result instanceof DecodeResult.OtherMechanism) {
      return "other-mechanism";
    }
    if (result instanceof DecodeResult.NoToken) {
      return "no-token";
    }
    return result instanceof DecodeResult.NotNtlm ? "not-ntlm" : "malformed";
  }

  private static String noTokenSummary(DecodeResult.NoToken none) {
    String scheme = none.scheme().headerName();
    SpnegoInfo spnego = none.spnego();
    if (spnego == null) {
      return scheme + " offer without a token";
    }
    StringBuilder s = new StringBuilder(scheme).append(", SPNEGO ").append(spnegoToken(spnego));
    if (spnego.negState() != null) {
      s.append(' ').append(spnego.negState().name());
    }
    s.append(" without an inner token");
    if (!spnego.mechTypes().isEmpty()) {
      s.append(", offers ");
      for (int i = 0; i < spnego.mechTypes().size(); i++) {
        s.append(i == 0 ? "" : ", ").append(Mechanisms.nameOf(spnego.mechTypes().get(i)));
      }
    }
    return s.toString();
  }

  /**
   * The decoder only builds a NegTokenInit with at least one mechType, a NegTokenResp with none.
   */
  private static String spnegoToken(SpnegoInfo spnego) {
    return spnego.mechTypes().isEmpty() ? "NegTokenResp" : "NegTokenInit";
  }

  private static boolean inHeaderValue(MalformedReason reason) {
    MalformedReason.Layer layer = reason.layer();
    return layer == MalformedReason.Layer.HEADER || layer == MalformedReason.Layer.BASE64;
  }

  private static void spnego(JsonWriter json, SpnegoInfo spnego) {
    if (spnego == null) {
      json.nullValue();
      return;
    }
    json.beginObject();
    json.name("token").value(spnegoToken(spnego));
    json.name("mechTypes").beginArray();
    for (String oid : spnego.mechTypes()) {
      mech(json, oid);
    }
    json.endArray();
    json.name("negState").value(spnego.negState() == null ? null : spnego.negState().name());
    json.name("supportedMech");
    if (spnego.supportedMech() == null) {
      json.nullValue();
    } else {
      mech(json, spnego.supportedMech());
    }
    json.name("mechListMic").value(spnego.mechListMic());
    json.endObject();
  }

  private static void mech(JsonWriter json, String oid) {
    json.beginObject();
    json.name("oid").value(oid);
    json.name("name").value(oid == null ? null : Mechanisms.nameOf(oid));
    json.endObject();
  }

  private static void message(JsonWriter json, NtlmMessage message) {
    json.beginObject();
    json.name("type").value(message.type().name());
    json.name("flags").beginObject();
    json.name("value").value(hex32(message.flags()));
    json.name("names");
    strings(json, message.flagNames());
    json.endObject();
    json.name("version");
    version(json, message.version());
    if (message instanceof NegotiateMessage negotiate) {
      json.name("domain").value(negotiate.domain());
      json.name("workstation").value(negotiate.workstation());
    } else if (message instanceof ChallengeMessage challenge) {
      json.name("targetName").value(challenge.targetName());
      json.name("serverChallenge").value(challenge.serverChallengeHex());
      json.name("targetInfo");
      avPairs(json, challenge.targetInfo());
    } else {
      authenticate(json, (AuthenticateMessage) message);
    }
    json.endObject();
  }

  private static void authenticate(JsonWriter json, AuthenticateMessage m) {
    json.name("domain").value(m.domain());
    json.name("user").value(m.user());
    json.name("workstation").value(m.workstation());
    json.name("unicode").value(m.unicode());
    json.name("responseKind").value(m.responseKind().name());
    json.name("lmResponseLength").value(m.lmResponseLength());
    json.name("ntResponseLength").value(m.ntResponseLength());
    json.name("sessionKeyLength").value(m.sessionKeyLength());
    json.name("headerLength").value(m.headerLength());
    json.name("micPresent").value(m.micPresent());
    json.name("micFlagged").value(m.micFlagged());
    json.name("ntlmv2");
    Ntlmv2Response v2 = m.ntlmv2();
    if (v2 == null) {
      json.nullValue();
    } else {
      json.beginObject();
      json.name("respType").value(v2.respType());
      json.name("hiRespType").value(v2.hiRespType());
      json.name("clientTimestamp");
      timestamp(json, v2.clientTimestamp(), v2.clientTimestampInstant());
      json.name("clientChallenge").value(v2.clientChallengeHex());
      json.name("avPairs");
      avPairs(json, v2.avPairs());
      json.endObject();
    }
    json.name("challengeIssuer").value(m.challengeIssuer());
    json.name("challengeTimestamp");
    TargetInfo echoed = m.echoedTargetInfo();
    Long fileTime = echoed.timestamp();
    if (fileTime == null) {
      json.nullValue();
    } else {
      timestamp(json, fileTime, echoed.timestampInstant());
    }
  }

  private static void avPairs(JsonWriter json, TargetInfo targetInfo) {
    json.beginArray();
    for (AvPair pair : targetInfo.pairs()) {
      json.beginObject();
      json.name("id").value(pair.id());
      json.name("name").value(pair.name());
      json.name("length").value(pair.length());
      if (pair instanceof AvPair.Text text) {
        json.name("value").value(text.value());
      } else if (pair instanceof AvPair.Timestamp time) {
        json.name("time").value(time.instant().toString());
        json.name("fileTime").value(hex64(time.fileTime()));
      } else if (pair instanceof AvPair.Flags flags) {
        json.name("value").value(hex32(flags.value()));
        json.name("names").beginArray();
        avFlagNames(json, flags.value());
        json.endArray();
      }
      // An AvPair.Opaque is kept by length only: its value identifies a machine or binds a channel.
      json.endObject();
    }
    json.endArray();
  }

  private static void avFlagNames(JsonWriter json, int value) {
    for (int bit = 0; bit < 32; bit++) {
      int mask = 1 << bit;
      if ((value & mask) == 0) {
        continue;
      }
      json.value(
          switch (mask) {
            case AvPair.Flags.CONSTRAINED -> "CONSTRAINED";
            case AvPair.Flags.MIC_PRESENT -> "MIC_PRESENT";
            case AvPair.Flags.SPN_UNTRUSTED -> "SPN_UNTRUSTED";
            default -> hex32(mask);
          });
    }
  }

  private static void timestamp(JsonWriter json, long fileTime, Instant instant) {
    json.beginObject();
    json.name("time").value(instant.toString());
    json.name("fileTime").value(hex64(fileTime));
    json.endObject();
  }

  private static void version(JsonWriter json, OsVersion version) {
    if (version == null) {
      json.nullValue();
      return;
    }
    json.beginObject();
    json.name("major").value(version.major());
    json.name("minor").value(version.minor());
    json.name("build").value(version.build());
    json.name("ntlmRevision").value(version.ntlmRevision());
    json.endObject();
  }

  private static void strings(JsonWriter json, List<String> values) {
    json.beginArray();
    for (String value : values) {
      json.value(value);
    }
    json.endArray();
  }

  private static String hex32(int value) {
    return "0x" + HEX.toHexDigits(value);
  }

  private static String hex64(long value) {
    return "0x" + HEX.toHexDigits(value);
  }
}
