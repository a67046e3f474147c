package io.github.ntlmaffinity.servlet;

/** The probe endpoint on embedded Tomcat. */
class TomcatProbeTest extends ProbeScenarios {
  @Override
  TestServer.Container container() {
    return TestServer.Container.TOMCAT;
  }
}
