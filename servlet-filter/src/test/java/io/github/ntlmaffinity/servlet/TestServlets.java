package io.github.ntlmaffinity.servlet;

import static java.nio.charset.StandardCharsets.UTF_8;

import jakarta.servlet.AsyncContext;
import jakarta.servlet.Filter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicReference;

/** The small applications the filter is put in front of, besides the NTLM acceptor. */
final class TestServlets {
  /** The message of the exception {@link Throwing} throws. */
  static final String FAILURE_MESSAGE = "the application failed";

  private TestServlets() {}

  /** Always throws a {@link ServletException}, remembering the instance it threw. */
  static final class Throwing extends HttpServlet {
    private static final long serialVersionUID = 1L;
    final transient AtomicReference<Throwable> thrown = new AtomicReference<>();

    @Override
    protected void doGet(HttpServletRequest request, HttpServletResponse response)
        throws ServletException {
      ServletException e = new ServletException(FAILURE_MESSAGE);
      thrown.set(e);
      throw e;
    }
  }

  /**
   * Goes async and answers from another thread: 202 with a custom header and a chunked body
   * (written without a Content-Length), then completes.
   */
  static final class Async extends HttpServlet {
    private static final long serialVersionUID = 1L;
    private final transient ExecutorService threads = Executors.newSingleThreadExecutor();

    @Override
    protected void doGet(HttpServletRequest request, HttpServletResponse response) {
      AsyncContext async = request.startAsync();
      threads.execute(
          () -> {
            try {
              HttpServletResponse r = (HttpServletResponse) async.getResponse();
              r.setStatus(HttpServletResponse.SC_ACCEPTED);
              r.setHeader("X-Async", "done");
              r.setContentType("text/plain;charset=utf-8");
              r.getOutputStream().write("first part, ".getBytes(UTF_8));
              r.flushBuffer();
              r.getOutputStream().write("second part\n".getBytes(UTF_8));
            } catch (IOException e) {
              log("async servlet failed", e);
            } finally {
              async.complete();
            }
          });
    }

    @Override
    public void destroy() {
      threads.shutdownNow();
    }
  }

  /** Echoes the container's view of the connection: {@code id remoteAddr:remotePort protocol}. */
  static final class ConnectionEcho extends HttpServlet {
    private static final long serialVersionUID = 1L;

    @Override
    protected void doGet(HttpServletRequest request, HttpServletResponse response)
        throws IOException {
      String text =
          request.getServletConnection().getConnectionId()
              + ' '
              + request.getRemoteAddr()
              + ':'
              + request.getRemotePort()
              + ' '
              + request.getProtocol()
              + '\n';
      byte[] bytes = text.getBytes(UTF_8);
      response.setContentType("text/plain;charset=utf-8");
      response.setContentLength(bytes.length);
      response.getOutputStream().write(bytes);
    }
  }

  /** Forwards every request to another path of the application. */
  static final class Forwarding extends HttpServlet {
    private static final long serialVersionUID = 1L;
    private final String target;

    Forwarding(String target) {
      this.target = target;
    }

    @Override
    protected void doGet(HttpServletRequest request, HttpServletResponse response)
        throws ServletException, IOException {
      request.getRequestDispatcher(target).forward(request, response);
    }
  }

  /**
   * Sits in front of the ntlm-affinity filter and records what comes out of the chain: the
   * exception that reaches the container must be the application's own instance.
   */
  static final class Outermost implements Filter {
    final AtomicReference<Throwable> escaped = new AtomicReference<>();

    @Override
    public void doFilter(ServletRequest request, ServletResponse response, FilterChain chain)
        throws IOException, ServletException {
      try {
        chain.doFilter(request, response);
      } catch (IOException | ServletException | RuntimeException | Error e) {
        escaped.set(e);
        throw e;
      }
    }
  }

  private static void log(String message, Throwable e) {
    System.err.println(message + ": " + e);
  }
}
