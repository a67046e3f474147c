package io.github.ntlmaffinity.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * NTLM headers captured from real clients, loaded from the test resources under {@code /corpus/}
 * (see {@code corpus/README.md} there): one {@code <client>.jsonl} per client with the legs of each
 * login, {@code <client>.decoded.json} with Wireshark's and impacket's decodings of the same
 * headers, and {@code real-clients.jsonl} with what a challenger saw from curl, the JDK and
 * python-requests. The credentials in them are test-only ({@code EXAMPLE\alice}, {@code
 * Passw0rd!}); every CHALLENGE was issued by the harness node {@code NODE-A}.
 *
 * <pre>{@code
 * Corpus corpus = Corpus.load();
 * for (Corpus.Handshake h : corpus.handshakes("samba-ntlmssp")) {
 *   decode(h.authenticate().headerValue());
 * }
 * }</pre>
 */
public final class Corpus {

  /** The NTLM MessageType code of a NEGOTIATE (Type-1), as {@link Message#type()} gives it. */
  public static final int NEGOTIATE = 1;

  /** The NTLM MessageType code of a CHALLENGE (Type-2). */
  public static final int CHALLENGE = 2;

  /** The NTLM MessageType code of an AUTHENTICATE (Type-3). */
  public static final int AUTHENTICATE = 3;

  /** The per-client files, by base name. */
  public static final List<String> CLIENTS =
      List.of("hc5", "impacket-ntlm", "perl-lwp", "samba-ntlmssp", "samba-spnego");

  private static final ObjectMapper JSON = new ObjectMapper();
  private static Corpus instance;

  private final Map<String, List<Message>> messages;
  private final Map<String, List<JsonNode>> references;
  private final List<RealClientRequest> realClients;

  private Corpus() {
    Map<String, List<Message>> byFile = new LinkedHashMap<>();
    Map<String, List<JsonNode>> refs = new LinkedHashMap<>();
    for (String file : CLIENTS) {
      List<Message> lines = new ArrayList<>();
      for (JsonNode line : jsonLines("/corpus/" + file + ".jsonl")) {
        lines.add(Message.of(file, line));
      }
      byFile.put(file, Collections.unmodifiableList(lines));
      List<JsonNode> decoded = new ArrayList<>();
      read("/corpus/" + file + ".decoded.json").forEach(decoded::add);
      refs.put(file, Collections.unmodifiableList(decoded));
    }
    List<RealClientRequest> real = new ArrayList<>();
    for (JsonNode line : jsonLines("/corpus/real-clients.jsonl")) {
      real.add(RealClientRequest.of(line));
    }
    this.messages = Collections.unmodifiableMap(byFile);
    this.references = Collections.unmodifiableMap(refs);
    this.realClients = Collections.unmodifiableList(real);
  }

  /** The corpus, read once per class loader. */
  public static synchronized Corpus load() {
    if (instance == null) {
      instance = new Corpus();
    }
    return instance;
  }

  /** Every line of every per-client file, file by file, in file order. */
  public List<Message> messages() {
    List<Message> all = new ArrayList<>();
    messages.values().forEach(all::addAll);
    return all;
  }

  /** The lines of {@code <file>.jsonl}, e.g. {@code messages("hc5")}. */
  public List<Message> messages(String file) {
    List<Message> lines = messages.get(file);
    if (lines == null) {
      throw new IllegalArgumentException("no corpus file " + file + ".jsonl; known: " + CLIENTS);
    }
    return lines;
  }

  /**
   * The lines of {@code <file>.jsonl} that carry message {@code type} ({@link #NEGOTIATE}, {@link
   * #CHALLENGE} or {@link #AUTHENTICATE}).
   */
  public List<Message> messages(String file, int type) {
    return messages(file).stream().filter(m -> m.type() == type).toList();
  }

  /** The logins of {@code <file>.jsonl}, in file order, each with its three legs. */
  public List<Handshake> handshakes(String file) {
    Map<String, Message[]> legs = new LinkedHashMap<>();
    for (Message m : messages(file)) {
      legs.computeIfAbsent(m.handshake(), k -> new Message[3])[m.type() - 1] = m;
    }
    List<Handshake> result = new ArrayList<>();
    legs.forEach((id, l) -> result.add(new Handshake(id, l[0], l[1], l[2])));
    return result;
  }

  /**
   * The reference decodings of {@code <file>.decoded.json}: one object per distinct header, with
   * {@code message_type}, {@code handshake}, {@code header}, {@code header_value}, {@code impacket}
   * (impacket's reading, or {@code {"error": ...}}) and {@code tshark} (Wireshark's NTLMSSP/SPNEGO
   * dissector tree).
   */
  public List<JsonNode> references(String file) {
    List<JsonNode> refs = references.get(file);
    if (refs == null) {
      throw new IllegalArgumentException("no corpus file " + file + ".decoded.json");
    }
    return refs;
  }

  /** Every request of {@code real-clients.jsonl}, in order. */
  public List<RealClientRequest> realClients() {
    return realClients;
  }

  /**
   * The logins of {@code real-clients.jsonl}: each request answered with a CHALLENGE, and the next
   * request on the same TCP connection (peer), which carries the AUTHENTICATE.
   */
  public List<RealClientHandshake> realClientHandshakes() {
    List<RealClientHandshake> result = new ArrayList<>();
    for (int i = 0; i < realClients.size(); i++) {
      RealClientRequest negotiate = realClients.get(i);
      if (!"type2".equals(negotiate.sent())) {
        continue;
      }
      for (int j = i + 1; j < realClients.size(); j++) {
        RealClientRequest next = realClients.get(j);
        if (next.peer().equals(negotiate.peer())) {
          result.add(new RealClientHandshake(negotiate, next));
          break;
        }
      }
    }
    return result;
  }

  private static List<JsonNode> jsonLines(String path) {
    List<JsonNode> lines = new ArrayList<>();
    try (BufferedReader in =
        new BufferedReader(new InputStreamReader(open(path), StandardCharsets.UTF_8))) {
      for (String line = in.readLine(); line != null; line = in.readLine()) {
        if (!line.isBlank()) {
          lines.add(JSON.readTree(line));
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException(path, e);
    }
    return lines;
  }

  private static JsonNode read(String path) {
    try (InputStream in = open(path)) {
      return JSON.readTree(in);
    } catch (IOException e) {
      throw new UncheckedIOException(path, e);
    }
  }

  private static InputStream open(String path) {
    InputStream in = Corpus.class.getResourceAsStream(path);
    if (in == null) {
      throw new IllegalStateException("test resource " + path + " is missing");
    }
    return in;
  }

  private static String text(JsonNode node, String field) {
    JsonNode value = node.get(field);
    return value == null || value.isNull() ? null : value.asText();
  }

  /** The token of a {@code <scheme> <base64>} header value, decoded. */
  static byte[] tokenOf(String headerValue) {
    return Base64.getDecoder().decode(headerValue.substring(headerValue.indexOf(' ') + 1).trim());
  }

  /**
   * One line of a per-client file: one header of one leg of a login.
   *
   * @param file the file's base name, e.g. {@code samba-spnego}
   * @param client who sent it: the client, or {@code ntlm_node.py} for the harness's CHALLENGEs
   * @param clientVersion the sender's version string
   * @param handshake the login it belongs to, e.g. {@code corpus.hc5.ok-0}
   * @param scheme {@code NTLM} or {@code Negotiate}
   * @param wrapping {@code raw} or {@code spnego}
   * @param type which of the three messages: its MessageType code, 1 to 3
   * @param header {@code Authorization} or {@code WWW-Authenticate}
   * @param headerValue the header's value
   * @param notes the harness's notes, e.g. whether the acceptor verified the response
   */
  public record Message(
      String file,
      String client,
      String clientVersion,
      String handshake,
      String scheme,
      String wrapping,
      int type,
      String header,
      String headerValue,
      String notes) {

    static Message of(String file, JsonNode line) {
      return new Message(
          file,
          text(line, "client"),
          text(line, "client_version"),
          text(line, "handshake"),
          text(line, "scheme"),
          text(line, "wrapping"),
          messageType(text(line, "message_type")),
          text(line, "header"),
          text(line, "header_value"),
          text(line, "notes"));
    }

    /** The header's token, base64-decoded. */
    public byte[] token() {
      return tokenOf(headerValue);
    }

    /** Whether the token is SPNEGO-wrapped. */
    public boolean isSpnego() {
      return "spnego".equals(wrapping);
    }

    @Override
    public String toString() {
      return file + ' ' + handshake + ' ' + type;
    }
  }

  /**
   * The three legs of one login of a per-client file.
   *
   * @param id the handshake id
   * @param negotiate the Type-1 line
   * @param challenge the Type-2 line
   * @param authenticate the Type-3 line
   */
  public record Handshake(String id, Message negotiate, Message challenge, Message authenticate) {
    @Override
    public String toString() {
      return id;
    }
  }

  /**
   * One request of {@code real-clients.jsonl}.
   *
   * @param node the challenger node's name
   * @param peer the client's ip:port: the TCP connection
   * @param path the request path
   * @param userAgent the client's User-Agent
   * @param authorization the Authorization header, or {@code null}
   * @param sent {@code offer}, {@code type2} or {@code 200}
   * @param type2 the CHALLENGE's WWW-Authenticate value when {@code sent} is {@code type2}
   * @param challenge the server challenge in hex, or {@code null}
   * @param timestamp the CHALLENGE's MsvAvTimestamp as little-endian hex, or {@code null}
   */
  public record RealClientRequest(
      String node,
      String peer,
      String path,
      String userAgent,
      String authorization,
      String sent,
      String type2,
      String challenge,
      String timestamp) {

    static RealClientRequest of(JsonNode line) {
      return new RealClientRequest(
          text(line, "node"),
          text(line, "peer"),
          text(line, "path"),
          text(line, "ua"),
          text(line, "authorization"),
          text(line, "sent"),
          text(line, "type2"),
          text(line, "challenge"),
          text(line, "timestamp"));
    }

    /** {@link #timestamp()} as a FILETIME, or {@code null}. */
    public Long timestampFileTime() {
      if (timestamp == null) {
        return null;
      }
      byte[] le = Hex.parse(timestamp);
      long value = 0;
      for (int i = le.length - 1; i >= 0; i--) {
        value = value << 8 | (le[i] & 0xff);
      }
      return value;
    }
  }

  /**
   * A login of {@code real-clients.jsonl}.
   *
   * @param negotiate the request with the Type-1, answered with the CHALLENGE
   * @param authenticate the next request on the same connection, with the Type-3
   */
  public record RealClientHandshake(RealClientRequest negotiate, RealClientRequest authenticate) {

    @Override
    public String toString() {
      return negotiate.userAgent() + " on " + negotiate.peer();
    }
  }

  private static int messageType(String value) {
    return switch (value) {
      case "type1" -> NEGOTIATE;
      case "type2" -> CHALLENGE;
      case "type3" -> AUTHENTICATE;
      default -> throw new IllegalArgumentException("message_type " + value);
    };
  }
}
