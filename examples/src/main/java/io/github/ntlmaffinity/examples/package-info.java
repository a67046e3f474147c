/** Runnable demos of ntlm-affinity. */
package io.github.ntlmaffinity.examples;
