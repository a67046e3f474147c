/**
 * Micrometer meters for ntlm-affinity: {@link
 * io.github.ntlmaffinity.micrometer.NtlmAffinityMetrics} binds a tracker's exact counters to any
 * {@code MeterRegistry}, with or without Spring.
 */
package io.github.ntlmaffinity.micrometer;
