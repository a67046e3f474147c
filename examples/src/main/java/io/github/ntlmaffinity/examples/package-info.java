/**
 * Runnable demos of ntlm-affinity. {@link io.github.ntlmaffinity.examples.ExampleCluster}
 * reproduces a load balancer breaking NTLM logins end to end: two {@link
 * io.github.ntlmaffinity.examples.BackendNode}s (Jetty, the filter, a demo NTLM acceptor) behind a
 * {@link io.github.ntlmaffinity.examples.LoadBalancer} (Jetty's reverse proxy) in three modes, with
 * real NTLM clients. {@link io.github.ntlmaffinity.examples.DecodeDemo} decodes one captured
 * handshake.
 *
 * <p>Demo code, not API: nothing here is published for use by applications.
 */
package io.github.ntlmaffinity.examples;
