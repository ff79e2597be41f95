package dev.copilotj.spring.boot.compat;

import java.util.Map;

import dev.copilotj.spring.boot.health.CopilotHealthIndicator;
import org.jspecify.annotations.Nullable;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.health.actuate.endpoint.HealthDescriptor;
import org.springframework.boot.health.actuate.endpoint.HealthEndpoint;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.boot.micrometer.metrics.autoconfigure.CompositeMeterRegistryAutoConfiguration;
import org.springframework.boot.micrometer.metrics.autoconfigure.MetricsAutoConfiguration;
import org.springframework.boot.micrometer.metrics.autoconfigure.export.simple.SimpleMetricsExportAutoConfiguration;
import org.springframework.boot.micrometer.observation.autoconfigure.ObservationAutoConfiguration;
import org.springframework.context.ApplicationContext;

/**
 * What differs on Spring Boot 4.1, for the shared tests: the health API lives in {@code spring-boot-health}
 * (package {@code org.springframework.boot.health}) and Copilot's indicator there is the Boot 4 one; the metrics
 * and observation auto-configurations are in {@code spring-boot-micrometer-metrics} and
 * {@code spring-boot-micrometer-observation}.
 */
final class BootLine {

  /** The Spring Boot version the class path must have. */
  static final String BOOT_VERSION = "4.1.2";
  /** The Spring Framework line that Boot version brings. */
  static final String FRAMEWORK_LINE = "7.0.";
  /** A class only the other Boot line has: its health API. */
  static final String OTHER_LINE_HEALTH_API = "org.springframework.boot.actuate.health.HealthIndicator";
  /** This line's health indicator type. */
  static final Class<?> HEALTH_API = HealthIndicator.class;
  /** Copilot's health indicator for this line. */
  static final Class<?> COPILOT_HEALTH_INDICATOR = CopilotHealthIndicator.class;

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
    HealthDescriptor descriptor = path.length == 0 ? endpoint.health() : endpoint.healthForPath(path);
    return descriptor == null ? null : descriptor.getStatus().getCode();
  }

  static AutoConfigurations metrics() {
    return AutoConfigurations.of(MetricsAutoConfiguration.class, CompositeMeterRegistryAutoConfiguration.class,
        SimpleMetricsExportAutoConfiguration.class);
  }

  static AutoConfigurations observations() {
    return AutoConfigurations.of(ObservationAutoConfiguration.class);
  }
}
