package io.github.ntlmaffinity.cli.probe;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** https targets: trust, the loud --insecure switch, and HTTP/2 offered by ALPN. */
class ProbeTlsTest {
  @RegisterExtension static final BackendCluster cluster = BackendCluster.perClass();

  @Test
  void anUntrustedCertificateIsAClearErrorNamingTheWayOut() throws Exception {
    try (BalancerProcess nginx = BalancerProcess.nginxTls("nginx-tls.conf", cluster)) {
      ProbeRun run = ProbeRun.of(nginx.url());

      assertThat(run.status()).as(run.toString()).isEqualTo(3);
      assertThat(run.stderr())
          .contains("TLS failed")
          .contains("--trust-store")
          .doesNotContain("\tat ");
    }
  }

  @Test
  void aTrustStoreOfTheBalancersCertificateWorks() throws Exception {
    try (BalancerProcess nginx = BalancerProcess.nginxTls("nginx-tls.conf", cluster)) {
      ProbeRun run =
          ProbeRun.of(nginx.url(), "--json", "--trust-store", nginx.certificate().toString());

      assertThat(run.status()).as(run.toString()).isEqualTo(1);
      assertThat(run.check("one-connection")).isEqualTo("FAIL");
      assertThat(run.check("http2")).isEqualTo("PASS");
      assertThat(run.stderr()).doesNotContain("WARNING");
    }
  }

  @Test
  void insecureWarnsLoudly() throws Exception {
    try (BalancerProcess nginx = BalancerProcess.nginxTls("nginx-tls.conf", cluster)) {
      ProbeRun run = ProbeRun.of(nginx.url(), "--insecure");

      assertThat(run.status()).as(run.toString()).isEqualTo(1);
      assertThat(run.stderr()).contains("WARNING: --insecure");
    }
  }

  @Test
  void http2OfferedByAlpnIsReportedBroken() throws Exception {
    try (BalancerProcess nginx = BalancerProcess.nginxTls("nginx-tls-h2.conf", cluster)) {
      ProbeRun run =
          ProbeRun.of(nginx.url(), "--json", "--trust-store", nginx.certificate().toString());

      assertThat(run.check("http2")).as(run.toString()).isEqualTo("FAIL");
      assertThat(run.stdout()).contains("NTLM_OVER_HTTP2");
    }
  }
}
