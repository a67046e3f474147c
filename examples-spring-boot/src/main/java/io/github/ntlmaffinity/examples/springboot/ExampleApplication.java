package io.github.ntlmaffinity.examples.springboot;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * A Spring Boot application with ntlm-affinity: the starter on the classpath and two properties in
 * {@code application.properties} are all it takes. The filter watches every request, {@code
 * /actuator/ntlmaffinity} shows what it found and {@code /actuator/prometheus} has the {@code
 * ntlm_affinity_*} meters.
 *
 * <p>A real application authenticates with Spring Security Kerberos/SPNEGO, Waffle or its own
 * filter; the filter sits ahead of them by itself.
 */
@SpringBootApplication
@RestController
public class ExampleApplication {

  public static void main(String[] args) {
    SpringApplication.run(ExampleApplication.class, args);
  }

  @GetMapping("/")
  String hello() {
    return "hello\n";
  }
}
