package dev.copilotj.spring.boot.autoconfigure;

import static org.assertj.core.api.Assertions.assertThat;

import dev.copilotj.CopilotClient;
import dev.copilotj.CopilotClientOptions;
import dev.copilotj.spring.boot.autoconfigure.event.CopilotEventsAutoConfiguration;
import dev.copilotj.spring.boot.autoconfigure.health.CopilotBoot3HealthContributorAutoConfiguration;
import dev.copilotj.spring.boot.autoconfigure.health.CopilotHealthContributorAutoConfiguration;
import dev.copilotj.spring.boot.autoconfigure.metrics.CopilotMetricsAutoConfiguration;
import dev.copilotj.spring.boot.autoconfigure.observation.CopilotObservationAutoConfiguration;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.micrometer.observation.ObservationRegistry;
import io.micrometer.observation.tck.TestObservationRegistry;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

/**
 * {@code copilot.enabled=false} is one rule for every auto-configuration: even with a client bean of the
 * application's own, nothing attaches to it.
 */
class CopilotEnabledSwitchTests {

  private final ApplicationContextRunner contextRunner = new ApplicationContextRunner()
      .withConfiguration(AutoConfigurations.of(CopilotAutoConfiguration.class, CopilotEventsAutoConfiguration.class,
          CopilotHealthContributorAutoConfiguration.class, CopilotBoot3HealthContributorAutoConfiguration.class,
          CopilotMetricsAutoConfiguration.class, CopilotObservationAutoConfiguration.class))
      .withBean("myClient", CopilotClient.class, () -> new CopilotClient(CopilotClientOptions.defaults()))
      .withBean(MeterRegistry.class, SimpleMeterRegistry::new)
      .withBean(ObservationRegistry.class, TestObservationRegistry::create)
      .withPropertyValues("copilot.lifecycle.auto-startup=false");

  private static final String[] ATTACHED = {"copilotClientLifecycle", "copilotApplicationEventBridge",
      "copilotHealthIndicator", "copilotMetrics", "copilotTurnObservations"};

  @Test
  void enabledAttachesEverythingToTheApplicationsClient() {
    contextRunner.run(context -> {
      assertThat(context).hasNotFailed().hasSingleBean(CopilotClient.class);
      for (String bean : ATTACHED) {
        assertThat(context).hasBean(bean);
      }
    });
  }

  @Test
  void disabledAttachesNothingToTheApplicationsClient() {
    contextRunner.withPropertyValues("copilot.enabled=false").run(context -> {
      assertThat(context).hasNotFailed().hasSingleBean(CopilotClient.class)
          .doesNotHaveBean(CopilotProperties.class);
      for (String bean : ATTACHED) {
        assertThat(context).doesNotHaveBean(bean);
      }
    });
  }
}
