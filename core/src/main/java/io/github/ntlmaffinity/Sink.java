package io.github.ntlmaffinity;

/**
 * Receives what the tracker finds. Called on the request thread, outside the tracker's locks; keep
 * it quick. An exception thrown by a sink is caught, counted and logged once: it never disturbs
 * tracking, the request, or other sinks.
 *
 * @see Sinks
 */
public interface Sink {

  /** A finding. */
  void onFinding(Finding finding);

  /**
   * A handshake changed: the response to one of its legs completed, or it ended. Ignored by
   * default.
   */
  default void onHandshake(Handshake handshake) {}
}
