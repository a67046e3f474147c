package io.github.ntlmaffinity;

import io.github.ntlmaffinity.wire.DecodeResult;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * One thing a source saw of an NTLM server's traffic, with the source's own time: the engine's
 * input. The servlet filter makes them live (see {@link NtlmAffinity.Builder#observer}); the CLI's
 * analysers make them from packet captures and browser HAR files; {@link Replay} turns any sequence
 * of them into the findings the filter would have raised on each node for the same traffic.
 *
 * <p>A {@link Request} and the {@link Response} that answers it share an exchange number, unique
 * per node. Observations hold no secret: the {@code Authorization} header is kept decoded, with the
 * responses, session key and MIC zeroed by the decoder, and {@code toString()} leaves out cookie
 * values.
 */
public sealed interface Observation
    permits Observation.Request,
        Observation.Challenge,
        Observation.Response,
        Observation.Closed,
        Observation.Expiry {

  /** When it happened, by the source's clock (a packet's timestamp, a log line's time). */
  Instant time();

  /** The server that saw it: a node name, or the server's {@code address:port} in a capture. */
  String node();

  /**
   * A request reached the node.
   *
   * @param time when
   * @param node the server
   * @param exchange the number that pairs it with its {@link Response}
   * @param connection the TCP connection it came on, as the server sees it
   * @param authorization its {@code Authorization} header decoded, or {@code null} when it has none
   * @param forwarded its {@code Forwarded} header, or {@code null}
   * @param xForwardedFor its {@code X-Forwarded-For} header, or {@code null}
   * @param cookies the values of the balancer's affinity cookies it carried, by name; empty when
   *     none (never printed by {@code toString()})
   */
  record Request(
      Instant time,
      String node,
      long exchange,
      ConnectionInfo connection,
      DecodeResult authorization,
      String forwarded,
      String xForwardedFor,
      Map<String, String> cookies)
      implements Observation {

    public Request {
      Objects.requireNonNull(time, "time");
      Objects.requireNonNull(node, "node");
      Objects.requireNonNull(connection, "connection");
      cookies = cookies == null ? Map.of() : Map.copyOf(cookies);
    }

    @Override
    public String toString() {
      return "Request[time="
          + time
          + ", node="
          + node
          + ", exchange="
          + exchange
          + ", connection="
          + connection
          + ", authorization="
          + authorization
          + ", forwarded="
          + forwarded
          + ", xForwardedFor="
          + xForwardedFor
          + ", cookies="
          + cookies.keySet()
          + "]";
    }
  }

  /**
   * A {@code WWW-Authenticate} value the node set on its response to a request, before the response
   * completed: a live node records each as it is set, since another connection's AUTHENTICATE can
   * arrive before the response that carries the CHALLENGE has completed. Sources that see whole
   * responses (captures) put the values in the {@link Response} instead.
   *
   * @param time when it was set
   * @param node the server
   * @param exchange the {@link Request#exchange()} whose response it is on
   * @param wwwAuthenticate the header value
   */
  record Challenge(Instant time, String node, long exchange, String wwwAuthenticate)
      implements Observation {

    public Challenge {
      Objects.requireNonNull(time, "time");
      Objects.requireNonNull(node, "node");
      Objects.requireNonNull(wwwAuthenticate, "wwwAuthenticate");
    }
  }

  /**
   * The node answered a request.
   *
   * @param time when the response's headers went out
   * @param node the server
   * @param exchange the {@link Request#exchange()} it answers
   * @param status the HTTP status
   * @param wwwAuthenticate its {@code WWW-Authenticate} values, one per header line; empty when
   *     none
   * @param closes whether the connection closes after it (RFC 9112: {@code Connection: close} on
   *     either side, or HTTP/1.0 without keep-alive)
   */
  record Response(
      Instant time,
      String node,
      long exchange,
      int status,
      List<String> wwwAuthenticate,
      boolean closes)
      implements Observation {

    public Response {
      Objects.requireNonNull(time, "time");
      Objects.requireNonNull(node, "node");
      wwwAuthenticate = wwwAuthenticate == null ? List.of() : List.copyOf(wwwAuthenticate);
    }
  }

  /**
   * A connection of the node closed.
   *
   * @param time when
   * @param node the server
   * @param connectionKey {@link ConnectionInfo#key()} of the connection
   */
  record Closed(Instant time, String node, String connectionKey) implements Observation {

    public Closed {
      Objects.requireNonNull(time, "time");
      Objects.requireNonNull(node, "node");
      Objects.requireNonNull(connectionKey, "connectionKey");
    }
  }

  /**
   * Time went on with no traffic, and the node expired what had timed out by then (a scheduler's
   * tick, {@link NtlmAffinity#expire()}). Sources without such ticks leave it to {@link
   * Replay#finish}.
   *
   * @param time when
   * @param node the server
   */
  record Expiry(Instant time, String node) implements Observation {

    public Expiry {
      Objects.requireNonNull(time, "time");
      Objects.requireNonNull(node, "node");
    }
  }
}
