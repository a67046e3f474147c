/**
 * The engine: the tracker (its lock and order of operations), the correlator and its verdicts, the
 * tables with their caps and byte budget, every finding's wording and advice, and the recorder of a
 * node's observations.
 *
 * <p><b>Not API</b>: anything here may change or disappear in any release without notice; do not
 * use it from outside the project.
 */
package io.github.ntlmaffinity.internal.engine;
