package io.github.ntlmaffinity;

import java.time.Duration;
import java.util.List;

/** The tracker's configuration, checked by {@link NtlmAffinity.Builder}. */
record Settings(
    String nodeName,
    List<String> ntlmNames,
    TrustedProxies trustedProxies,
    List<String> affinityCookies,
    Balancer balancer,
    int maxConnections,
    int maxChallenges,
    Duration challengeTimeout,
    Duration connectionIdleTimeout,
    int repeatedHandshakeThreshold,
    Duration repeatedHandshakeWindow,
    Duration sweepInterval,
    int recentFindings,
    int recentHandshakes) {}
