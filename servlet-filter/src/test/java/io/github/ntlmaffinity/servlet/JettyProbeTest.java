package io.github.ntlmaffinity.servlet;

/** The probe endpoint on embedded Jetty. */
class JettyProbeTest extends ProbeScenarios {
  @Override
  TestServer.Container container() {
    return TestServer.Container.JETTY;
  }
}
