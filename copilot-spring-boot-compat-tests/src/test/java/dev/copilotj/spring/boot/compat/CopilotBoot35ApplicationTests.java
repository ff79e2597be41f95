package dev.copilotj.spring.boot.compat;

import dev.copilotj.test.ScriptedCliServer;
import static org.assertj.core.api.Assertions.assertThat;

import dev.copilotj.ClientState;
import dev.copilotj.CopilotClient;
import dev.copilotj.spring.boot.health.CopilotBoot3HealthIndicator;
import dev.copilotj.spring.boot.metrics.CopilotMetrics;
import dev.copilotj.spring.boot.observation.CopilotTurnObservations;
import io.micrometer.core.instrument.MeterRegistry;
import org.junit.jupiter.api.Test;
import org.springframework.boot.actuate.health.HealthComponent;
import org.springframework.boot.actuate.health.HealthEndpoint;
import org.springframework.boot.actuate.health.Status;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Configuration;

/**
 * The whole of auto-configuration, as a Spring Boot 3.5 application with the actuator starter gets it: the
 * imports file and its class-condition filter decide, not the test. The Boot 4 health auto-configuration is
 * filtered out before its class is even loaded.
 */
class CopilotBoot35ApplicationTests {

  private final ApplicationContextRunner contextRunner = new ApplicationContextRunner()
      .withUserConfiguration(Application.class);

  @Test
  void copilotHealthIsPartOfTheHealthEndpointAndTheMetersAreBound() throws Exception {
    try (ScriptedCliServer server = ScriptedCliServer.start()) {
      contextRunner.withPropertyValues("copilot.server.address=" + server.address()).run(context -> {
        assertThat(context).hasNotFailed().hasSingleBean(CopilotBoot3HealthIndicator.class)
            .hasSingleBean(CopilotMetrics.class).hasSingleBean(CopilotTurnObservations.class);
        assertThat(context.getBean(CopilotClient.class).state()).isEqualTo(ClientState.CONNECTED);
        HealthComponent copilot = context.getBean(HealthEndpoint.class).healthForPath("copilot");
        assertThat(copilot).isNotNull();
        assertThat(copilot.getStatus()).isEqualTo(Status.UP);
        assertThat(context.getBean(HealthEndpoint.class).health().getStatus()).isEqualTo(Status.UP);
        MeterRegistry registry = context.getBean(MeterRegistry.class);
        assertThat(registry.get("copilot.client.state").tag("state", "connected").gauge().value()).isEqualTo(1);
      });
    }
  }

  @Test
  void theManagementSwitchRemovesCopilotFromTheHealthEndpoint() {
    contextRunner.withPropertyValues("copilot.lifecycle.auto-startup=false", "management.health.copilot.enabled=false")
        .run(context -> {
          assertThat(context).hasNotFailed().hasSingleBean(CopilotClient.class)
              .doesNotHaveBean(CopilotBoot3HealthIndicator.class);
          assertThat(context.getBean(HealthEndpoint.class).healthForPath("copilot")).isNull();
        });
  }

  @Configuration(proxyBeanMethods = false)
  @EnableAutoConfiguration
  static class Application {
  }
}
