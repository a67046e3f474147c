package io.github.ntlmaffinity.cli.analyze.har;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadConstraints;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Streams a HAR 1.2 file (http://www.softwareishard.com/blog/har-12-spec/, as Chrome, Edge and
 * Firefox export it) with Jackson's streaming parser: bodies, cookies, timings and every other
 * header are skipped without being kept; the strings kept are cut to {@value #MAX_KEPT} characters,
 * at most {@value #MAX_ENTRIES} entries are kept. A file that is not JSON, or JSON without a
 * top-level {@code log}, is refused; a HAR that breaks off mid-way yields the entries before the
 * break, marked partial. Internal, not API.
 */
final class HarReader {
  static final int MAX_KEPT = 2048;
  static final int MAX_ENTRIES = 200_000;

  /**
   * Jackson checks every string it materialises against this (only the few fields read are); a
   * longer one stops the reading, which is then partial.
   */
  private static final int MAX_STRING = 64 * 1024 * 1024;

  private static final JsonFactory JSON =
      JsonFactory.builder()
          .streamReadConstraints(
              StreamReadConstraints.builder()
                  .maxStringLength(MAX_STRING)
                  .maxNestingDepth(200)
                  .maxNameLength(4096)
                  .build())
          .build();

  private HarReader() {}

  /** Reads {@code in}; throws {@link NotHarException} when it is not a HAR at all. */
  static HarFile read(InputStream in) throws IOException, NotHarException {
    List<HarEntry> entries = new ArrayList<>();
    String creator = null;
    String partial = null;
    long skipped = 0;
    boolean log = false;
    try (JsonParser p = JSON.createParser(in)) {
      if (p.nextToken() != JsonToken.START_OBJECT) {
        throw new NotHarException("not a HAR: the file is not a JSON object");
      }
      try {
        while (p.nextToken() == JsonToken.FIELD_NAME) {
          String name = p.currentName();
          JsonToken t = p.nextToken();
          if (name.equals("log") && t == JsonToken.START_OBJECT) {
            log = true;
            while (p.nextToken() == JsonToken.FIELD_NAME) {
              String field = p.currentName();
              JsonToken v = p.nextToken();
              if (field.equals("entries") && v == JsonToken.START_ARRAY) {
                while (p.nextToken() == JsonToken.START_OBJECT) {
                  if (entries.size() < MAX_ENTRIES) {
                    entries.add(entry(p, entries.size() + (int) skipped));
                  } else {
                    p.skipChildren();
                    skipped++;
                  }
                }
              } else if (field.equals("creator") && v == JsonToken.START_OBJECT) {
                creator = creator(p);
              } else {
                p.skipChildren();
              }
            }
          } else {
            p.skipChildren();
          }
        }
      } catch (JsonProcessingException e) {
        if (!log) {
          throw new NotHarException("not a HAR: " + firstLine(e.getOriginalMessage()));
        }
        partial =
            "the HAR breaks off after "
                + entries.size()
                + " entries ("
                + firstLine(e.getOriginalMessage())
                + ")";
      }
    } catch (JsonProcessingException e) {
      throw new NotHarException("not a HAR: not JSON (" + firstLine(e.getOriginalMessage()) + ")");
    }
    if (!log) {
      throw new NotHarException("not a HAR: the JSON has no top-level \"log\" object");
    }
    if (skipped > 0 && partial == null) {
      partial = "only the first " + MAX_ENTRIES + " entries were read; " + skipped + " skipped";
    }
    return new HarFile(creator, entries, partial);
  }

  private static String creator(JsonParser p) throws IOException {
    String name = null;
    String version = null;
    while (p.nextToken() == JsonToken.FIELD_NAME) {
      String f = p.currentName();
      p.nextToken();
      if (f.equals("name")) {
        name = text(p);
      } else if (f.equals("version")) {
        version = text(p);
      } else {
        p.skipChildren();
      }
    }
    return name == null ? null : version == null ? name : name + " " + version;
  }

  private static HarEntry entry(JsonParser p, int index) throws IOException {
    Builder b = new Builder();
    while (p.nextToken() == JsonToken.FIELD_NAME) {
      String f = p.currentName();
      JsonToken t = p.nextToken();
      switch (f) {
        case "startedDateTime" -> b.started = time(text(p));
        case "connection" -> b.connection = text(p);
        case "serverIPAddress" -> b.serverIp = text(p);
        case "request" -> {
          if (t == JsonToken.START_OBJECT) {
            message(p, b, true);
          } else {
            p.skipChildren();
          }
        }
        case "response" -> {
          if (t == JsonToken.START_OBJECT) {
            message(p, b, false);
          } else {
            p.skipChildren();
          }
        }
        default -> p.skipChildren();
      }
    }
    return b.build(index);
  }

  private static void message(JsonParser p, Builder b, boolean request) throws IOException {
    while (p.nextToken() == JsonToken.FIELD_NAME) {
      String f = p.currentName();
      JsonToken t = p.nextToken();
      if (f.equals("headers") && t == JsonToken.START_ARRAY) {
        headers(p, b, request);
      } else if (request && f.equals("method")) {
        b.method = text(p);
      } else if (request && f.equals("url")) {
        b.url = text(p);
      } else if (f.equals("httpVersion")) {
        if (request) {
          b.requestVersion = text(p);
        } else {
          b.responseVersion = text(p);
        }
      } else if (!request && f.equals("status") && t == JsonToken.VALUE_NUMBER_INT) {
        b.status = p.getIntValue();
      } else {
        p.skipChildren();
      }
    }
  }

  private static void headers(JsonParser p, Builder b, boolean request) throws IOException {
    while (p.nextToken() == JsonToken.START_OBJECT) {
      String name = null;
      String value = null;
      while (p.nextToken() == JsonToken.FIELD_NAME) {
        String f = p.currentName();
        p.nextToken();
        if (f.equals("name")) {
          name = text(p);
        } else if (f.equals("value") && (name == null || wanted(name))) {
          value = text(p);
        } else {
          p.skipChildren();
        }
      }
      if (request) {
        b.headerCount++;
      }
      if (name == null || value == null) {
        continue;
      }
      String n = name.toLowerCase(Locale.ROOT);
      if (request && n.equals("authorization")) {
        b.authorization = value;
      } else if (!request && n.equals("www-authenticate")) {
        // Firefox joins repeated headers with a newline into one value
        for (String line : value.split("\n")) {
          if (!line.isBlank() && b.wwwAuthenticate.size() < 16) {
            b.wwwAuthenticate.add(line.strip());
          }
        }
      } else if (!request && n.equals("connection")) {
        b.connectionHeader = value;
      }
    }
  }

  private static boolean wanted(String name) {
    return name.equalsIgnoreCase("Authorization")
        || name.equalsIgnoreCase("WWW-Authenticate")
        || name.equalsIgnoreCase("Connection");
  }

  /** The current string, cut to {@value #MAX_KEPT} characters; {@code null} for a non-string. */
  private static String text(JsonParser p) throws IOException {
    if (p.currentToken() != JsonToken.VALUE_STRING) {
      p.skipChildren();
      return null;
    }
    String s = p.getText();
    return s.length() > MAX_KEPT ? s.substring(0, MAX_KEPT) : s;
  }

  private static Instant time(String s) {
    if (s == null) {
      return null;
    }
    try {
      return OffsetDateTime.parse(s).toInstant();
    } catch (DateTimeParseException e) {
      try {
        return Instant.parse(s);
      } catch (DateTimeParseException e2) {
        return null;
      }
    }
  }

  private static String firstLine(String s) {
    if (s == null) {
      return "unreadable";
    }
    int nl = s.indexOf('\n');
    String line = nl < 0 ? s : s.substring(0, nl);
    return line.length() > 200 ? line.substring(0, 200) : line;
  }

  /** Collects one entry's fields. */
  private static final class Builder {
    Instant started;
    String method;
    String url;
    String requestVersion;
    String responseVersion;
    int status;
    String connection;
    String serverIp;
    String authorization;
    final List<String> wwwAuthenticate = new ArrayList<>();
    String connectionHeader;
    int headerCount;

    HarEntry build(int index) {
      String origin = null;
      String host = null;
      if (url != null) {
        try {
          URI u = URI.create(url);
          host = u.getHost();
          if (u.getScheme() != null && host != null) {
            int port = u.getPort();
            if (port < 0) {
              port = u.getScheme().equalsIgnoreCase("https") ? 443 : 80;
            }
            origin = u.getScheme().toLowerCase(Locale.ROOT) + "://" + host + ":" + port;
          }
        } catch (IllegalArgumentException e) {
          // a URL the JDK cannot parse: no origin, the entry still counts
        }
      }
      String version =
          responseVersion != null && !responseVersion.isEmpty() ? responseVersion : requestVersion;
      boolean closes =
          (connectionHeader != null && connectionHeader.toLowerCase(Locale.ROOT).contains("close"))
              || ("HTTP/1.0".equalsIgnoreCase(version)
                  && (connectionHeader == null
                      || !connectionHeader.toLowerCase(Locale.ROOT).contains("keep-alive")));
      return new HarEntry(
          index,
          started,
          method,
          url,
          origin == null ? "?" : origin,
          host,
          version,
          status,
          connection == null || connection.isEmpty() ? null : connection,
          serverIp == null || serverIp.isEmpty() ? null : serverIp,
          authorization,
          List.copyOf(wwwAuthenticate),
          closes,
          headerCount);
    }
  }

  /** The file is not a HAR at all. */
  static final class NotHarException extends Exception {
    private static final long serialVersionUID = 1L;

    NotHarException(String message) {
      super(message);
    }
  }

  /**
   * What was read.
   *
   * @param creator the {@code creator}'s name and version, or {@code null}
   * @param entries the entries, in file order
   * @param partial why the reading stopped early, or {@code null} when the whole file was read
   */
  record HarFile(String creator, List<HarEntry> entries, String partial) {}
}
