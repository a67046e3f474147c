package io.github.ntlmaffinity.internal.engine;

import io.github.ntlmaffinity.Balancer;
import java.util.Objects;

/**
 * The advice for the six findings about the path between client and backend, for one balancer, each
 * set by the name of its finding (never by position): {@link Builder#build()} refuses a set with
 * one missing. {@link Advice} chooses among them; the vendor facts behind each sentence, with their
 * sources, are in {@code docs/balancers.md}.
 */
record PathFixes(
    String splitConnections,
    String splitNodes,
    String abandoned,
    String closing,
    String http2,
    String shared) {

  static PathFixes of(Balancer balancer) {
    return switch (balancer) {
      case GENERIC -> GENERIC;
      case HAPROXY -> HAPROXY;
      case NGINX_PLUS -> NGINX_PLUS;
      case NGINX -> NGINX;
      case F5_BIG_IP -> F5_BIG_IP;
      case CITRIX_NETSCALER -> CITRIX_NETSCALER;
      case AVI -> AVI;
      case TRAEFIK -> TRAEFIK;
      case AWS -> AWS;
      case AZURE_APPLICATION_GATEWAY -> AZURE_APPLICATION_GATEWAY;
      case ENVOY -> ENVOY;
    };
  }

  private static final PathFixes GENERIC =
      new Builder()
          .splitConnections(
              "Give each client connection a dedicated backend connection (no pooling or reuse across"
                  + " clients, HTTP/1.1 keep-alive to the backend) and add cookie-based persistence so"
                  + " clients that reconnect reach the same node.")
          .splitNodes(
              "Add cookie-based persistence so all of a client's requests reach the node that issued"
                  + " its challenge (source-IP affinity fails behind NAT), and give each client"
                  + " connection a dedicated backend connection.")
          .abandoned(
              "The AUTHENTICATE never came back on this connection: give each client connection a"
                  + " dedicated backend connection, keep it open between the 401 and the next request,"
                  + " and add cookie-based persistence.")
          .closing(
              "The 401 carrying the challenge closed the backend connection, so the handshake cannot"
                  + " finish: use HTTP/1.1 keep-alive to the backend, never HTTP/1.0 or Connection:"
                  + " close, with a backend keep-alive timeout longer than the balancer's.")
          .http2(
              "NTLM authenticates a connection and cannot work over HTTP/2 or HTTP/3: speak HTTP/1.1"
                  + " from the balancer to this backend, and where clients reach it by TCP"
                  + " passthrough, stop offering h2 in its ALPN for this host.")
          .shared(
              "A backend connection authenticated as one user carries other clients' requests, which"
                  + " then run as that user: turn off connection pooling or multiplexing to this"
                  + " backend, or pin each backend connection to one client connection.")
          .build();

  private static final PathFixes HAPROXY =
      new Builder()
          .splitConnections(
              "In mode http HAProxy keeps a server connection private once its 401 offers NTLM or"
                  + " Negotiate, whatever http-reuse says; remove option http-server-close and option"
                  + " httpclose, which close it after that 401. Or balance this service in mode tcp.")
          .splitNodes(
              "Add persistence: cookie SRV insert with a cookie on each server line, balance source,"
                  + " or a stick-table on src (option prefer-last-server alone is not persistence);"
                  + " and keep option http-server-close off. Or use mode tcp.")
          .abandoned(
              "The AUTHENTICATE left the connection that carried the challenge: remove option"
                  + " http-server-close and option httpclose so the server connection stays open and"
                  + " private, and add persistence (cookie or balance source) for reconnecting clients.")
          .closing(
              "option http-server-close and option httpclose make HAProxy close the server connection"
                  + " after each response, the 401 with the challenge included: remove both (the"
                  + " default keep-alive mode keeps NTLM connections private), or use mode tcp.")
          .http2(
              "Speak HTTP/1.1 to this server: remove proto h2 and h2 from alpn on its server line,"
                  + " since NTLM cannot work over HTTP/2.")
          .shared(
              "HAProxy marks a server connection private only when the 401 offers NTLM or Negotiate:"
                  + " check the server's WWW-Authenticate, run a maintained HAProxy release, and that"
                  + " no proxy in front pools connections; or use mode tcp.")
          .build();

  private static final PathFixes NGINX_PLUS =
      new Builder()
          .splitConnections(
              "Add ntlm to the upstream block (after any balancing method) with keepalive, and"
                  + " proxy_http_version 1.1 plus proxy_set_header Connection \"\" in the location:"
                  + " nginx Plus then binds the upstream connection to the client connection.")
          .splitNodes(
              "ntlm binds the connection, not the server a new client connection goes to: add sticky"
                  + " cookie to the upstream block (or a hash method declared before ntlm) so clients"
                  + " that reconnect return to the server that challenged them.")
          .abandoned(
              "Add ntlm to the upstream block with keepalive, and proxy_http_version 1.1 plus"
                  + " proxy_set_header Connection \"\" in the location, so the upstream connection stays"
                  + " bound to the client connection between the 401 and the AUTHENTICATE.")
          .closing(
              "nginx talks HTTP/1.0 with Connection: close to upstreams by default: set"
                  + " proxy_http_version 1.1 and proxy_set_header Connection \"\" in the location, and"
                  + " add ntlm and keepalive to the upstream block.")
          .http2(
              "Keep this upstream on HTTP/1.1 (proxy_pass with proxy_http_version 1.1, not grpc_pass)"
                  + " and add ntlm to its upstream block, since NTLM cannot work over HTTP/2.")
          .shared(
              "keepalive alone pools upstream connections for every client: add ntlm to the upstream"
                  + " block (with proxy_http_version 1.1 and proxy_set_header Connection \"\") so an"
                  + " NTLM-authenticated connection serves one client connection only.")
          .build();

  private static final PathFixes NGINX =
      new Builder()
          .splitConnections(
              "nginx open source and ingress-nginx cannot bind an upstream connection to a client (the"
                  + " ntlm directive is nginx Plus only), and ip_hash keeps the node, not the"
                  + " connection: proxy this service with the stream module (TCP), or use nginx Plus.")
          .splitNodes(
              "ip_hash keeps a client on one node but not on one connection, so NTLM still breaks:"
                  + " proxy this service with the stream module (TCP) and hash $remote_addr, or use"
                  + " nginx Plus with ntlm and sticky cookie.")
          .abandoned(
              "nginx open source opens or reuses upstream connections per request, so the AUTHENTICATE"
                  + " leaves the challenge's connection: proxy this service with the stream module"
                  + " (TCP), or use nginx Plus with the ntlm directive.")
          .closing(
              "nginx sends HTTP/1.0 and Connection: close upstream by default, closing the connection"
                  + " after the 401; keepalive then shares connections between clients, so proxy this"
                  + " service with the stream module (TCP) instead, or use nginx Plus with ntlm.")
          .http2(
              "Keep the upstream on HTTP/1.1 (proxy_pass, not grpc_pass); when the stream module"
                  + " passes TLS through, stop offering h2 in the backend's ALPN for this host, since"
                  + " NTLM cannot work over HTTP/2.")
          .shared(
              "upstream keepalive in nginx open source pools connections for all clients, so one"
                  + " user's NTLM connection serves others: proxy this service with the stream module"
                  + " (TCP), or use nginx Plus with ntlm.")
          .build();

  private static final PathFixes F5_BIG_IP =
      new Builder()
          .splitConnections(
              "OneConnect hands idle server-side connections to other clients: attach an NTLM profile"
                  + " to the virtual server alongside OneConnect, or remove the OneConnect profile; add"
                  + " cookie persistence for clients that reconnect.")
          .splitNodes(
              "Add cookie persistence (cookie insert) to the virtual server so a client's requests"
                  + " stay on one pool member, and keep an NTLM profile alongside OneConnect, or no"
                  + " OneConnect profile.")
          .abandoned(
              "The server-side connection left the client between the 401 and the AUTHENTICATE: attach"
                  + " an NTLM profile alongside OneConnect or remove the OneConnect profile, and add"
                  + " cookie persistence.")
          .closing(
              "Check that no iRule or HTTP profile setting adds Connection: close or HTTP/1.0 toward"
                  + " the pool, and pair OneConnect with an NTLM profile (or remove OneConnect) so the"
                  + " connection stays with this client.")
          .http2(
              "Speak HTTP/1.1 to this pool: remove any server-side HTTP/2 profile from the virtual"
                  + " server, and keep an NTLM profile alongside OneConnect, or no OneConnect.")
          .shared(
              "OneConnect is reusing an NTLM-authenticated server-side connection for other clients:"
                  + " attach an NTLM profile to the virtual server alongside OneConnect, or remove the"
                  + " OneConnect profile from it.")
          .build();

  private static final PathFixes CITRIX_NETSCALER =
      new Builder()
          .splitConnections(
              "Connection multiplexing hands the server connection to other clients between requests:"
                  + " disable it in the HTTP profile of this vserver or service (set ns httpProfile"
                  + " <name> -conMultiplex DISABLED) and add cookie-insert persistence.")
          .splitNodes(
              "Add cookie-insert persistence to the load-balancing vserver so a client's requests stay"
                  + " on one service, and disable connection multiplexing in its HTTP profile"
                  + " (-conMultiplex DISABLED).")
          .abandoned(
              "Disable connection multiplexing in the HTTP profile (-conMultiplex DISABLED) so the"
                  + " server connection stays with this client between the 401 and the AUTHENTICATE,"
                  + " and add cookie-insert persistence.")
          .closing(
              "Check the HTTP profile (maxReq 1 closes after every request) and rewrite policies do not"
                  + " close the server connection after the 401, and disable connection multiplexing"
                  + " (-conMultiplex DISABLED).")
          .http2(
              "Speak HTTP/1.1 to this service (no HTTP/2 in the service's HTTP profile) and disable"
                  + " connection multiplexing in that profile (-conMultiplex DISABLED).")
          .shared(
              "Connection multiplexing reused an NTLM-authenticated server connection for other"
                  + " clients: set -conMultiplex DISABLED in the HTTP profile of this vserver or"
                  + " service, which keeps one server connection per client connection.")
          .build();

  private static final PathFixes AVI =
      new Builder()
          .splitConnections(
              "Turn off Connection Multiplex in the virtual service's HTTP application profile, or"
                  + " keep detect_ntlm_app on (default since 20.1.3; Negotiate too since 22.1.1) so"
                  + " NTLM connections are not multiplexed; add cookie persistence for reconnects.")
          .splitNodes(
              "Add HTTP cookie persistence to the pool so a client's requests stay on one server, and"
                  + " keep NTLM connections unmultiplexed: detect_ntlm_app on, or Connection Multiplex"
                  + " off in the HTTP application profile.")
          .abandoned(
              "Keep the server connection with this client between the 401 and the AUTHENTICATE:"
                  + " Connection Multiplex off in the HTTP application profile, or detect_ntlm_app on;"
                  + " add cookie persistence for reconnects.")
          .closing(
              "Check that the application profile and DataScripts do not close the server connection"
                  + " after the 401, and turn Connection Multiplex off (or keep detect_ntlm_app on) in"
                  + " the HTTP application profile.")
          .http2(
              "Speak HTTP/1.1 to this pool (HTTP/2 to the backend disabled), and keep NTLM connections"
                  + " unmultiplexed: Connection Multiplex off or detect_ntlm_app on in the HTTP"
                  + " application profile.")
          .shared(
              "Connection multiplexing reused an NTLM-authenticated server connection for other"
                  + " clients: turn Connection Multiplex off in the HTTP application profile, or keep"
                  + " detect_ntlm_app on (before 22.1.1 it misses WWW-Authenticate: Negotiate).")
          .build();

  private static final PathFixes TRAEFIK =
      new Builder()
          .splitConnections(
              "Run Traefik v2.11.0 or later, which gives each client connection its own backend"
                  + " connection once the backend offers NTLM or Negotiate; set disableHTTP2: true on"
                  + " the serversTransport, and add a sticky cookie for multi-server services.")
          .splitNodes(
              "Traefik pins the connection, not the server: add loadBalancer.sticky.cookie to the"
                  + " service so a client's requests reach the server that challenged it, and run"
                  + " v2.11.0+ with disableHTTP2: true on the serversTransport.")
          .abandoned(
              "Run Traefik v2.11.0+ (HTTP/3 entry points: v2.11.57 or v3.7.13+) so the client keeps"
                  + " its own backend connection, set disableHTTP2: true on the serversTransport, and"
                  + " add loadBalancer.sticky.cookie for multi-server services.")
          .closing(
              "The 401 with the challenge closed the backend connection: check the backend's"
                  + " keep-alive setting and anything between Traefik and the backend that closes"
                  + " idle connections; run v2.11.0+ with disableHTTP2: true on the serversTransport.")
          .http2(
              "Traefik speaks HTTP/2 to HTTPS backends that offer it, and IIS answers"
                  + " HTTP_1_1_REQUIRED: set disableHTTP2: true on the serversTransport of this service"
                  + " and run v2.11.0+, which pins NTLM connections per client.")
          .shared(
              "Upgrade Traefik: v2.11.0+ dedicates a backend connection to each client connection once"
                  + " the backend offers NTLM or Negotiate, and v2.11.57 / v3.7.13 close the HTTP/3"
                  + " gap; until then turn HTTP/3 off and set disableHTTP2: true.")
          .build();

  private static final PathFixes AWS =
      new Builder()
          .splitConnections(
              "Application and Classic Load Balancer HTTP listeners multiplex backend connections"
                  + " across clients, which breaks NTLM: serve this site through a Network Load"
                  + " Balancer with a TCP listener (or a Classic Load Balancer TCP listener).")
          .splitNodes(
              "Use a Network Load Balancer with a TCP listener, which keeps each TCP connection on one"
                  + " target for its life, and enable source_ip stickiness on the target group if"
                  + " clients reconnect mid-handshake.")
          .abandoned(
              "ALB and Classic HTTP listeners pick backend connections per request, so the"
                  + " AUTHENTICATE left the challenge's connection: serve this site through a Network"
                  + " Load Balancer TCP listener.")
          .closing(
              "The 401 with the challenge closed the backend connection: serve this site through a"
                  + " Network Load Balancer TCP listener, and keep the backend's keep-alive timeout"
                  + " longer than the load balancer's idle timeout.")
          .http2(
              "An ALB target group with protocol version HTTP2 or gRPC speaks HTTP/2 to targets,"
                  + " where NTLM fails: use protocol version HTTP1, or better a Network Load Balancer"
                  + " TCP listener for this site.")
          .shared(
              "ALB and Classic Load Balancer HTTP listeners multiplex many clients over one backend"
                  + " connection, so an NTLM-authenticated connection serves other users: move this"
                  + " site to a Network Load Balancer TCP listener.")
          .build();

  private static final String AZURE =
      "Application Gateway v2 does not support proxying NTLM: publish this site through a layer-4"
          + " balancer (Azure Load Balancer), let clients reach the backend directly, or move them"
          + " to Kerberos.";

  private static final PathFixes AZURE_APPLICATION_GATEWAY =
      new Builder()
          .splitConnections(AZURE)
          .splitNodes(AZURE)
          .abandoned(AZURE)
          .closing(AZURE)
          .http2(
              "Application Gateway speaks HTTP/1.1 to backends, so HTTP/2 here comes from another hop;"
                  + " and Application Gateway v2 does not support proxying NTLM anyway: use a layer-4"
                  + " balancer, direct access, or Kerberos.")
          .shared(AZURE)
          .build();

  private static final String ENVOY_L4 =
      "Envoy's HTTP proxy pools upstream connections and cannot bind one to a client connection,"
          + " so it cannot carry NTLM: serve this site with a tcp_proxy listener or another"
          + " layer-4 balancer, let clients go direct, or move them to Kerberos.";

  private static final PathFixes ENVOY =
      new Builder()
          .splitConnections(ENVOY_L4)
          .splitNodes(ENVOY_L4)
          .abandoned(ENVOY_L4)
          .closing(ENVOY_L4)
          .http2(
              "NTLM cannot work over HTTP/2: remove HTTP/2 protocol options from this cluster; and"
                  + " since Envoy's HTTP proxy cannot carry NTLM at all, use a tcp_proxy listener,"
                  + " direct access, or Kerberos.")
          .shared(ENVOY_L4)
          .build();

  private static final class Builder {
    private String splitConnections;
    private String splitNodes;
    private String abandoned;
    private String closing;
    private String http2;
    private String shared;

    Builder splitConnections(String advice) {
      splitConnections = advice;
      return this;
    }

    Builder splitNodes(String advice) {
      splitNodes = advice;
      return this;
    }

    Builder abandoned(String advice) {
      abandoned = advice;
      return this;
    }

    Builder closing(String advice) {
      closing = advice;
      return this;
    }

    Builder http2(String advice) {
      http2 = advice;
      return this;
    }

    Builder shared(String advice) {
      shared = advice;
      return this;
    }

    PathFixes build() {
      return new PathFixes(
          Objects.requireNonNull(splitConnections, "splitConnections"),
          Objects.requireNonNull(splitNodes, "splitNodes"),
          Objects.requireNonNull(abandoned, "abandoned"),
          Objects.requireNonNull(closing, "closing"),
          Objects.requireNonNull(http2, "http2"),
          Objects.requireNonNull(shared, "shared"));
    }
  }
}
