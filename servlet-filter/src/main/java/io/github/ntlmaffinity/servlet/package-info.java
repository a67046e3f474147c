/**
 * The jakarta.servlet side of ntlm-affinity: {@link
 * io.github.ntlmaffinity.servlet.NtlmAffinityFilter} turns each request into core's view and each
 * response's {@code WWW-Authenticate}, status and connection fate into tracker events; {@link
 * io.github.ntlmaffinity.servlet.NtlmAffinityDiagnosticsServlet} shows what the tracker found. The
 * other classes of this package are not API.
 */
package io.github.ntlmaffinity.servlet;
