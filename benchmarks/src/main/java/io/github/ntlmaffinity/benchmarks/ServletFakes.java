package io.github.ntlmaffinity.benchmarks;

import jakarta.servlet.DispatcherType;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletConnection;
import jakarta.servlet.http.Cookie;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpServletResponseWrapper;
import java.lang.reflect.Proxy;
import java.util.Enumeration;
import java.util.NoSuchElementException;

/**
 * A minimal servlet request, response and chain below the filter, for timing {@code
 * NtlmAffinityFilter.doFilter} without a container. Each is a servlet API wrapper around a proxy
 * that throws on every call, with the methods the filter uses overridden: a call the fakes do not
 * expect fails loudly instead of timing a proxy.
 *
 * <p>The request keeps its headers as a small array and looks them up the way Jetty 12's {@code
 * HttpFields} and Tomcat's {@code MimeHeaders} do: {@code getHeader} scans the fields and returns
 * the value; {@code getHeaders} returns a new {@code Enumeration} on every call, even for a header
 * that is absent, as both containers do ({@code HttpFields.getValues}, {@code MimeHeaders.values}).
 */
final class ServletFakes {
  private ServletFakes() {}

  /** A chain that does nothing, as a servlet with nothing to say. */
  static final FilterChain NOTHING = (request, response) -> {};

  /** A browser-like GET on {@code connectionId} from 127.0.0.1:{@code remotePort}. */
  static Request request(String connectionId, int remotePort, String authorization) {
    String[] headers = {
      "Host", "127.0.0.1:8080",
      "User-Agent", "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36",
      "Accept", "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8",
      "Accept-Encoding", "gzip, deflate",
      "Accept-Language", "en-GB,en;q=0.9",
      "Connection", "keep-alive",
      "Authorization", authorization
    };
    return new Request(headers, new Connection(connectionId), remotePort);
  }

  static HttpServletResponse response() {
    return new HttpServletResponseWrapper(unsupported(HttpServletResponse.class)) {
      @Override
      public int getStatus() {
        return 200;
      }

      @Override
      public boolean isCommitted() {
        return true;
      }

      @Override
      public String getHeader(String name) {
        return null;
      }
    };
  }

  private static <T> T unsupported(Class<T> type) {
    return type.cast(
        Proxy.newProxyInstance(
            ServletFakes.class.getClassLoader(),
            new Class<?>[] {type},
            (proxy, method, args) -> {
              throw new UnsupportedOperationException("the fake does not expect " + method);
            }));
  }

  /** See the class comment. */
  static final class Request extends HttpServletRequestWrapper {
    private final String[] headers;
    private final ServletConnection connection;
    private final int remotePort;

    Request(String[] headers, ServletConnection connection, int remotePort) {
      super(unsupported(HttpServletRequest.class));
      this.headers = headers;
      this.connection = connection;
      this.remotePort = remotePort;
    }

    @Override
    public DispatcherType getDispatcherType() {
      return DispatcherType.REQUEST;
    }

    @Override
    public String getHeader(String name) {
      for (int i = 0; i < headers.length; i += 2) {
        if (headers[i].equalsIgnoreCase(name) && headers[i + 1] != null) {
          return headers[i + 1];
        }
      }
      return null;
    }

    @Override
    public Enumeration<String> getHeaders(String name) {
      return new Enumeration<>() {
        private int next = find(0);

        private int find(int from) {
          for (int i = from; i < headers.length; i += 2) {
            if (headers[i].equalsIgnoreCase(name) && headers[i + 1] != null) {
              return i;
            }
          }
          return -1;
        }

        @Override
        public boolean hasMoreElements() {
          return next >= 0;
        }

        @Override
        public String nextElement() {
          if (next < 0) {
            throw new NoSuchElementException();
          }
          String value = headers[next + 1];
          next = find(next + 2);
          return value;
        }
      };
    }

    @Override
    public Cookie[] getCookies() {
      return null;
    }

    @Override
    public ServletConnection getServletConnection() {
      return connection;
    }

    @Override
    public String getLocalAddr() {
      return "127.0.0.1";
    }

    @Override
    public int getLocalPort() {
      return 8080;
    }

    @Override
    public String getRemoteAddr() {
      return "127.0.0.1";
    }

    @Override
    public int getRemotePort() {
      return remotePort;
    }

    @Override
    public String getProtocol() {
      return "HTTP/1.1";
    }

    @Override
    public boolean isAsyncStarted() {
      return false;
    }
  }

  private record Connection(String id) implements ServletConnection {
    @Override
    public String getConnectionId() {
      return id;
    }

    @Override
    public String getProtocol() {
      return "http/1.1";
    }

    @Override
    public String getProtocolConnectionId() {
      return "";
    }

    @Override
    public boolean isSecure() {
      return false;
    }
  }
}
