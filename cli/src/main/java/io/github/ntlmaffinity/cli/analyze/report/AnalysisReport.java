package io.github.ntlmaffinity.cli.analyze.report;

import io.github.ntlmaffinity.Finding;
import io.github.ntlmaffinity.FindingType;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * What {@code analyze} found in its input files: where it read, a summary, the handshakes it
 * reconstructed with each leg, the engine's findings, and notes such as "partial: truncated file".
 * Holds no secret: no token bytes, no cookie values. Strings that come from the input (names, user
 * names, addresses) are kept as read: each writer escapes them for its medium.
 *
 * @param sources the files read, in the order given
 * @param summary the counts
 * @param handshakes the handshakes listed, in the order they started (broken ones always, healthy
 *     ones up to a cap: see {@link Summary#notListed()})
 * @param findings the findings tied to no listed handshake
 * @param notes what the reader wants the user to know about the input as a whole
 */
public record AnalysisReport(
    List<Source> sources,
    Summary summary,
    List<HandshakeReport> handshakes,
    List<Finding> findings,
    List<Note> notes) {

  public AnalysisReport {
    sources = List.copyOf(sources);
    handshakes = List.copyOf(handshakes);
    findings = List.copyOf(findings);
    notes = List.copyOf(notes);
  }

  /** Whether any handshake is broken. */
  public boolean hasBroken() {
    return summary.broken() > 0;
  }

  /**
   * Whether some input could be read only in part (or not at all), or a {@link Level#PARTIAL} note
   * says the input cannot show what was asked (e.g. the wrong side of the balancer).
   */
  public boolean isPartial() {
    return sources.stream().anyMatch(Source::partial)
        || notes.stream().anyMatch(n -> n.level() == Level.PARTIAL);
  }

  /**
   * One input file.
   *
   * @param name the file as given on the command line
   * @param format what it was recognised as, e.g. {@code pcapng}, {@code IIS W3C log}, {@code HAR}
   * @param bytes bytes read
   * @param items units read (packets, log lines, HAR entries)
   * @param unit the unit's name in the plural, e.g. {@code packets}
   * @param partial whether it could be read only in part (truncated, corrupt, unreadable)
   * @param detail why partial, or other facts about the file; empty when none
   */
  public record Source(
      String name,
      String format,
      long bytes,
      long items,
      String unit,
      boolean partial,
      List<String> detail) {

    public Source {
      detail = List.copyOf(detail);
    }
  }

  /**
   * The counts.
   *
   * @param handshakes handshakes seen (a NEGOTIATE, or an AUTHENTICATE that started none we saw)
   * @param broken handshakes with an error finding (split across connections or servers, a
   *     challenge on a closing connection, ...)
   * @param findingsByType every finding, by type
   * @param servers per server, in order of first sight
   * @param first the earliest time in the input, or {@code null} when none
   * @param last the latest time in the input, or {@code null}
   * @param notListed handshakes counted but not listed in {@link AnalysisReport#handshakes()}
   *     (healthy ones past the cap)
   */
  public record Summary(
      long handshakes,
      long broken,
      Map<FindingType, Long> findingsByType,
      List<ServerSummary> servers,
      Instant first,
      Instant last,
      long notListed) {

    public Summary {
      findingsByType = Map.copyOf(findingsByType);
      servers = List.copyOf(servers);
    }
  }

  /**
   * One server.
   *
   * @param server its {@code address:port} (or name, for logs)
   * @param names the NTLM computer names its CHALLENGEs carried
   * @param handshakes handshakes that had a leg on it
   * @param broken broken handshakes that had a leg on it
   * @param findings findings raised by it
   */
  public record ServerSummary(
      String server, List<String> names, long handshakes, long broken, long findings) {

    public ServerSummary {
      names = List.copyOf(names);
    }
  }

  /**
   * One handshake, joined across connections and servers by what its AUTHENTICATE echoes of the
   * CHALLENGE it answers (issuer name and timestamp), else by connection.
   *
   * @param number its number in this report, from 1
   * @param broken whether it has an error finding
   * @param outcome {@code succeeded}, {@code failed}, {@code abandoned}, {@code in progress}
   * @param user the {@code DOMAIN\\user} of its AUTHENTICATE, or {@code null}
   * @param legs its legs in time order
   * @param findings the engine's findings about it
   */
  public record HandshakeReport(
      int number,
      boolean broken,
      String outcome,
      String user,
      List<Leg> legs,
      List<Finding> findings) {

    public HandshakeReport {
      legs = List.copyOf(legs);
      findings = List.copyOf(findings);
    }
  }

  /**
   * One leg: an NTLM message, with where it travelled.
   *
   * @param time when (the packet's or log line's time)
   * @param client the client end ({@code address:port}; the balancer, behind one)
   * @param server the server end ({@code address:port}, or a server name for logs)
   * @param message {@code NEGOTIATE}, {@code CHALLENGE}, {@code AUTHENTICATE}, or what a source
   *     without tokens could tell (e.g. {@code 401 2 5})
   * @param status the HTTP status of the response (0 when not seen)
   * @param issuer for a CHALLENGE its NbComputerName; for an AUTHENTICATE the issuer it echoes;
   *     {@code null} when none
   * @param misplaced whether this leg went elsewhere (another connection or server) than the
   *     CHALLENGE it answers: the leg to highlight
   * @param inferred whether the leg was tied to its handshake by inference (no token, no port)
   */
  public record Leg(
      Instant time,
      String client,
      String server,
      String message,
      int status,
      String issuer,
      boolean misplaced,
      boolean inferred) {}

  /**
   * Something to know about the input as a whole.
   *
   * @param level how much it matters
   * @param text one or two sentences
   */
  public record Note(Level level, String text) {}

  /** How much a {@link Note} matters. */
  public enum Level {
    INFO,
    WARNING,
    /** Some input could not be read, or cannot show the backend side: results are partial. */
    PARTIAL
  }
}
