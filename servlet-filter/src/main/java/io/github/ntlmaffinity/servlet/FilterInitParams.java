package io.github.ntlmaffinity.servlet;

import static io.github.ntlmaffinity.servlet.NtlmAffinityFilter.CONTEXT_NODE_NAME_PARAM;
import static io.github.ntlmaffinity.servlet.NtlmAffinityFilter.NODE_NAME_INIT_PARAM;
import static io.github.ntlmaffinity.servlet.NtlmAffinityFilter.PROBE_PATH_INIT_PARAM;
import static io.github.ntlmaffinity.servlet.NtlmAffinityFilter.PROBE_REQUESTS_PER_MINUTE_INIT_PARAM;
import static io.github.ntlmaffinity.servlet.NtlmAffinityFilter.STRICT_INIT_PARAM;

import io.github.ntlmaffinity.NtlmAffinity;
import jakarta.servlet.FilterConfig;
import jakarta.servlet.ServletException;
import java.util.Enumeration;
import java.util.LinkedHashMap;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The filter's configuration read from its init-params: the engine, built through {@link
 * NtlmAffinity.Builder#configure(Map)}, and the probe endpoint's own two.
 *
 * @param engine the configured engine
 * @param probePath the probe endpoint's path, or {@code null} for off
 * @param probeRequestsPerMinute its rate limit
 */
record FilterInitParams(NtlmAffinity engine, String probePath, int probeRequestsPerMinute) {
  private static final Logger log = LoggerFactory.getLogger(NtlmAffinityFilter.class);

  /** Reads the filter's init-params; a bad one is logged, or with {@code strict=true} thrown. */
  static FilterInitParams read(FilterConfig config) throws ServletException {
    Map<String, String> params = new LinkedHashMap<>();
    if (config != null) {
      Enumeration<String> names = config.getInitParameterNames();
      while (names != null && names.hasMoreElements()) {
        String name = names.nextElement();
        params.put(name, config.getInitParameter(name));
      }
    }
    String strictValue = params.remove(STRICT_INIT_PARAM);
    boolean strict = strictValue != null && strictValue.trim().equalsIgnoreCase("true");
    ProbeSettings probe;
    try {
      probe =
          ProbeSettings.parse(
              params.remove(PROBE_PATH_INIT_PARAM),
              params.remove(PROBE_REQUESTS_PER_MINUTE_INIT_PARAM));
    } catch (IllegalArgumentException e) {
      if (strict) {
        throw new ServletException("ntlm-affinity filter: " + e.getMessage());
      }
      StartupLog.error(
          log, "ntlm-affinity filter: " + e.getMessage() + "; the probe endpoint is off");
      probe = ProbeSettings.parse(null, null);
    }
    return new FilterInitParams(
        engine(config, params, strict, strictValue), probe.path(), probe.requestsPerMinute());
  }

  private static NtlmAffinity engine(
      FilterConfig config, Map<String, String> params, boolean strict, String strictValue)
      throws ServletException {
    NtlmAffinity.Builder builder = NtlmAffinity.builder();
    String contextName = contextNodeName(config);
    if (!params.containsKey(NODE_NAME_INIT_PARAM) && contextName != null) {
      builder.nodeName(contextName);
    }
    if (strict) {
      for (String name : params.keySet()) {
        if (!NtlmAffinity.Builder.settingKeys().contains(name)) {
          throw new ServletException(
              "ntlm-affinity filter: unknown init-param '"
                  + name
                  + "'; known: "
                  + String.join(", ", NtlmAffinity.Builder.settingKeys())
                  + ", "
                  + STRICT_INIT_PARAM);
        }
      }
      try {
        return builder.configure(params).build();
      } catch (IllegalArgumentException e) {
        throw new ServletException("ntlm-affinity filter: " + e.getMessage(), e);
      }
    }
    if (strictValue != null && !strictValue.trim().equalsIgnoreCase("false")) {
      StartupLog.error(
          log, "ntlm-affinity filter: init-param 'strict' must be true or false; running lenient");
    }
    for (String error : builder.configureLeniently(params)) {
      StartupLog.error(log, "ntlm-affinity filter: " + error);
    }
    return builder.build();
  }

  /**
   * The node's name when the filter's init-param does not give it: the system property and the
   * environment variable of {@link NtlmAffinity.Builder}, then the servlet context's {@value
   * #CONTEXT_NODE_NAME_PARAM}; {@code null} leaves the builder's own default (the host name).
   */
  private static String contextNodeName(FilterConfig config) {
    if (notBlank(System.getProperty(NtlmAffinity.Builder.NODE_NAME_PROPERTY))
        || notBlank(System.getenv(NtlmAffinity.Builder.NODE_NAME_ENVIRONMENT))
        || config == null
        || config.getServletContext() == null) {
      return null;
    }
    String name = config.getServletContext().getInitParameter(CONTEXT_NODE_NAME_PARAM);
    return notBlank(name) ? name.trim() : null;
  }

  private static boolean notBlank(String s) {
    return s != null && !s.isBlank();
  }
}
