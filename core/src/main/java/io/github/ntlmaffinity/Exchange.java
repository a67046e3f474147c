package io.github.ntlmaffinity;

import io.github.ntlmaffinity.wire.MessageType;

/**
 * One HTTP exchange the tracker is following: tell it about the response. Returned by {@link
 * NtlmAffinity#begin(ExchangeRequest)}; {@link #isTracked()} is false for the many requests that
 * need nothing more (then both methods return at once).
 *
 * <p>Call {@link #challenge(String)} with each {@code WWW-Authenticate} value as the application
 * sets it, <em>before</em> the response can reach the client, so that a fast AUTHENTICATE on
 * another connection or node is never judged before its CHALLENGE is known; then {@link
 * #complete(int, boolean)} once. Neither method throws.
 */
public final class Exchange {
  static final Exchange NONE = new Exchange(null, null, null, null, -1, null);

  private final Tracker tracker;
  final ConnectionState connection;
  final HandshakeState handshake;
  final MessageType type;
  final int leg;
  final ClientId client;
  private volatile boolean completed;
  // Set only when the node records its observations (NtlmAffinity.Builder#observer).
  private volatile Recorder.Recording recording;

  Exchange(
      Tracker tracker,
      ConnectionState connection,
      HandshakeState handshake,
      MessageType type,
      int leg,
      ClientId client) {
    this.tracker = tracker;
    this.connection = connection;
    this.handshake = handshake;
    this.type = type;
    this.leg = leg;
    this.client = client;
  }

  void record(Recorder.Recording recording) {
    this.recording = recording;
  }

  /** Whether the response matters to the tracker. */
  public boolean isTracked() {
    return tracker != null;
  }

  /**
   * Whether the response's {@code WWW-Authenticate} headers matter: the request was a NEGOTIATE,
   * whose 401 carries the CHALLENGE.
   */
  public boolean wantsChallenge() {
    return type == MessageType.NEGOTIATE;
  }

  /** A {@code WWW-Authenticate} value of the response; a CHALLENGE in it is recorded. */
  public void challenge(String wwwAuthenticate) {
    Recorder.Recording r = recording;
    if (r != null && wwwAuthenticate != null) {
      // Recorded and applied as one step, so a replay sees the steps in the tracker's order.
      synchronized (r.lock()) {
        challenge(wwwAuthenticate, r.challenge(wwwAuthenticate));
      }
      return;
    }
    challenge(wwwAuthenticate, null);
  }

  /** {@link #challenge(String)} at a time the source gives ({@code null}: the tracker's clock). */
  void challenge(String wwwAuthenticate, java.time.Instant at) {
    if (type != MessageType.NEGOTIATE || wwwAuthenticate == null) {
      return;
    }
    try {
      tracker.challenge(this, wwwAuthenticate, at);
    } catch (RuntimeException | StackOverflowError e) {
      tracker.internalError("challenge", e);
    }
  }

  /**
   * The response is complete.
   *
   * @param status the HTTP status
   * @param closesConnection whether the connection closes after it ({@code Connection: close},
   *     HTTP/1.0 without keep-alive, or the container's decision)
   */
  public void complete(int status, boolean closesConnection) {
    if (tracker == null || completed) {
      return;
    }
    Recorder.Recording r = recording;
    if (r == null) {
      complete(status, closesConnection, null);
      return;
    }
    synchronized (r.lock()) {
      complete(status, closesConnection, r.complete(status, closesConnection));
    }
  }

  /** {@link #complete(int, boolean)} at a time the source gives ({@code null}: the clock). */
  void complete(int status, boolean closesConnection, java.time.Instant at) {
    if (tracker == null || completed) {
      return;
    }
    completed = true;
    try {
      tracker.complete(this, status, closesConnection, at);
    } catch (RuntimeException | StackOverflowError e) {
      tracker.internalError("complete", e);
    }
  }
}
