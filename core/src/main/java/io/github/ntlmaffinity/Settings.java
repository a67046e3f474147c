package io.github.ntlmaffinity;

import io.github.ntlmaffinity.internal.AddressRanges;
import java.time.Duration;
import java.util.List;

/** The tracker's configuration, checked by {@link NtlmAffinity.Builder}. */
record Settings(
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
