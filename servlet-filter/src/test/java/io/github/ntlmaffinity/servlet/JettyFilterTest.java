package io.github.ntlmaffinity.servlet;

/** The filter scenarios on embedded Jetty. */
class JettyFilterTest extends FilterScenarios {
  @Override
  TestServer.Container container() {
    return TestServer.Container.JETTY;
  }
}
