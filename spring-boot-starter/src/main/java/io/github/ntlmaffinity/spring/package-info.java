/**
 * Spring Boot auto-configuration for ntlm-affinity: {@link
 * io.github.ntlmaffinity.spring.NtlmAffinityAutoConfiguration} registers the filter, {@link
 * io.github.ntlmaffinity.spring.NtlmAffinityProperties} holds the {@code ntlm-affinity.*}
 * properties and {@link io.github.ntlmaffinity.spring.NtlmAffinityEndpoint} is the {@code
 * ntlmaffinity} Actuator endpoint.
 */
package io.github.ntlmaffinity.spring;
