package io.github.ntlmaffinity.wire;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * Decodes {@code Authorization} and {@code WWW-Authenticate} headers of the NTLM and Negotiate
 * schemes into NTLM messages. Thread-safe and stateless.
 *
 * <pre>{@code
 * DecodeResult r = NtlmDecoder.decodeAuthorization(request.getHeader("Authorization"));
 * if (r instanceof DecodeResult.Ntlm ntlm
 *     && ntlm.message() instanceof AuthenticateMessage type3) {
 *   log.info("{}", type3.summary());
 * }
 * }</pre>
 *
 * <p>No input makes these methods throw, hang or allocate by a length the input declares: whatever
 * is wrong with a header comes back as {@link DecodeResult.Malformed} with a reason and an offset.
 * Header values longer than {@link #MAX_TOKEN_CHARS} are refused before decoding.
 */
public final class NtlmDecoder {

  /**
   * The longest token accepted, in base64 characters. NTLM tokens are well under 2 KiB; Kerberos
   * tokens with large PACs reach tens of KiB, and IIS accepts headers up to 64 KiB.
   */
  public static final int MAX_TOKEN_CHARS = 65_536;

  /** The longest scheme name a {@link DecodeResult.NotNtlm} repeats. */
  /** Longer than any registered HTTP authentication scheme name (IANA's longest has 13). */
  private static final int MAX_SCHEME_CHARS = 20;

  /** Schemes whose tokens are secrets or NTLM: a "scheme" starting with one is glued to it. */
  private static final List<String> GLUED_SCHEMES =
      List.of("Negotiate", "NTLM", "Basic", "Bearer", "Digest");

  /** The most AV pairs one list may hold; real lists hold about ten. */
  public static final int MAX_AV_PAIRS = 1_024;

  private NtlmDecoder() {}

  /**
   * Decodes an {@code Authorization} (or {@code Proxy-Authorization}) header value, e.g. {@code
   * NTLM TlRMTVNTUAABAAAA...}. The scheme is case-insensitive; surrounding white space and repeated
   * spaces after the scheme are allowed.
   *
   * @param headerValue the header's value, or {@code null} when the request had none
   * @return {@link DecodeResult.NotNtlm} for other schemes or no header, else the decoded token
   */
  public static DecodeResult decodeAuthorization(CharSequence headerValue) {
    if (headerValue == null) {
      return new DecodeResult.NotNtlm("");
    }
    if (headerValue instanceof String value) {
      // The form every client sends: the scheme as the specification writes it, one space, a
      // well-formed token. Anything else takes the general path below.
      AuthScheme scheme =
          value.startsWith("NTLM ")
              ? AuthScheme.NTLM
              : value.startsWith("Negotiate ") ? AuthScheme.NEGOTIATE : null;
      if (scheme != null) {
        DecodeResult result =
            wellFormedToken(scheme, value, scheme.headerName().length() + 1, value.length());
        if (result != null) {
          return result;
        }
      }
    }
    int end = trimEnd(headerValue, headerValue.length());
    int start = skipWhitespace(headerValue, 0, end);
    if (start == end) {
      return new DecodeResult.Malformed(
          null, MalformedReason.HEADER_EMPTY, 0, "empty authorization header");
    }
    int schemeEnd = start;
    while (schemeEnd < end && !isWhitespace(headerValue.charAt(schemeEnd))) {
      schemeEnd++;
    }
    AuthScheme scheme = AuthScheme.of(headerValue, start, schemeEnd);
    if (scheme == null) {
      // The scheme must be an RFC 9110 token: anything else means the separator was not a space
      // and the "scheme" would carry the token with it, which must never be echoed.
      for (int i = start; i < schemeEnd; i++) {
        if (!ChallengeParser.isTchar(headerValue.charAt(i))) {
          return new DecodeResult.Malformed(
              null,
              MalformedReason.HEADER_SYNTAX,
              i,
              String.format(
                  "U+%04X in the authentication scheme: schemes are tokens followed by a space",
                  (int) headerValue.charAt(i)));
        }
      }
      return otherScheme(headerValue, start, schemeEnd);
    }
    int tokenStart = skipWhitespace(headerValue, schemeEnd, end);
    if (tokenStart == end) {
      return new DecodeResult.Malformed(
          scheme,
          MalformedReason.MISSING_TOKEN,
          tokenStart,
          scheme.headerName() + " without a token");
    }
    return decodeToken(scheme, headerValue, tokenStart, end);
  }

  /**
   * Decodes a {@code WWW-Authenticate} (or {@code Proxy-Authenticate}) header value, which may hold
   * several challenges: {@code Negotiate, NTLM}, {@code NTLM TlRMTVNTUAACAAAA...}, {@code Basic
   * realm="x", Negotiate}. Bare offers come back as {@link DecodeResult.NoToken}, other schemes as
   * {@link DecodeResult.NotNtlm}.
   *
   * @param headerValue the header's value; {@code null} gives an empty list
   * @return one result per challenge, in header order; a syntax error ends the list with a {@link
   *     DecodeResult.Malformed}
   */
  public static List<DecodeResult> decodeWwwAuthenticate(CharSequence headerValue) {
    if (headerValue == null) {
      return List.of();
    }
    DecodeResult single = singleTokenChallenge(headerValue);
    if (single != null) {
      return List.of(single);
    }
    List<DecodeResult> results = new ArrayList<>(2);
    ChallengeParser parser = new ChallengeParser(headerValue);
    try {
      while (parser.next()) {
        AuthScheme scheme = AuthScheme.of(headerValue, parser.schemeStart, parser.schemeEnd);
        if (scheme == null) {
          DecodeResult other = otherScheme(headerValue, parser.schemeStart, parser.schemeEnd);
          results.add(other);
          if (other instanceof DecodeResult.Malformed) {
            break;
          }
        } else if (parser.tokenStart < 0) {
          results.add(new DecodeResult.NoToken(scheme, null));
        } else {
          results.add(decodeToken(scheme, headerValue, parser.tokenStart, parser.tokenEnd));
        }
      }
    } catch (MalformedException e) {
      results.add(e.toResult(null));
    }
    return Collections.unmodifiableList(results);
  }

  /**
   * A scheme that is neither NTLM nor Negotiate, made safe to show. Registered scheme names are
   * short; a longer "scheme", or one that starts with a known scheme's name, is a scheme glued to
   * its token ({@code NTLMTlRMTVNT...}, {@code BasicdXNlcjpw...}), and a token can be a secret: it
   * is reported without echoing any of it.
   */
  private static DecodeResult otherScheme(CharSequence value, int start, int end) {
    int length = end - start;
    if (length > MAX_SCHEME_CHARS) {
      return new DecodeResult.Malformed(
          null,
          MalformedReason.HEADER_SYNTAX,
          start,
          "a " + length + "-character scheme: no space between the scheme and its token?");
    }
    for (String known : GLUED_SCHEMES) {
      if (length >= known.length() + 4
          && value.subSequence(start, start + known.length()).toString().equalsIgnoreCase(known)) {
        return new DecodeResult.Malformed(
            AuthScheme.of(value, start, start + known.length()),
            MalformedReason.HEADER_SYNTAX,
            start + known.length(),
            known + " glued to what follows it: schemes are tokens followed by a space");
      }
    }
    return new DecodeResult.NotNtlm(value.subSequence(start, end).toString());
  }

  /**
   * The one challenge of a value that is exactly {@code NTLM <token>} or {@code Negotiate <token>},
   * the form every CHALLENGE takes, or {@code null} for any other value. A token of base64
   * characters running to the end of the value is what the general parser reads as the only
   * token68; this path skips its character-by-character scan of the token. Anything else, a
   * malformed token included, takes the general path.
   */
  private static DecodeResult singleTokenChallenge(CharSequence value) {
    int length = value.length();
    int schemeEnd = 0;
    while (schemeEnd < length && ChallengeParser.isTchar(value.charAt(schemeEnd))) {
      schemeEnd++;
    }
    AuthScheme scheme = AuthScheme.of(value, 0, schemeEnd);
    if (scheme == null || schemeEnd == length || !isWhitespace(value.charAt(schemeEnd))) {
      return null;
    }
    return wellFormedToken(scheme, value, skipWhitespace(value, schemeEnd, length), length);
  }

  /**
   * The token {@code value[start, end)} decoded, or {@code null} when it is empty, too long or not
   * well-formed base64 (or white space follows it): the general path says what is wrong.
   */
  private static DecodeResult wellFormedToken(
      AuthScheme scheme, CharSequence value, int start, int end) {
    if (start == end || end - start > MAX_TOKEN_CHARS) {
      return null;
    }
    byte[] token = Base64Codec.decodeIfWellFormed(value, start, end);
    if (token == null) {
      return null;
    }
    try {
      return token(scheme, token);
    } catch (MalformedException e) {
      return e.toResult(scheme);
    }
  }

  /**
   * Decodes the bytes of a token already taken out of its header: raw NTLMSSP, SPNEGO, or another
   * GSS-API mechanism.
   *
   * @param scheme the scheme that carried it; with {@link AuthScheme#NTLM} only NTLMSSP is valid
   * @param token the decoded token; not modified, not retained; {@code null} is an empty token
   */
  public static DecodeResult decodeToken(AuthScheme scheme, byte[] token) {
    if (token == null) {
      return new DecodeResult.Malformed(scheme, MalformedReason.EMPTY_TOKEN, 0, "no token");
    }
    try {
      // The parser keeps and changes the bytes it decodes: it gets its own.
      return token(scheme, token.clone());
    } catch (MalformedException e) {
      return e.toResult(scheme);
    }
  }

  private static DecodeResult decodeToken(
      AuthScheme scheme, CharSequence value, int start, int end) {
    if (end - start > MAX_TOKEN_CHARS) {
      return new DecodeResult.Malformed(
          scheme,
          MalformedReason.TOKEN_TOO_LARGE,
          start,
          "token of " + (end - start) + " characters, at most " + MAX_TOKEN_CHARS);
    }
    try {
      return token(scheme, Base64Codec.decode(value, start, end));
    } catch (MalformedException e) {
      return e.toResult(scheme);
    }
  }

  private static DecodeResult token(AuthScheme scheme, byte[] token) {
    if (token.length == 0) {
      throw new MalformedException(MalformedReason.EMPTY_TOKEN, 0, "token of zero bytes");
    }
    if (NtlmParser.hasSignature(token, 0, token.length)) {
      return new DecodeResult.Ntlm(
          scheme, Wrapping.RAW, null, NtlmParser.parse(token, 0, token.length));
    }
    if (scheme == AuthScheme.NEGOTIATE && SpnegoParser.looksLikeGss(token)) {
      return SpnegoParser.parse(scheme, token);
    }
    if (scheme == AuthScheme.NTLM) {
      // Let the NTLM parser name the first byte that breaks the signature.
      return new DecodeResult.Ntlm(
          scheme, Wrapping.RAW, null, NtlmParser.parse(token, 0, token.length));
    }
    throw new MalformedException(
        MalformedReason.UNKNOWN_TOKEN_FORMAT,
        0,
        String.format("token starts with 0x%02x: not NTLMSSP, SPNEGO or GSS-API", token[0] & 0xff));
  }

  static boolean isWhitespace(char c) {
    return c == ' ' || c == '\t';
  }

  static int skipWhitespace(CharSequence s, int from, int end) {
    while (from < end && isWhitespace(s.charAt(from))) {
      from++;
    }
    return from;
  }

  private static int trimEnd(CharSequence s, int end) {
    while (end > 0 && isWhitespace(s.charAt(end - 1))) {
      end--;
    }
    return end;
  }
}
