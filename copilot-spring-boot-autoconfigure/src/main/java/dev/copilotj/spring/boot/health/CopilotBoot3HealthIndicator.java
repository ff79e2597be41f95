package dev.copilotj.spring.boot.health;

import org.springframework.boot.actuate.health.AbstractHealthIndicator;
import org.springframework.boot.actuate.health.Health;
import org.springframework.boot.actuate.health.Status;

/**
 * The {@code copilot} health indicator for Spring Boot 3.5 ({@code spring-boot-actuator}). It reports the same
 * as {@link CopilotHealthIndicator}, which Spring Boot 4 applications get instead; see
 * {@link CopilotHealthProbe}. Goes away with Boot 3.5 support.
 */
public class CopilotBoot3HealthIndicator extends AbstractHealthIndicator {

  private final CopilotHealthProbe probe;

  /**
   * Creates the indicator.
   *
   * @param probe the check it reports
   */
  public CopilotBoot3HealthIndicator(CopilotHealthProbe probe) {
    super("Copilot health check failed");
    this.probe = probe;
  }

  @Override
  protected void doHealthCheck(Health.Builder builder) {
    CopilotHealthProbe.Result result = probe.check();
    builder.status(switch (result.status()) {
      case UP -> Status.UP;
      case DOWN -> Status.DOWN;
      case OUT_OF_SERVICE -> Status.OUT_OF_SERVICE;
    }).withDetails(result.details());
  }
}
