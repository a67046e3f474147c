package io.github.ntlmaffinity.internal.config;

import io.github.ntlmaffinity.Balancer;
import io.github.ntlmaffinity.NtlmAffinity;
import io.github.ntlmaffinity.internal.AddressRanges;
import java.time.Duration;
import java.util.List;

/** The tracker's configuration, checked by {@link NtlmAffinity.Builder}. */
public record Settings(
    String nodeName,
    List<String> ntlmNames,
    AddressRanges trustedProxies,
    List<String> affinityCookies,
    Balancer balancer,
    int maxConnections,
    int maxChallenges,
    long maxRetainedBytes,
    Duration challengeTimeout,
    Duration connectionIdleTimeout,
    int repeatedHandshakeThreshold,
    Duration repeatedHandshakeWindow,
    Duration sweepInterval,
    int recentFindings,
    int recentHandshakes) {}
