package io.github.ntlmaffinity.cli.probe;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * One HTTP response as the probe keeps it: status, header fields (bounded in number and size) and
 * whether the server closes the connection after it. The body is read and dropped.
 *
 * @param status the status code
 * @param reason the reason phrase, as sent (escape before printing)
 * @param headers the header fields in order, names as sent
 * @param closes whether the connection ends after this response
 */
record Reply(int status, String reason, List<Header> headers, boolean closes) {

  /** Every value of the header {@code name}, in order. */
  List<String> values(String name) {
    List<String> values = new ArrayList<>();
    for (Header h : headers) {
      if (h.name().equalsIgnoreCase(name)) {
        values.add(h.value());
      }
    }
    return values;
  }

  /** The first value of the header {@code name}, or {@code null}. */
  String first(String name) {
    for (Header h : headers) {
      if (h.name().equalsIgnoreCase(name)) {
        return h.value();
      }
    }
    return null;
  }

  /** Whether a {@code WWW-Authenticate} field offers NTLM or Negotiate. */
  boolean offersNtlm() {
    return offeredScheme() != null;
  }

  /** {@code NTLM} when offered, else {@code Negotiate} when offered, else {@code null}. */
  String offeredScheme() {
    boolean negotiate = false;
    for (String value : values("WWW-Authenticate")) {
      for (String part : value.split(",")) {
        String scheme = part.strip().split(" ", 2)[0].toLowerCase(Locale.ROOT);
        if (scheme.equals("ntlm")) {
          return "NTLM";
        }
        negotiate |= scheme.equals("negotiate");
      }
    }
    return negotiate ? "Negotiate" : null;
  }

  /** One header field. */
  record Header(String name, String value) {}
}
