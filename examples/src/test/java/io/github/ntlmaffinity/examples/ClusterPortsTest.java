package io.github.ntlmaffinity.examples;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** {@code --serve --port}: the balancer and the nodes listen where the person asked. */
class ClusterPortsTest {

  @Test
  void theBalancerAndTheNodesTakeTheGivenPorts() throws Exception {
    int port = freePort();
    int portA = freePort();
    int portB = freePort();
    try (Cluster cluster =
        Cluster.start(
            LoadBalancer.Mode.STICKY,
            UserTable.defaults(),
            portA,
            portB,
            port,
            Duration.ofSeconds(30))) {
      assertThat(cluster.balancer().port()).isEqualTo(port);
      assertThat(cluster.nodeA().port()).isEqualTo(portA);
      assertThat(cluster.nodeB().port()).isEqualTo(portB);
    }
  }

  private static int freePort() throws Exception {
    try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return s.getLocalPort();
    }
  }
}
