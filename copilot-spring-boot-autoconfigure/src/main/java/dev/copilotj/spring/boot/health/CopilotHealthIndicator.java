package dev.copilotj.spring.boot.health;

import org.springframework.boot.health.contributor.AbstractHealthIndicator;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.Status;

/**
 * The {@code copilot} health indicator for Spring Boot 4 ({@code spring-boot-health}). What it reports is
 * described on {@link CopilotHealthProbe}.
 */
public class CopilotHealthIndicator extends AbstractHealthIndicator {

  private final CopilotHealthProbe probe;

  /**
   * Creates the indicator.
   *
   * @param probe the check it reports
   */
  public CopilotHealthIndicator(CopilotHealthProbe probe) {
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
