/**
 * The jakarta.servlet filter and diagnostics endpoint of ntlm-affinity.
 *
 * <p>Work in progress: the filter arrives with the tracking model; until then this module only
 * fixes the artifact and package names.
 */
package io.github.ntlmaffinity.servlet;
