/**
 * Delivery of findings and handshakes: numbering, the sinks (log lines, the recent buffers) and log
 * escaping.
 *
 * <p><b>Not API</b>: anything here may change or disappear in any release without notice; do not
 * use it from outside the project.
 */
package io.github.ntlmaffinity.internal.publish;
