package dev.copilotj.spring.boot.compat;

import java.util.Map;

import dev.copilotj.spring.boot.health.CopilotBoot3HealthIndicator;
import org.jspecify.annotations.Nullable;
import org.springframework.boot.actuate.autoconfigure.metrics.CompositeMeterRegistryAutoConfiguration;
import org.springframework.boot.actuate.autoconfigure.metrics.MetricsAutoConfiguration;
import org.springframework.boot.actuate.autoconfigure.metrics.export.simple.SimpleMetricsExportAutoConfiguration;
import org.springframework.boot.actuate.autoconfigure.observation.ObservationAutoConfiguration;
import org.springframework.boot.actuate.health.Health;
import org.springframework.boot.actuate.health.HealthComponent;
import org.springframework.boot.actuate.health.HealthEndpoint;
import org.springframework.boot.actuate.health.HealthIndicator;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.context.ApplicationContext;

/**
 * What differs on Spring Boot 3.5, for the shared tests: the health API lives in {@code spring-boot-actuator}
 * (package {@code org.springframework.boot.actuate.health}) and Copilot's indicator there is the Boot 3 twin; the
 * metrics and observation auto-configurations are in {@code spring-boot-actuator-autoconfigure}.
 */
final class BootLine {

  /** The Spring Boot version the class path must have. */
  static final String BOOT_VERSION = "3.5.7";
  /** The Spring Framework line that Boot version brings. */
  static final String FRAMEWORK_LINE = "6.2.";
  /** A class only the other Boot line has: its health API. */
  static final String OTHER_LINE_HEALTH_API = "org.springframework.boot.health.contributor.HealthIndicator";
  /** This line's health indicator type. */
  static final Class<?> HEALTH_API = HealthIndicator.class;
  /** Copilot's health indicator for this line. */
  static final Class<?> COPILOT_HEALTH_INDICATOR = CopilotBoot3HealthIndicator.class;

  private BootLine() {
  }

  /** What a health indicator reported, without the line's types. */
  record Reported(String status, Map<String, Object> details) {
  }

  static Reported health(Object indicator) {
    Health health = ((HealthIndicator) indicator).health();
    return new Reported(health.getStatus().getCode(), health.getDetails());
  }

  /** @return a health indicator of this line's type that always reports UP */
  static Object alwaysUpIndicator() {
    HealthIndicator up = () -> Health.up().build();
    return up;
  }

  /** @return the status code the health endpoint gives for the path, or null when the path is unknown */
  static @Nullable String endpointStatus(ApplicationContext context, String... path) {
    HealthEndpoint endpoint = context.getBean(HealthEndpoint.class);
    HealthComponent component = path.length == 0 ? endpoint.health() : endpoint.healthForPath(path);
    return component == null ? null : component.getStatus().getCode();
  }

  static AutoConfigurations metrics() {
    return AutoConfigurations.of(MetricsAutoConfiguration.class, CompositeMeterRegistryAutoConfiguration.class,
        SimpleMetricsExportAutoConfiguration.class);
  }

  static AutoConfigurations observations() {
    return AutoConfigurations.of(ObservationAutoConfiguration.class);
  }
}
