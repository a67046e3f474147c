package io.github.ntlmaffinity.examples;

import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;
import org.eclipse.jetty.client.Destination;
import org.eclipse.jetty.client.HttpClient;
import org.eclipse.jetty.client.Result;
import org.eclipse.jetty.client.RoundRobinConnectionPool;
import org.eclipse.jetty.http.HttpCookie;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.HttpURI;
import org.eclipse.jetty.io.Connection;
import org.eclipse.jetty.proxy.ProxyHandler;
import org.eclipse.jetty.server.ConnectionMetaData;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;
import org.eclipse.jetty.util.Promise;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Jetty's reverse proxy with the example cluster's balancing: which node a request goes to, and
 * over which backend connection (see {@link LoadBalancer.Mode}).
 */
final class BalancingProxy extends ProxyHandler.Reverse {
  private static final Logger log = LoggerFactory.getLogger(BalancingProxy.class);
  private static final String INSERT_COOKIE_ATTRIBUTE =
      BalancingProxy.class.getName() + ".insertCookie";
  private static final String PIN_ATTRIBUTE = BalancingProxy.class.getName() + ".pin";

  private final Router router;

  private BalancingProxy(Router router) {
    super(router);
    this.router = router;
    setViaHost("balancer");
  }

  static BalancingProxy create(LoadBalancer.Mode mode, List<LoadBalancer.Backend> backends) {
    return new BalancingProxy(new Router(mode, backends));
  }

  @Override
  protected HttpClient newHttpClient() {
    HttpClient client = super.newHttpClient();
    if (router.mode == LoadBalancer.Mode.COOKIE_POOLED) {
      // Connections handed out in turn: consecutive requests of one client use different ones.
      client
          .getHttpClientTransport()
          .setConnectionPoolFactory(
              destination ->
                  new RoundRobinConnectionPool(destination, LoadBalancer.POOLED_CONNECTIONS));
    }
    return client;
  }

  @Override
  protected void doStart() throws Exception {
    super.doStart();
    if (router.mode == LoadBalancer.Mode.COOKIE_POOLED) {
      // Open the pool up front, so that the rotation is there from the first request.
      for (LoadBalancer.Backend backend : router.backends) {
        HttpClient client = getHttpClient();
        Destination destination = client.resolveDestination(client.newRequest(backend.uri()));
        try {
          destination
              .getConnectionPool()
              .preCreateConnections(LoadBalancer.POOLED_CONNECTIONS)
              .get(10, TimeUnit.SECONDS);
        } catch (ExecutionException | TimeoutException e) {
          // A node that is down gets its connections when it is back, on demand.
          log.warn("cannot open connections to {} yet: {}", backend, String.valueOf(e.getCause()));
        }
      }
    }
  }

  @Override
  protected void addProxyHeaders(
      Request clientToProxyRequest, org.eclipse.jetty.client.Request proxyToServerRequest) {
    super.addProxyHeaders(clientToProxyRequest, proxyToServerRequest);
    String client = Request.getRemoteAddr(clientToProxyRequest);
    proxyToServerRequest.headers(
        headers -> {
          String prior = headers.get("X-Forwarded-For");
          headers.put("X-Forwarded-For", prior == null ? client : prior + ", " + client);
        });
  }

  @Override
  protected void sendProxyToServerRequest(
      Request clientToProxyRequest,
      org.eclipse.jetty.client.Request proxyToServerRequest,
      Response proxyToClientResponse,
      Callback proxyToClientCallback) {
    Pin pin = (Pin) clientToProxyRequest.getConnectionMetaData().getAttribute(PIN_ATTRIBUTE);
    if (pin == null) {
      super.sendProxyToServerRequest(
          clientToProxyRequest, proxyToServerRequest, proxyToClientResponse, proxyToClientCallback);
      return;
    }
    pin.send(
        getHttpClient(),
        proxyToServerRequest,
        newServerToProxyResponseListener(
            clientToProxyRequest,
            proxyToServerRequest,
            proxyToClientResponse,
            proxyToClientCallback));
  }

  @Override
  protected org.eclipse.jetty.client.Response.CompleteListener newServerToProxyResponseListener(
      Request clientToProxyRequest,
      org.eclipse.jetty.client.Request proxyToServerRequest,
      Response proxyToClientResponse,
      Callback proxyToClientCallback) {
    Object insert = clientToProxyRequest.getAttribute(INSERT_COOKIE_ATTRIBUTE);
    if (!(insert instanceof LoadBalancer.Backend backend)) {
      return super.newServerToProxyResponseListener(
          clientToProxyRequest, proxyToServerRequest, proxyToClientResponse, proxyToClientCallback);
    }
    return new ProxyResponseListener(
        clientToProxyRequest, proxyToServerRequest, proxyToClientResponse, proxyToClientCallback) {
      @Override
      public void onHeaders(org.eclipse.jetty.client.Response serverToProxyResponse) {
        super.onHeaders(serverToProxyResponse);
        proxyToClientResponse
            .getHeaders()
            .add(
                HttpHeader.SET_COOKIE,
                LoadBalancer.AFFINITY_COOKIE + '=' + backend.name() + "; Path=/; HttpOnly");
      }
    };
  }

  /** Picks the node of each request: the rewrite function of the reverse proxy. */
  private static final class Router implements Function<Request, HttpURI> {
    private final LoadBalancer.Mode mode;
    private final List<LoadBalancer.Backend> backends;
    private final AtomicLong next = new AtomicLong();

    Router(LoadBalancer.Mode mode, List<LoadBalancer.Backend> backends) {
      this.mode = mode;
      this.backends = backends;
    }

    @Override
    public HttpURI apply(Request request) {
      LoadBalancer.Backend backend =
          switch (mode) {
            case ROUND_ROBIN -> inTurn();
            case COOKIE_POOLED -> byCookieElseInTurn(request);
            case STICKY -> pin(request).backend;
          };
      return HttpURI.build(request.getHttpURI())
          .scheme("http")
          .host(backend.host())
          .port(backend.port())
          .asImmutable();
    }

    private LoadBalancer.Backend inTurn() {
      return backends.get((int) Math.floorMod(next.getAndIncrement(), (long) backends.size()));
    }

    /** The node the affinity cookie names; else the next one, and the response sets the cookie. */
    private LoadBalancer.Backend byCookieElseInTurn(Request request) {
      List<HttpCookie> cookies = Request.getCookies(request);
      for (HttpCookie cookie : cookies) {
        if (LoadBalancer.AFFINITY_COOKIE.equals(cookie.getName())) {
          for (LoadBalancer.Backend b : backends) {
            if (b.name().equals(cookie.getValue())) {
              return b;
            }
          }
        }
      }
      LoadBalancer.Backend chosen = inTurn();
      request.setAttribute(INSERT_COOKIE_ATTRIBUTE, chosen);
      return chosen;
    }

    /**
     * The client connection's pin: made on its first request, kept as an attribute of the
     * connection itself, and closed (with its backend connection) when the client connection
     * closes.
     */
    private Pin pin(Request request) {
      ConnectionMetaData client = request.getConnectionMetaData();
      Pin pin = (Pin) client.getAttribute(PIN_ATTRIBUTE);
      if (pin == null) {
        pin = new Pin(byCookieElseInTurn(request));
        client.setAttribute(PIN_ATTRIBUTE, pin);
        Pin closing = pin;
        client
            .getConnection()
            .addEventListener(
                new Connection.Listener() {
                  @Override
                  public void onClosed(Connection connection) {
                    closing.close();
                  }
                });
      }
      return pin;
    }
  }

  /**
   * One client connection's own backend connection: opened on its first request, used for all of
   * them, never shared, closed with the client connection.
   */
  private static final class Pin {
    final LoadBalancer.Backend backend;
    private org.eclipse.jetty.client.Connection connection;
    private boolean closed;

    Pin(LoadBalancer.Backend backend) {
      this.backend = backend;
    }

    void send(
        HttpClient client,
        org.eclipse.jetty.client.Request request,
        org.eclipse.jetty.client.Response.CompleteListener listener) {
      org.eclipse.jetty.client.Connection open;
      synchronized (this) {
        open = connection;
      }
      if (open != null && !open.isClosed()) {
        open.send(request, listener);
        return;
      }
      // None yet, or the backend closed it: a new one (a handshake in flight on the old one is
      // lost, as it would be with HAProxy).
      client
          .resolveDestination(request)
          .newConnection(
              Promise.from(
                  opened -> {
                    boolean keep;
                    synchronized (this) {
                      keep = !closed;
                      if (keep) {
                        connection = opened;
                      }
                    }
                    if (keep) {
                      opened.send(request, listener);
                    } else {
                      opened.close();
                      fail(
                          request, listener, new IllegalStateException("client connection closed"));
                    }
                  },
                  failure -> fail(request, listener, failure)));
    }

    /**
     * Fails the exchange before it was sent: the proxy's listener answers the client with a 502, as
     * for any backend failure. There is no backend response.
     */
    private static void fail(
        org.eclipse.jetty.client.Request request,
        org.eclipse.jetty.client.Response.CompleteListener listener,
        Throwable failure) {
      listener.onComplete(new Result(request, failure, null));
    }

    void close() {
      org.eclipse.jetty.client.Connection open;
      synchronized (this) {
        closed = true;
        open = connection;
        connection = null;
      }
      if (open != null) {
        open.close();
      }
    }
  }
}
