package dev.copilotj.spring.boot.compat;

import static org.assertj.core.api.Assertions.assertThat;

import dev.copilotj.ClientState;
import dev.copilotj.CopilotClient;
import dev.copilotj.spring.boot.autoconfigure.CopilotAutoConfiguration;
import dev.copilotj.spring.boot.autoconfigure.CopilotClientLifecycle;
import dev.copilotj.spring.boot.autoconfigure.health.CopilotBoot3HealthContributorAutoConfiguration;
import dev.copilotj.spring.boot.autoconfigure.health.CopilotHealthContributorAutoConfiguration;
import dev.copilotj.spring.boot.autoconfigure.metrics.CopilotMetricsAutoConfiguration;
import dev.copilotj.spring.boot.autoconfigure.observation.CopilotObservationAutoConfiguration;
import dev.copilotj.spring.boot.metrics.CopilotMetrics;
import dev.copilotj.spring.boot.observation.CopilotTurnObservations;
import dev.copilotj.test.ScriptedCliServer;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.observation.ObservationRegistry;
import org.junit.jupiter.api.Test;
import org.springframework.boot.SpringBootVersion;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.core.SpringVersion;
import org.springframework.util.ClassUtils;

/**
 * The auto-configuration jar, compiled against Spring Boot 4.0, on this module's Spring Boot class path (see
 * {@link BootLine}): the client bean, its lifecycle against a scripted CLI server on loopback, this line's health
 * indicator (and the other line's backing off), metrics binding, observations and the switches.
 */
class CopilotBootCompatibilityTests {

  private final ApplicationContextRunner contextRunner = new ApplicationContextRunner()
      .withConfiguration(AutoConfigurations.of(CopilotAutoConfiguration.class,
          CopilotHealthContributorAutoConfiguration.class, CopilotBoot3HealthContributorAutoConfiguration.class,
          CopilotMetricsAutoConfiguration.class, CopilotObservationAutoConfiguration.class))
      .withPropertyValues("copilot.lifecycle.auto-startup=false");

  @Test
  void theClasspathIsThisBootLine() {
    assertThat(SpringBootVersion.getVersion()).isEqualTo(BootLine.BOOT_VERSION);
    assertThat(SpringVersion.getVersion()).startsWith(BootLine.FRAMEWORK_LINE);
    assertThat(ClassUtils.isPresent(BootLine.HEALTH_API.getName(), null)).isTrue();
    assertThat(ClassUtils.isPresent(BootLine.OTHER_LINE_HEALTH_API, null)).isFalse();
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
  void thisLinesHealthIndicatorAppliesAndTheOtherLinesBacksOff() {
    contextRunner.run(context -> {
      assertThat(context).hasNotFailed().hasSingleBean(BootLine.HEALTH_API).hasBean("copilotHealthIndicator");
      assertThat(context.getBean("copilotHealthIndicator")).isExactlyInstanceOf(BootLine.COPILOT_HEALTH_INDICATOR);
      BootLine.Reported health = BootLine.health(context.getBean(BootLine.COPILOT_HEALTH_INDICATOR));
      assertThat(health.status()).isEqualTo("DOWN");
      assertThat(health.details()).containsEntry("reason", "The Copilot client has not been started.");
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
            BootLine.Reported health = BootLine.health(context.getBean(BootLine.COPILOT_HEALTH_INDICATOR));
            assertThat(health.status()).isEqualTo("UP");
            assertThat(health.details()).containsEntry("cliVersion", "1.0.102").containsEntry("protocolVersion", 3)
                .containsEntry("transport", "tcp").containsEntry("openSessions", 0).containsKey("pingMs");
          });
      assertThat(client[0].state()).isEqualTo(ClientState.STOPPED);
      assertThat(server.methods()).containsSequence("connect", "auth.getStatus").contains("ping");
    }
  }

  @Test
  void metricsBindToBootsRegistry() {
    contextRunner.withConfiguration(BootLine.metrics()).run(context -> {
      assertThat(context).hasNotFailed().hasSingleBean(CopilotMetrics.class);
      MeterRegistry registry = context.getBean(MeterRegistry.class);
      assertThat(registry.get("copilot.client.state").tag("state", "not_started").gauge().value()).isEqualTo(1);
      assertThat(registry.get("copilot.sessions.active").gauge().value()).isZero();
      assertThat(registry.get("copilot.turns").tag("outcome", "success").counter().count()).isZero();
    });
  }

  @Test
  void observationsUseBootsRegistry() {
    contextRunner.withConfiguration(BootLine.observations()).run(context -> {
      assertThat(context).hasNotFailed().hasSingleBean(ObservationRegistry.class)
          .hasSingleBean(CopilotTurnObservations.class);
      assertThat(context.getBean(CopilotTurnObservations.class)).isNotNull();
    });
  }

  @Test
  void copilotEnabledFalseSwitchesEverythingOff() {
    contextRunner.withPropertyValues("copilot.enabled=false").withConfiguration(BootLine.metrics()).run(context -> {
      assertThat(context).hasNotFailed().doesNotHaveBean(CopilotClient.class)
          .doesNotHaveBean(BootLine.HEALTH_API).doesNotHaveBean(CopilotMetrics.class)
          .doesNotHaveBean(CopilotTurnObservations.class);
    });
  }

  @Test
  void managementHealthCopilotEnabledFalseRemovesTheIndicator() {
    contextRunner.withPropertyValues("management.health.copilot.enabled=false").run(context ->
        assertThat(context).hasNotFailed().hasSingleBean(CopilotClient.class).doesNotHaveBean(BootLine.HEALTH_API));
  }

  @Test
  void aUserBeanNamedCopilotHealthIndicatorWins() {
    Object mine = BootLine.alwaysUpIndicator();
    @SuppressWarnings("unchecked")
    Class<Object> type = (Class<Object>) BootLine.HEALTH_API;
    contextRunner.withBean("copilotHealthIndicator", type, () -> mine).run(context -> {
      assertThat(context).hasNotFailed().doesNotHaveBean(BootLine.COPILOT_HEALTH_INDICATOR);
      assertThat(context.getBean("copilotHealthIndicator")).isSameAs(mine);
    });
  }
}
