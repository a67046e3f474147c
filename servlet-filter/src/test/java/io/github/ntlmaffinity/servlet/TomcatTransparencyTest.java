package io.github.ntlmaffinity.servlet;

/** The filter changes nothing the application or the client sees, on embedded Tomcat. */
class TomcatTransparencyTest extends TransparencyScenarios {
  @Override
  TestServer.Container container() {
    return TestServer.Container.TOMCAT;
  }
}
