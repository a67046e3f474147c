package io.github.ntlmaffinity.cli.analyze.har;

import io.github.ntlmaffinity.FindingType;
import java.time.Instant;
import java.util.List;

/**
 * One thing a HAR shows, in the project's finding types, with how sure it is. Holds no token bytes
 * and no cookie values. Internal, not API.
 *
 * @param type what was found
 * @param time the triggering entry's start
 * @param origin {@code scheme://host:port}
 * @param exact whether the HAR shows it directly (connection ids present) rather than by inference
 * @param explanation what the entries show, in one or two sentences
 * @param advice what to change
 * @param entries the entries it rests on (their index in the HAR, from 0)
 */
record HarFinding(
    FindingType type,
    Instant time,
    String origin,
    boolean exact,
    String explanation,
    String advice,
    List<Integer> entries) {}
