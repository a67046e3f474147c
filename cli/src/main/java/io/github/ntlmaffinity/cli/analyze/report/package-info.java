/**
 * The report every {@code analyze} source produces (packet captures, IIS logs, HAR files): the
 * {@link io.github.ntlmaffinity.cli.analyze.report.AnalysisReport} model, the {@link
 * io.github.ntlmaffinity.cli.analyze.report.ReportCollector} that builds it from the engine's
 * observations, and its text, JSON and HTML writers. Internal to the command line tool, not API.
 */
package io.github.ntlmaffinity.cli.analyze.report;
