package io.github.ntlmaffinity.cli.probe;

import java.io.EOFException;
import java.io.IOException;
import java.net.ConnectException;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import javax.net.ssl.SSLException;

/**
 * What every client of one run shares: the target, the deadline, the handshake budget, the account,
 * the scheme the service offers, and what the responses tell about the balancer.
 */
final class Session {
  private final Target target;
  private final Deadline deadline;
  private final Budget budget;
  private final Credentials credentials;
  private final long idleMillis;
  private final BalancerRecognizer recognizer = new BalancerRecognizer();
  private volatile String scheme = "NTLM";

  Session(
      Target target, Deadline deadline, Budget budget, Credentials credentials, long idleMillis) {
    this.target = target;
    this.deadline = deadline;
    this.budget = budget;
    this.credentials = credentials;
    this.idleMillis = idleMillis;
  }

  /** A new client connection; failures to connect end the run. */
  HttpLink open(String what) throws ProbeFailure, IOException {
    try {
      return HttpLink.open(target, deadline);
    } catch (Deadline.TimeUpException e) {
      throw e;
    } catch (IOException e) {
      throw new ProbeFailure(
          what + ": cannot connect to " + target.host() + ":" + target.port() + ": " + describe(e));
    }
  }

  /** One line about a network failure, for a person. */
  static String describe(IOException e) {
    String message = e.getMessage() == null ? "" : Terminal.escape(e.getMessage());
    if (e instanceof Deadline.TimeUpException) {
      return "no answer before the --timeout passed";
    }
    if (e instanceof SSLException) {
      return "TLS failed ("
          + message
          + "); for an internal CA use --trust-store FILE, or --insecure to skip verification";
    }
    if (e instanceof UnknownHostException) {
      return "unknown host " + message;
    }
    if (e instanceof ConnectException) {
      return "connection refused or unreachable (" + message + ")";
    }
    if (e instanceof SocketTimeoutException) {
      return "no answer in time (each step waits at most "
          + Deadline.STEP_MILLIS / 1000
          + " s, and never past --timeout)";
    }
    if (e instanceof EOFException) {
      return "the balancer closed the connection without answering";
    }
    if (e instanceof HttpLink.ProtocolException) {
      return "the answer is not HTTP/1.1 the probe can read (" + message + ")";
    }
    return e.getClass().getSimpleName() + (message.isEmpty() ? "" : ": " + message);
  }

  /** The {@code --idle} pause. */
  void idle() throws InterruptedException {
    if (idleMillis > 0) {
      deadline.pause(idleMillis);
    }
  }

  void saw(Reply reply) {
    recognizer.saw(reply);
  }

  Target target() {
    return target;
  }

  Deadline deadline() {
    return deadline;
  }

  Budget budget() {
    return budget;
  }

  Credentials credentials() {
    return credentials;
  }

  BalancerRecognizer recognizer() {
    return recognizer;
  }

  String scheme() {
    return scheme;
  }

  void scheme(String scheme) {
    this.scheme = scheme;
  }

  long idleMillis() {
    return idleMillis;
  }
}
