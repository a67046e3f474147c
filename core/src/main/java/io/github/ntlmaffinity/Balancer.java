package io.github.ntlmaffinity;

/**
 * The load balancer in front of the backend, when known: findings then name the exact setting to
 * change. {@link #GENERIC} gives advice that holds for any balancer.
 */
public enum Balancer {
  /** Unknown or unnamed balancer: generic advice. */
  GENERIC,
  /** HAProxy. */
  HAPROXY,
  /** nginx Plus (commercial), which has the {@code ntlm} upstream directive. */
  NGINX_PLUS,
  /** nginx open source and ingress-nginx, which have no NTLM support. */
  NGINX,
  /** F5 BIG-IP LTM. */
  F5_BIG_IP,
  /** Citrix ADC / NetScaler. */
  CITRIX_NETSCALER,
  /** VMware Avi / NSX Advanced Load Balancer. */
  AVI,
  /** Traefik. */
  TRAEFIK,
  /** AWS Elastic Load Balancing (ALB, NLB, Classic). */
  AWS,
  /** Azure Application Gateway. */
  AZURE_APPLICATION_GATEWAY,
  /** Envoy (and meshes built on it). */
  ENVOY
}
