package io.github.ntlmaffinity.cli;

import io.github.ntlmaffinity.internal.report.DecodeResultJson;
import io.github.ntlmaffinity.wire.AuthenticateMessage;
import io.github.ntlmaffinity.wire.ChallengeMessage;
import io.github.ntlmaffinity.wire.DecodeResult;
import io.github.ntlmaffinity.wire.NegotiateFlag;
import io.github.ntlmaffinity.wire.NegotiateMessage;
import io.github.ntlmaffinity.wire.NtlmMessage;
import io.github.ntlmaffinity.wire.TargetInfo;
import io.github.ntlmaffinity.wire.Wrapping;
import java.io.IOException;
import java.io.Reader;
import java.io.Writer;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * {@code decode} for a person: one block per header with the message type, the flags in words, the
 * names, and for an AUTHENTICATE the issuer and the exact time (to 100 ns) of the CHALLENGE it
 * answers, and which line of the input carried that CHALLENGE. Reading standard input, lines that
 * are not authentication headers (the rest of a {@code curl -v} trace or an HTTP dump) are skipped
 * and counted at the end. No token bytes are printed; every decoded string is escaped for a
 * terminal ({@link #clean}). Exit status as {@link DecodeCommand}'s.
 */
final class DecodeText {
  private static final Pattern AUTH_HEADER =
      Pattern.compile(
          "(?i)^(?:[<>] )?\\s*(?:authorization|www-authenticate|proxy-authorization"
              + "|proxy-authenticate)\\s*:.*");
  private static final Pattern VALUE = Pattern.compile("(?i)^(?:ntlm|negotiate)(?:\\s.*)?$");

  /** CHALLENGE lines remembered for "answers the CHALLENGE on line N": bounds the memory. */
  private static final int MAX_CHALLENGES = 100_000;

  private static final Pattern TOKEN = Pattern.compile("^[A-Za-z0-9+/]{16,}={0,2}$");

  private final Writer out;
  private final Map<Long, Integer> challengeLines = new HashMap<>();
  private int exitStatus = DecodeCommand.EXIT_OK;
  private int decoded;
  private int skipped;
  private int currentLine;

  DecodeText(Writer out) {
    this.out = out;
  }

  int exitStatus() {
    return exitStatus;
  }

  /** Decodes one input given on the command line. */
  void decode(String input) throws IOException {
    block(input, 0);
    out.flush();
  }

  /**
   * Decodes the authentication headers among the lines of {@code in}; skips and counts the rest.
   */
  void decodeLines(Reader in) throws IOException {
    DecodeCommand.LineReader lines = new DecodeCommand.LineReader(in, DecodeCommand.MAX_LINE_CHARS);
    for (String line = lines.next(); line != null; line = lines.next()) {
      String t = line.strip();
      if (t.isEmpty()) {
        continue;
      }
      if (lines.tooLong() || !(AUTH_HEADER.matcher(t).matches() || looksLikeValue(t))) {
        skipped++;
        continue;
      }
      block(t, lines.number());
      out.flush();
    }
    if (decoded == 0 || skipped > 0) {
      out.write(
          decoded
              + (decoded == 1 ? " header" : " headers")
              + " decoded"
              + (skipped == 0 ? "" : "; " + skipped + " other lines skipped (not NTLM headers)")
              + "\n");
    }
    out.flush();
  }

  private static boolean looksLikeValue(String line) {
    return VALUE.matcher(line).matches() || TOKEN.matcher(line).matches();
  }

  private void block(String input, int line) throws IOException {
    currentLine = line;
    Decoded d;
    try {
      d = InputDecoder.decode(input);
    } catch (RuntimeException e) {
      exitStatus = Math.max(exitStatus, DecodeCommand.EXIT_INTERNAL);
      write(line, "internal error", List.of(row("what", e.getClass().getName())));
      return;
    }
    decoded++;
    if (d.failed()) {
      exitStatus = Math.max(exitStatus, DecodeCommand.EXIT_MALFORMED);
    }
    String from = d.header() == null ? "" : clean(d.header()) + ": ";
    if (d instanceof Decoded.Rejected r) {
      write(line, from + "not an authentication header", List.of(row("why", clean(r.detail()))));
    } else if (d instanceof Decoded.Offers offers) {
      StringBuilder s = new StringBuilder();
      for (DecodeResult o : offers.offers()) {
        s.append(s.length() == 0 ? "" : ", ").append(clean(DecodeResultJson.summary(o)));
      }
      write(line, from + "offers only, no token", List.of(row("offers", s.toString())));
    } else {
      result(line, from, ((Decoded.Single) d).result());
    }
  }

  private void result(int line, String from, DecodeResult r) throws IOException {
    if (r instanceof DecodeResult.Ntlm n) {
      NtlmMessage m = n.message();
      String title =
          from
              + n.scheme().headerName()
              + " \u00b7 "
              + m.type().name()
              + (n.wrapping() == Wrapping.RAW ? "" : " in " + wrapping(n.wrapping()));
      write(line, title, rows(m, n));
    } else if (r instanceof DecodeResult.Malformed bad) {
      write(
          line,
          from + "malformed",
          List.of(
              row("reason", bad.reason().name()),
              row("at offset", String.valueOf(bad.offset())),
              row("detail", clean(bad.detail()))));
    } else {
      write(line, from + clean(DecodeResultJson.summary(r)), List.of());
    }
  }

  private List<Row> rows(NtlmMessage m, DecodeResult.Ntlm n) {
    List<Row> rows = new ArrayList<>();
    if (m instanceof NegotiateMessage neg) {
      add(rows, "workstation", neg.workstation());
      add(rows, "domain", neg.domain());
      if (neg.version() != null) {
        rows.add(row("client OS", clean(neg.version().toString())));
      }
    } else if (m instanceof ChallengeMessage ch) {
      TargetInfo ti = ch.targetInfo();
      add(rows, "issuer", named(ti.nbComputerName(), ti.dnsComputerName()));
      add(rows, "domain", named(ti.nbDomainName(), ti.dnsDomainName()));
      add(rows, "target", ch.targetName());
      Instant at = ti.timestampInstant();
      rows.add(
          row("issued at", at == null ? "no timestamp (answers cannot name it)" : at.toString()));
      if (ti.timestamp() != null && challengeLines.size() < MAX_CHALLENGES) {
        challengeLines.putIfAbsent(ti.timestamp(), currentLine);
      }
      if (ch.version() != null) {
        rows.add(row("server OS", clean(ch.version().toString())));
      }
    } else if (m instanceof AuthenticateMessage a) {
      rows.add(row("user", a.user().isEmpty() ? "(anonymous)" : clean(a.qualifiedUser())));
      add(rows, "workstation", a.workstation());
      rows.add(
          row(
              "response",
              a.responseKind().label()
                  + ", "
                  + a.headerLength()
                  + "-byte header"
                  + (a.micPresent() ? " with MIC" : ", no MIC")));
      String issuer = a.challengeIssuer();
      Instant at = a.echoedTargetInfo().timestampInstant();
      rows.add(row("challenge by", issuer == null ? "not named (no NTLMv2 blob)" : clean(issuer)));
      if (at != null) {
        rows.add(row("challenge at", at.toString()));
      }
      Long stamp = a.challengeTimestamp();
      if (stamp != null && currentLine > 0) {
        Integer on = challengeLines.get(stamp);
        rows.add(
            row(
                "answers",
                on == null
                    ? "no CHALLENGE seen earlier in this input"
                    : "the CHALLENGE on line " + on));
      }
    }
    rows.add(row("flags", flags(m.flags())));
    if (n.isNegotiateFallback()) {
      rows.add(row("note", "Negotiate carrying NTLM: the client got no Kerberos ticket"));
    }
    return rows;
  }

  private void write(int line, String title, List<Row> rows) throws IOException {
    StringBuilder s = new StringBuilder(256);
    s.append(line > 0 ? "line " + line + ": " : "").append(title).append('\n');
    for (Row r : rows) {
      s.append("  ").append(String.format("%-13s", r.name())).append(r.value()).append('\n');
    }
    out.write(s.append('\n').toString());
  }

  private static String named(String netbios, String dns) {
    if (netbios == null) {
      return dns;
    }
    return dns == null ? netbios : netbios + " (" + dns + ")";
  }

  private static void add(List<Row> rows, String name, String value) {
    if (value != null && !value.isEmpty()) {
      rows.add(row(name, clean(value)));
    }
  }

  private static Row row(String name, String value) {
    return new Row(name, value);
  }

  private static String wrapping(Wrapping w) {
    return w == Wrapping.SPNEGO_INIT ? "SPNEGO NegTokenInit" : "SPNEGO NegTokenResp";
  }

  /** The flags in words, lowest bit first: {@code unicode, ntlm, always sign, ..., 128-bit}. */
  static String flags(int flags) {
    StringBuilder s = new StringBuilder();
    for (String name : NegotiateFlag.names(flags)) {
      String word = name.startsWith("NEGOTIATE_") ? name.substring(10) : name;
      word =
          switch (word) {
            case "128", "56" -> word + "-bit";
            case "EXTENDED_SESSIONSECURITY" -> "extended session security";
            default -> word.toLowerCase(Locale.ROOT).replace('_', ' ');
          };
      s.append(s.length() == 0 ? "" : ", ").append(word);
    }
    return s.length() == 0 ? "none" : s.toString();
  }

  /**
   * {@code s} safe to print on a terminal: control characters (C0, DEL, C1) as {@code \xNN}; bidi
   * overrides, zero-width and other format characters and the line and paragraph separators as
   * {@code \}{@code uXXXX}, so nothing moves the cursor, changes colours or reorders the text.
   */
  static String clean(String s) {
    if (s == null) {
      return "";
    }
    StringBuilder out = new StringBuilder(s.length());
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c < 0x20 || (c >= 0x7f && c < 0xa0)) {
        out.append(String.format("\\x%02x", (int) c));
      } else if (Character.getType(c) == Character.FORMAT || c == '\u2028' || c == '\u2029') {
        out.append(String.format("\\u%04x", (int) c));
      } else {
        out.append(c);
      }
    }
    return out.toString();
  }

  /** One line of a block: a name and its (escaped) value. */
  private record Row(String name, String value) {}
}
