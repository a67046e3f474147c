package io.github.ntlmaffinity.servlet;

/** The filter changes nothing the application or the client sees, on embedded Jetty. */
class JettyTransparencyTest extends TransparencyScenarios {
  @Override
  TestServer.Container container() {
    return TestServer.Container.JETTY;
  }
}
