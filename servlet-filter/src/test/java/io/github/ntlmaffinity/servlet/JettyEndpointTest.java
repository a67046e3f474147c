package io.github.ntlmaffinity.servlet;

/** The diagnostics endpoint and the filter's configuration on embedded Jetty. */
class JettyEndpointTest extends EndpointScenarios {
  @Override
  TestServer.Container container() {
    return TestServer.Container.JETTY;
  }
}
