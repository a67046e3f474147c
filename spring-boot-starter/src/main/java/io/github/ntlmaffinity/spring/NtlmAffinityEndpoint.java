package io.github.ntlmaffinity.spring;

import io.github.ntlmaffinity.NtlmAffinity;
import java.util.Objects;
import org.springframework.boot.actuate.endpoint.annotation.Endpoint;
import org.springframework.boot.actuate.endpoint.annotation.ReadOperation;

/**
 * The {@code ntlmaffinity} Actuator endpoint: the tracker's snapshot as the JSON of {@link
 * io.github.ntlmaffinity.DiagnosticsSnapshot#toJson()}, the same document as the servlet
 * diagnostics endpoint's {@code ?format=json}: node, counters, recent findings and handshakes.
 *
 * <p>It shows user names, client addresses and the network's layout: it is reachable only as the
 * application's Actuator settings expose it ({@code
 * management.endpoints.web.exposure.include=ntlmaffinity}) and secure it.
 */
@Endpoint(id = NtlmAffinityEndpoint.ID)
public class NtlmAffinityEndpoint {
  /** The endpoint's id: {@code /actuator/ntlmaffinity}. */
  public static final String ID = "ntlmaffinity";

  private final NtlmAffinity affinity;
  private final boolean maskUsers;

  /**
   * @param affinity the tracker to show
   * @param maskUsers whether user names are shown as {@code a***}
   */
  public NtlmAffinityEndpoint(NtlmAffinity affinity, boolean maskUsers) {
    this.affinity = Objects.requireNonNull(affinity, "affinity");
    this.maskUsers = maskUsers;
  }

  /** The snapshot as one line of JSON, written as is. */
  @ReadOperation(produces = "application/json")
  public String snapshot() {
    return affinity.snapshot().toJson(maskUsers, false);
  }
}
