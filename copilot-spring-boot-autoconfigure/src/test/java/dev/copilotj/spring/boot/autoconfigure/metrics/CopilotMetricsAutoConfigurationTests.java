package dev.copilotj.spring.boot.autoconfigure.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import dev.copilotj.CopilotClient;
import dev.copilotj.spring.boot.autoconfigure.CopilotAutoConfiguration;
import dev.copilotj.spring.boot.metrics.CopilotMetrics;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.micrometer.metrics.autoconfigure.CompositeMeterRegistryAutoConfiguration;
import org.springframework.boot.micrometer.metrics.autoconfigure.MetricsAutoConfiguration;
import org.springframework.boot.micrometer.metrics.autoconfigure.export.simple.SimpleMetricsExportAutoConfiguration;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

/** Tests for {@link CopilotMetricsAutoConfiguration}; the client is constructed, not started. */
class CopilotMetricsAutoConfigurationTests {

  private final ApplicationContextRunner contextRunner = new ApplicationContextRunner()
      .withConfiguration(AutoConfigurations.of(CopilotAutoConfiguration.class,
          CopilotMetricsAutoConfiguration.class))
      .withPropertyValues("copilot.lifecycle.auto-startup=false");

  @Test
  void registersTheBinder() {
    contextRunner.run(context -> assertThat(context).hasNotFailed().hasSingleBean(CopilotMetrics.class)
        .hasBean("copilotMetrics"));
  }

  @Test
  void bootBindsTheMetersToItsRegistry() {
    contextRunner.withConfiguration(AutoConfigurations.of(MetricsAutoConfiguration.class,
        CompositeMeterRegistryAutoConfiguration.class, SimpleMetricsExportAutoConfiguration.class)).run(context -> {
          assertThat(context).hasNotFailed();
          MeterRegistry registry = context.getBean(MeterRegistry.class);
          assertThat(registry).isInstanceOf(SimpleMeterRegistry.class);
          assertThat(registry.get("copilot.client.state").tag("state", "not_started").gauge().value()).isEqualTo(1);
          assertThat(registry.get("copilot.sessions.active").gauge().value()).isZero();
          assertThat(registry.get("copilot.turns").tag("outcome", "success").counter().count()).isZero();
          assertThat(registry.get("copilot.turn.duration").tag("outcome", "error").timer().count()).isZero();
        });
  }

  @Test
  void theManagementSwitchTurnsTheMetersOff() {
    contextRunner.withConfiguration(AutoConfigurations.of(MetricsAutoConfiguration.class,
        CompositeMeterRegistryAutoConfiguration.class, SimpleMetricsExportAutoConfiguration.class))
        .withPropertyValues("management.metrics.enable.copilot=false").run(context -> {
          MeterRegistry registry = context.getBean(MeterRegistry.class);
          assertThat(registry.find("copilot.client.state").meters()).isEmpty();
          assertThat(registry.find("copilot.turns").meters()).isEmpty();
        });
  }

  @Test
  void absentWithoutMicrometer() {
    contextRunner.withClassLoader(new FilteredClassLoader("io.micrometer.core")).run(context ->
        assertThat(context).hasNotFailed().hasSingleBean(CopilotClient.class).doesNotHaveBean("copilotMetrics"));
  }

  @Test
  void absentWithoutAClient() {
    contextRunner.withPropertyValues("copilot.enabled=false").run(context ->
        assertThat(context).hasNotFailed().doesNotHaveBean(MeterBinder.class));
  }

  @Test
  void aUserBinderWins() {
    contextRunner.withBean("myCopilotMetrics", CopilotMetrics.class,
        () -> new CopilotMetrics(new CopilotClient(dev.copilotj.CopilotClientOptions.defaults()))).run(context -> {
          assertThat(context).hasSingleBean(CopilotMetrics.class).hasBean("myCopilotMetrics")
              .doesNotHaveBean("copilotMetrics");
        });
  }
}
