package io.github.ntlmaffinity.cli;

import io.github.ntlmaffinity.wire.DecodeResult;
import io.github.ntlmaffinity.wire.MalformedReason;
import io.github.ntlmaffinity.wire.NtlmDecoder;
import java.util.List;
import java.util.Locale;

/**
 * Tells what a line of input is and decodes it:
 *
 * <ul>
 *   <li>a header line, {@code Name: value}, where the name is {@code Authorization} or {@code
 *       Proxy-Authorization} (decoded as credentials) or {@code WWW-Authenticate} or {@code
 *       Proxy-Authenticate} (decoded as a challenge list), in any case; a leading {@code "> "} or
 *       {@code "< "} from {@code curl -v} output is dropped. Other header names are rejected;
 *   <li>a header value: anything with white space or a comma, or a lone scheme name. One with a
 *       comma, or a lone scheme, is decoded as a challenge list ({@code Negotiate, NTLM}: a lone
 *       {@code NTLM} is an offer, not an error); else as credentials ({@code NTLM <b64>}), which
 *       explains a bad token best;
 *   <li>else a bare base64 token: NTLMSSP ({@code TlRMTVNTUA...}) as scheme NTLM, anything else as
 *       Negotiate. Offsets of header and base64 errors are then indexes into the token.
 * </ul>
 *
 * <p>A challenge list decodes to the single challenge it holds; with several, to the first that
 * carries a token (an NTLM message, another mechanism, an SPNEGO token, or a malformed one); when
 * none does, to {@link Decoded.Offers} listing them all.
 */
final class InputDecoder {
  private static final String NTLMSSP_BASE64 = "TlRMTVNTUA";

  private InputDecoder() {}

  static Decoded decode(String text) {
    String line = text.strip();
    if (line.startsWith("> ") || line.startsWith("< ")) {
      line = line.substring(2).strip();
    }
    int colon = headerNameEnd(line);
    if (colon > 0) {
      String name = line.substring(0, colon);
      int start = colon + 1;
      while (start < line.length() && (line.charAt(start) == ' ' || line.charAt(start) == '\t')) {
        start++;
      }
      // Offsets in the output are indexes into the value, as HTTP defines it: without the OWS.
      String value = line.substring(start);
      return switch (name.toLowerCase(Locale.ROOT)) {
        case "authorization", "proxy-authorization" ->
            new Decoded.Single("header-line", name, NtlmDecoder.decodeAuthorization(value));
        case "www-authenticate", "proxy-authenticate" -> challenges("header-line", name, value);
        default ->
            new Decoded.Rejected(
                "header-line",
                name,
                "UNSUPPORTED_HEADER",
                name
                    + " is not Authorization, WWW-Authenticate, Proxy-Authorization or"
                    + " Proxy-Authenticate");
      };
    }
    if (line.indexOf(',') >= 0 || isScheme(line)) {
      return challenges("header-value", null, line);
    }
    if (line.isEmpty() || line.indexOf(' ') >= 0 || line.indexOf('\t') >= 0) {
      return new Decoded.Single("header-value", null, NtlmDecoder.decodeAuthorization(line));
    }
    return new Decoded.Single("token", null, bareToken(line));
  }

  /** The index of the colon after a header name (an RFC 9110 token), or -1. */
  private static int headerNameEnd(String line) {
    for (int i = 0; i < line.length(); i++) {
      char c = line.charAt(i);
      if (c == ':') {
        return i;
      }
      if (!isTchar(c)) {
        return -1;
      }
    }
    return -1;
  }

  private static boolean isScheme(String line) {
    return line.equalsIgnoreCase("NTLM") || line.equalsIgnoreCase("Negotiate");
  }

  private static Decoded challenges(String input, String header, String value) {
    List<DecodeResult> results = NtlmDecoder.decodeWwwAuthenticate(value);
    if (results.isEmpty()) {
      return new Decoded.Single(
          input,
          header,
          new DecodeResult.Malformed(
              null,
              MalformedReason.HEADER_EMPTY,
              0,
              "empty " + (header == null ? "header value" : header + " header")));
    }
    if (results.size() == 1) {
      return new Decoded.Single(input, header, results.get(0));
    }
    for (DecodeResult result : results) {
      if (carriesToken(result)) {
        return new Decoded.Single(input, header, result);
      }
    }
    return new Decoded.Offers(input, header, results);
  }

  private static boolean carriesToken(DecodeResult result) {
    if (result instanceof DecodeResult.NoToken none) {
      return none.spnego() != null;
    }
    return !(result instanceof DecodeResult.NotNtlm);
  }

  /** A token without its scheme: decoded as {@code NTLM} or {@code Negotiate}, offsets mapped. */
  private static DecodeResult bareToken(String token) {
    String prefix = token.startsWith(NTLMSSP_BASE64) ? "NTLM " : "Negotiate ";
    DecodeResult result = NtlmDecoder.decodeAuthorization(prefix + token);
    if (result instanceof DecodeResult.Malformed bad && inHeaderValue(bad.reason())) {
      return new DecodeResult.Malformed(
          bad.scheme(), bad.reason(), Math.max(0, bad.offset() - prefix.length()), bad.detail());
    }
    return result;
  }

  private static boolean inHeaderValue(MalformedReason reason) {
    return reason.layer() == MalformedReason.Layer.HEADER
        || reason.layer() == MalformedReason.Layer.BASE64;
  }

  private static boolean isTchar(char c) {
    return (c >= 'A' && c <= 'Z')
        || (c >= 'a' && c <= 'z')
        || (c >= '0' && c <= '9')
        || "!#$%&'*+-.^_`|~".indexOf(c) >= 0;
  }
}
