package io.github.ntlmaffinity.internal.engine;

import io.github.ntlmaffinity.Exchange;
import io.github.ntlmaffinity.wire.DecodeResult;
import io.github.ntlmaffinity.wire.MessageType;

/**
 * The tracker's {@link Exchange}: the connection and handshake a request belongs to, and the
 * recording of its response when the node records (see {@code NtlmAffinity.Builder#observer}).
 */
public final class TrackedExchange implements Exchange {
  public static final TrackedExchange NONE = new TrackedExchange(null, null, null, null, -1, null);

  private final Tracker tracker;
  final ConnectionState connection;
  final HandshakeState handshake;
  final MessageType type;
  final int leg;
  final ClientId client;
  private volatile boolean completed;
  // Set only when the node records its observations (NtlmAffinity.Builder#observer).
  private volatile Recorder.Recording recording;

  TrackedExchange(
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
  @Override
  public boolean isTracked() {
    return tracker != null;
  }

  /**
   * Whether the response's {@code WWW-Authenticate} headers matter: the request was a NEGOTIATE,
   * whose 401 carries the CHALLENGE.
   */
  @Override
  public boolean wantsChallenge() {
    return type == MessageType.NEGOTIATE;
  }

  /** A {@code WWW-Authenticate} value of the response; a CHALLENGE in it is recorded. */
  @Override
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
  public void challenge(String wwwAuthenticate, java.time.Instant at) {
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
   * {@link #challenge(String, java.time.Instant)} with the value already decoded, by a source that
   * read the CHALLENGE's names from it first (a replay).
   */
  public void challenge(java.util.List<DecodeResult> wwwAuthenticate, java.time.Instant at) {
    if (type != MessageType.NEGOTIATE) {
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
  @Override
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
  public void complete(int status, boolean closesConnection, java.time.Instant at) {
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
