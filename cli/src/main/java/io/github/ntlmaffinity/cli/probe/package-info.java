/**
 * The {@code probe} command: drives NTLM handshakes through a load balancer from the outside and
 * says whether NTLM survives it. Internal, not API: only {@link
 * io.github.ntlmaffinity.cli.probe.ProbeCommand#run} is called from outside the package, by the
 * CLI's {@code Main}.
 */
package io.github.ntlmaffinity.cli.probe;
