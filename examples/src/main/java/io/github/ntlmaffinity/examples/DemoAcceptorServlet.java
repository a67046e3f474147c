package io.github.ntlmaffinity.examples;

import jakarta.servlet.ServletConfig;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;
import jakarta.servlet.http.HttpServlet;
import java.io.IOException;
import java.time.Clock;

/**
 * The demo's NTLM acceptor for a WAR: {@code web.xml} names this class, and it builds the acceptor
 * the example nodes use (real CHALLENGEs, real NTLMv2 verification, the IIS status codes) from
 * init-params. For trying the filter in a standalone container without a Windows server.
 *
 * <pre>{@code
 * <servlet>
 *   <servlet-name>demo-acceptor</servlet-name>
 *   <servlet-class>io.github.ntlmaffinity.examples.DemoAcceptorServlet</servlet-class>
 *   <init-param><param-name>node</param-name><param-value>web01</param-value></init-param>
 * </servlet>
 * }</pre>
 *
 * <p>Init-params: {@value #NODE_INIT_PARAM}, the node whose NTLM names the CHALLENGEs carry ({@code
 * web01} gives {@code WEB01} and {@code web01.example.test}; default: the filter's node-name rules,
 * i.e. the system property {@code ntlmaffinity.nodeName}, else {@code demo-node}). The account is
 * {@code EXAMPLE\alice} with {@code Passw0rd!}.
 */
public final class DemoAcceptorServlet extends HttpServlet {
  private static final long serialVersionUID = 1L;

  /** The init-param naming the node. */
  public static final String NODE_INIT_PARAM = "node";

  private transient NtlmAcceptorServlet acceptor;

  @Override
  public void init(ServletConfig config) throws ServletException {
    super.init(config);
    String node = config.getInitParameter(NODE_INIT_PARAM);
    if (node == null || node.isBlank()) {
      node = System.getProperty("ntlmaffinity.nodeName", "demo-node");
    }
    acceptor =
        new NtlmAcceptorServlet(
            NodeIdentity.of(node.trim()),
            UserTable.defaults(),
            new AccessLog(1_000),
            Clock.systemUTC());
    acceptor.init(config);
  }

  @Override
  public void service(ServletRequest request, ServletResponse response)
      throws ServletException, IOException {
    acceptor.service(request, response);
  }

  @Override
  public void destroy() {
    if (acceptor != null) {
      acceptor.destroy();
    }
  }
}
