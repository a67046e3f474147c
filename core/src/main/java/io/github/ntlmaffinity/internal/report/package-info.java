/**
 * The views: the snapshot JSON, the decode-result JSON, and the JSON writer they share.
 *
 * <p><b>Not API</b>: anything here may change or disappear in any release without notice; do not
 * use it from outside the project.
 */
package io.github.ntlmaffinity.internal.report;
