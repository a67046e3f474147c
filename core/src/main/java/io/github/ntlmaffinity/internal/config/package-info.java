/**
 * The settings and the one parser that maps text settings (init-params, properties) onto the
 * builder.
 *
 * <p><b>Not API</b>: anything here may change or disappear in any release without notice; do not
 * use it from outside the project.
 */
package io.github.ntlmaffinity.internal.config;
