package dev.copilotj.spring.boot.compat;

import dev.copilotj.test.ScriptedCliServer;
import static org.assertj.core.api.Assertions.assertThat;

import dev.copilotj.ClientState;
import dev.copilotj.CopilotClient;
import dev.copilotj.spring.boot.autoconfigure.CopilotAutoConfiguration;
import dev.copilotj.spring.boot.autoconfigure.CopilotClientLifecycle;
import dev.copilotj.spring.boot.autoconfigure.health.CopilotBoot3HealthContributorAutoConfiguration;
import dev.copilotj.spring.boot.autoconfigure.health.CopilotHealthContributorAutoConfiguration;
import dev.copilotj.spring.boot.autoconfigure.metrics.CopilotMetricsAutoConfiguration;
import dev.copilotj.spring.boot.autoconfigure.observation.CopilotObservationAutoConfiguration;
import dev.copilotj.spring.boot.health.CopilotBoot3HealthIndicator;
import dev.copilotj.spring.boot.metrics.CopilotMetrics;
import dev.copilotj.spring.boot.observation.CopilotTurnObservations;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.observation.ObservationRegistry;
import org.junit.jupiter.api.Test;
import org.springframework.boot.SpringBootVersion;
import org.springframework.boot.actuate.autoconfigure.metrics.CompositeMeterRegistryAutoConfiguration;
import org.springframework.boot.actuate.autoconfigure.metrics.MetricsAutoConfiguration;
import org.springframework.boot.actuate.autoconfigure.metrics.export.simple.SimpleMetricsExportAutoConfiguration;
import org.springframework.boot.actuate.autoconfigure.observation.ObservationAutoConfiguration;
import org.springframework.boot.actuate.health.Health;
import org.springframework.boot.actuate.health.HealthIndicator;
import org.springframework.boot.actuate.health.Status;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.core.SpringVersion;
import org.springframework.util.ClassUtils;

/**
 * The auto-configuration jar, compiled against Spring Boot 4, on a real Spring Boot 3.5 classpath: the client
 * bean, its lifecycle against a scripted CLI server on loopback, the Boot 3 health twin (and the Boot 4 one
 * backing off), metrics binding, observations and the switches.
 */
class CopilotBoot35CompatibilityTests {

  private final ApplicationContextRunner contextRunner = new ApplicationContextRunner()
      .withConfiguration(AutoConfigurations.of(CopilotAutoConfiguration.class,
          CopilotHealthContributorAutoConfiguration.class, CopilotBoot3HealthContributorAutoConfiguration.class,
          CopilotMetricsAutoConfiguration.class, CopilotObservationAutoConfiguration.class))
      .withPropertyValues("copilot.lifecycle.auto-startup=false");

  @Test
  void theClasspathIsSpringBoot35() {
    assertThat(SpringBootVersion.getVersion()).isEqualTo("3.5.7");
    assertThat(SpringVersion.getVersion()).startsWith("6.2.");
    assertThat(ClassUtils.isPresent("org.springframework.boot.health.contributor.HealthIndicator", null)).isFalse();
  }

  @Test
  void registersTheClientWithoutStartingIt() {
    contextRunner.run(context -> {
      assertThat(context).hasNotFailed().hasSingleBean(CopilotClient.class)
          .hasSingleBean(CopilotClientLifecycle.class);
      assertThat(context.getBean(CopilotClient.class).state()).isEqualTo(ClientState.NOT_STARTED);
    });
  }

  @Test
  void theBoot3HealthTwinAppliesAndTheBoot4OneBacksOff() {
    contextRunner.run(context -> {
      assertThat(context).hasNotFailed().hasSingleBean(HealthIndicator.class).hasBean("copilotHealthIndicator");
      assertThat(context.getBean("copilotHealthIndicator")).isInstanceOf(CopilotBoot3HealthIndicator.class);
      Health health = context.getBean(CopilotBoot3HealthIndicator.class).health();
      assertThat(health.getStatus()).isEqualTo(Status.DOWN);
      assertThat(health.getDetails()).containsEntry("reason", "The Copilot client has not been started.");
    });
  }

  @Test
  void theLifecycleStartsAndStopsTheClientAndHealthIsUpInBetween() throws Exception {
    try (ScriptedCliServer server = ScriptedCliServer.start()) {
      CopilotClient[] client = new CopilotClient[1];
      contextRunner.withPropertyValues("copilot.lifecycle.auto-startup=true", "copilot.server.address=" + server.address(),
          "copilot.health.deep-check=true").run(context -> {
            assertThat(context).hasNotFailed();
            client[0] = context.getBean(CopilotClient.class);
            assertThat(client[0].state()).isEqualTo(ClientState.CONNECTED);
            assertThat(context.getBean(CopilotClientLifecycle.class).isRunning()).isTrue();
            Health health = context.getBean(CopilotBoot3HealthIndicator.class).health();
            assertThat(health.getStatus()).isEqualTo(Status.UP);
            assertThat(health.getDetails()).containsEntry("cliVersion", "1.0.102").containsEntry("protocolVersion", 3)
                .containsEntry("transport", "tcp").containsEntry("openSessions", 0).containsKey("pingMs");
          });
      assertThat(client[0].state()).isEqualTo(ClientState.STOPPED);
      assertThat(server.methods()).containsSequence("connect", "auth.getStatus").contains("ping");
    }
  }

  @Test
  void metricsBindToBootsRegistry() {
    contextRunner.withConfiguration(AutoConfigurations.of(MetricsAutoConfiguration.class,
        CompositeMeterRegistryAutoConfiguration.class, SimpleMetricsExportAutoConfiguration.class)).run(context -> {
          assertThat(context).hasNotFailed().hasSingleBean(CopilotMetrics.class);
          MeterRegistry registry = context.getBean(MeterRegistry.class);
          assertThat(registry.get("copilot.client.state").tag("state", "not_started").gauge().value()).isEqualTo(1);
          assertThat(registry.get("copilot.sessions.active").gauge().value()).isZero();
          assertThat(registry.get("copilot.turns").tag("outcome", "success").counter().count()).isZero();
        });
  }

  @Test
  void observationsUseBootsRegistry() {
    contextRunner.withConfiguration(AutoConfigurations.of(ObservationAutoConfiguration.class)).run(context -> {
      assertThat(context).hasNotFailed().hasSingleBean(ObservationRegistry.class)
          .hasSingleBean(CopilotTurnObservations.class);
    });
  }

  @Test
  void copilotEnabledFalseSwitchesEverythingOff() {
    contextRunner.withPropertyValues("copilot.enabled=false").withConfiguration(AutoConfigurations.of(
        MetricsAutoConfiguration.class, CompositeMeterRegistryAutoConfiguration.class,
        SimpleMetricsExportAutoConfiguration.class)).run(context -> {
          assertThat(context).hasNotFailed().doesNotHaveBean(CopilotClient.class)
              .doesNotHaveBean(HealthIndicator.class).doesNotHaveBean(CopilotMetrics.class)
              .doesNotHaveBean(CopilotTurnObservations.class);
        });
  }

  @Test
  void managementHealthCopilotEnabledFalseRemovesTheIndicator() {
    contextRunner.withPropertyValues("management.health.copilot.enabled=false").run(context ->
        assertThat(context).hasNotFailed().hasSingleBean(CopilotClient.class).doesNotHaveBean(HealthIndicator.class));
  }

  @Test
  void aUserBeanNamedCopilotHealthIndicatorWins() {
    HealthIndicator mine = () -> Health.up().build();
    contextRunner.withBean("copilotHealthIndicator", HealthIndicator.class, () -> mine).run(context -> {
      assertThat(context).hasNotFailed().doesNotHaveBean(CopilotBoot3HealthIndicator.class);
      assertThat(context.getBean("copilotHealthIndicator")).isSameAs(mine);
    });
  }
}
