package io.github.ntlmaffinity.wire;

/** The three NTLM message types (MS-NLMP 2.2.1), in the order a handshake sends them. */
public enum MessageType {
  /** Type-1, client to server, in {@code Authorization}. */
  NEGOTIATE(1),
  /** Type-2, server to client, in the 401's {@code WWW-Authenticate}. */
  CHALLENGE(2),
  /** Type-3, client to server, in {@code Authorization}. */
  AUTHENTICATE(3);

  private final int code;

  MessageType(int code) {
    this.code = code;
  }

  /** The MessageType field's value on the wire. */
  public int code() {
    return code;
  }
}
