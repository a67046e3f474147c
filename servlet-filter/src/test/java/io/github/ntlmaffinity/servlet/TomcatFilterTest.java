package io.github.ntlmaffinity.servlet;

/** The filter scenarios on embedded Tomcat. */
class TomcatFilterTest extends FilterScenarios {
  @Override
  TestServer.Container container() {
    return TestServer.Container.TOMCAT;
  }
}
