package io.github.ntlmaffinity.jetty;

import io.github.ntlmaffinity.NtlmAffinity;
import java.util.Objects;
import java.util.function.Supplier;
import org.eclipse.jetty.io.Connection;
import org.eclipse.jetty.server.ConnectionMetaData;

/**
 * Tells the filter's engine the moment Jetty closes a connection, so that a CHALLENGE still waiting
 * on it is reported abandoned at once rather than at its timeout. Add it to each connector that
 * carries NTLM traffic:
 *
 * <pre>{@code
 * ServerConnector connector = new ServerConnector(server);
 * connector.addEventListener(NtlmAffinityConnectionListener.of(affinity));
 * // or, when the filter builds its engine from init-params (web.xml):
 * connector.addEventListener(new NtlmAffinityConnectionListener(() ->
 *     (NtlmAffinity) context.getServletContext().getAttribute(NtlmAffinityFilter.AFFINITY_ATTRIBUTE)));
 * }</pre>
 *
 * <p>The connection's key is Jetty's connection id, the same the servlet API reports as {@code
 * ServletConnection.getConnectionId()} and the filter uses. Never throws into Jetty.
 */
public final class NtlmAffinityConnectionListener implements Connection.Listener {
  private final Supplier<NtlmAffinity> engine;

  /**
   * @param engine gives the engine, or {@code null} while there is none yet (the filter builds it
   *     when the application starts, after the connector)
   */
  public NtlmAffinityConnectionListener(Supplier<NtlmAffinity> engine) {
    this.engine = Objects.requireNonNull(engine, "engine");
  }

  /** A listener for an engine built in code. */
  public static NtlmAffinityConnectionListener of(NtlmAffinity affinity) {
    Objects.requireNonNull(affinity, "affinity");
    return new NtlmAffinityConnectionListener(() -> affinity);
  }

  @Override
  public void onOpened(Connection connection) {
    // Nothing to do: the filter learns a connection from its first NTLM request.
  }

  @Override
  public void onClosed(Connection connection) {
    if (!(connection instanceof ConnectionMetaData metaData)) {
      return;
    }
    try {
      NtlmAffinity affinity = engine.get();
      if (affinity != null) {
        affinity.connectionClosed(metaData.getId());
      }
    } catch (RuntimeException e) {
      // A supplier that fails must not disturb Jetty; the engine itself never throws.
    }
  }
}
