package io.github.ntlmaffinity.servlet;

/** The diagnostics endpoint and the filter's configuration on embedded Tomcat. */
class TomcatEndpointTest extends EndpointScenarios {
  @Override
  TestServer.Container container() {
    return TestServer.Container.TOMCAT;
  }
}
