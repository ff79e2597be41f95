package dev.copilotj.spring.boot.compat;

import static org.assertj.core.api.Assertions.assertThat;

import dev.copilotj.ClientState;
import dev.copilotj.CopilotClient;
import dev.copilotj.spring.boot.metrics.CopilotMetrics;
import dev.copilotj.spring.boot.observation.CopilotTurnObservations;
import dev.copilotj.test.ScriptedCliServer;
import io.micrometer.core.instrument.MeterRegistry;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Configuration;

/**
 * The whole of auto-configuration, as an application of this module's Spring Boot line with the actuator
 * starter gets it: the imports file and its class-condition filter decide, not the test. The other line's health
 * auto-configuration is filtered out before its class is even loaded.
 */
class CopilotBootApplicationTests {

  // Boot 4.1 turns the liveness and readiness probes on by default; in a context runner nothing publishes the
  // availability events they report, so they would read DOWN and OUT_OF_SERVICE and pull the overall status down.
  private final ApplicationContextRunner contextRunner = new ApplicationContextRunner()
      .withUserConfiguration(Application.class)
      .withPropertyValues("management.endpoint.health.probes.enabled=false");

  @Test
  void copilotHealthIsPartOfTheHealthEndpointAndTheMetersAreBound() throws Exception {
    try (ScriptedCliServer server = ScriptedCliServer.start()) {
      contextRunner.withPropertyValues("copilot.server.address=" + server.address()).run(context -> {
        assertThat(context).hasNotFailed().hasSingleBean(BootLine.COPILOT_HEALTH_INDICATOR)
            .hasSingleBean(CopilotMetrics.class).hasSingleBean(CopilotTurnObservations.class);
        assertThat(context.getBean(CopilotClient.class).state()).isEqualTo(ClientState.CONNECTED);
        assertThat(BootLine.endpointStatus(context, "copilot")).isEqualTo("UP");
        assertThat(BootLine.endpointStatus(context)).isEqualTo("UP");
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
              .doesNotHaveBean(BootLine.COPILOT_HEALTH_INDICATOR);
          assertThat(BootLine.endpointStatus(context, "copilot")).isNull();
        });
  }

  @Configuration(proxyBeanMethods = false)
  @EnableAutoConfiguration
  static class Application {
  }
}
