/**
 * Implementation details shared by the ntlm-affinity modules. <b>Not API</b>: anything here may
 * change or disappear in any release without notice; do not use it from outside the project.
 */
package io.github.ntlmaffinity.internal;
