package dev.copilotj.spring.boot.autoconfigure.health;

import static org.assertj.core.api.Assertions.assertThat;

import dev.copilotj.ClientState;
import dev.copilotj.CopilotClient;
import dev.copilotj.spring.boot.autoconfigure.CopilotAutoConfiguration;
import dev.copilotj.spring.boot.health.CopilotHealthIndicator;
import dev.copilotj.test.ScriptedCliServer;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.boot.health.contributor.Status;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.util.ClassUtils;

/**
 * Tests for the two health auto-configurations on Spring Boot 4: the Boot 4 one applies, the Boot 3.5 twin backs
 * off. The client is constructed but not started unless a test says so.
 */
class CopilotHealthContributorAutoConfigurationTests {

  private final ApplicationContextRunner contextRunner = new ApplicationContextRunner()
      .withConfiguration(AutoConfigurations.of(CopilotAutoConfiguration.class,
          CopilotHealthContributorAutoConfiguration.class, CopilotBoot3HealthContributorAutoConfiguration.class))
      .withPropertyValues("copilot.lifecycle.auto-startup=false");

  @Test
  void registersTheBootFourIndicatorAndNotTheTwin() {
    assertThat(ClassUtils.isPresent("org.springframework.boot.actuate.health.HealthIndicator", null))
        .as("the Boot 3.5 health API is excluded from this module's test classpath").isFalse();
    contextRunner.run(context -> {
      assertThat(context).hasNotFailed()
          .hasSingleBean(CopilotHealthIndicator.class)
          .hasSingleBean(HealthIndicator.class)
          .hasBean("copilotHealthIndicator");
      assertThat(context.getBean("copilotHealthIndicator")).isInstanceOf(CopilotHealthIndicator.class);
    });
  }

  @Test
  void downWithTheReasonBeforeTheClientStarts() {
    contextRunner.run(context -> {
      Health health = context.getBean(CopilotHealthIndicator.class).health();
      assertThat(health.getStatus()).isEqualTo(Status.DOWN);
      assertThat(health.getDetails()).containsEntry("state", "NOT_STARTED")
          .containsEntry("reason", "The Copilot client has not been started.");
    });
  }

  @Test
  void upOnceTheLifecycleConnectedTheClient() throws Exception {
    try (ScriptedCliServer server = ScriptedCliServer.start()) {
      contextRunner.withPropertyValues("copilot.lifecycle.auto-startup=true", "copilot.server.address=" + server.address(),
          "copilot.health.deep-check=true").run(context -> {
            assertThat(context).hasNotFailed();
            assertThat(context.getBean(CopilotClient.class).state()).isEqualTo(ClientState.CONNECTED);
            Health health = context.getBean(CopilotHealthIndicator.class).health();
            assertThat(health.getStatus()).isEqualTo(Status.UP);
            assertThat(health.getDetails()).containsEntry("cliVersion", "1.0.102")
                .containsEntry("protocolVersion", 3).containsEntry("transport", "tcp")
                .containsEntry("openSessions", 0).containsKey("pingMs");
            assertThat(server.methods()).contains("connect", "ping");
          });
    }
  }

  @Test
  void bindsTheDeepCheckTimeout() throws Exception {
    try (ScriptedCliServer server = ScriptedCliServer.start()) {
      server.answerPings(false);
      contextRunner.withPropertyValues("copilot.lifecycle.auto-startup=true", "copilot.server.address=" + server.address(),
          "copilot.health.deep-check=true", "copilot.health.timeout=150ms").run(context -> {
            Health health = context.getBean(CopilotHealthIndicator.class).health();
            assertThat(health.getStatus()).isEqualTo(Status.DOWN);
            assertThat(health.getDetails())
                .containsEntry("reason", "The Copilot CLI did not answer a ping within 150 ms.");
          });
    }
  }

  @Test
  void switchedOffByTheManagementProperty() {
    contextRunner.withPropertyValues("management.health.copilot.enabled=false").run(context ->
        assertThat(context).hasNotFailed().hasSingleBean(CopilotClient.class).doesNotHaveBean(HealthIndicator.class));
  }

  @Test
  void switchedOffWithTheDefaultHealthIndicators() {
    contextRunner.withPropertyValues("management.health.defaults.enabled=false").run(context ->
        assertThat(context).doesNotHaveBean(HealthIndicator.class));
  }

  @Test
  void onWhenDefaultsAreOffButCopilotIsOn() {
    contextRunner.withPropertyValues("management.health.defaults.enabled=false",
        "management.health.copilot.enabled=true").run(context ->
        assertThat(context).hasSingleBean(CopilotHealthIndicator.class));
  }

  @Test
  void absentWithoutAClient() {
    contextRunner.withPropertyValues("copilot.enabled=false").run(context ->
        assertThat(context).hasNotFailed().doesNotHaveBean(CopilotClient.class).doesNotHaveBean(HealthIndicator.class));
  }

  @Test
  void absentWithoutTheHealthApi() {
    // hides the health API but not the condition classes: in an application the import filter drops the
    // auto-configuration on its class conditions before its condition classes are loaded
    contextRunner.withClassLoader(new FilteredClassLoader("org.springframework.boot.health.contributor")).run(context ->
        assertThat(context).hasNotFailed().hasSingleBean(CopilotClient.class)
            .doesNotHaveBean("copilotHealthIndicator"));
  }

  @Test
  void aUserBeanNamedCopilotHealthIndicatorWins() {
    HealthIndicator mine = () -> Health.up().withDetail("mine", true).build();
    contextRunner.withBean("copilotHealthIndicator", HealthIndicator.class, () -> mine).run(context -> {
      assertThat(context).hasNotFailed().doesNotHaveBean(CopilotHealthIndicator.class);
      assertThat(context.getBean("copilotHealthIndicator")).isSameAs(mine);
    });
  }

  @Test
  void aUserBeanNamedCopilotHealthContributorWins() {
    HealthIndicator mine = () -> Health.up().build();
    contextRunner.withBean("copilotHealthContributor", HealthIndicator.class, () -> mine).run(context ->
        assertThat(context).hasNotFailed().doesNotHaveBean(CopilotHealthIndicator.class));
  }
}
