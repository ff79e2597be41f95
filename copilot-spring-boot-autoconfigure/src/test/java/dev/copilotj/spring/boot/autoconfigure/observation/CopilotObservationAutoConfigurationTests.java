package dev.copilotj.spring.boot.autoconfigure.observation;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;

import dev.copilotj.CopilotClient;
import dev.copilotj.spring.boot.autoconfigure.CopilotAutoConfiguration;
import dev.copilotj.spring.boot.observation.CopilotObservationConvention;
import dev.copilotj.spring.boot.observation.CopilotTurnObservations;
import dev.copilotj.spring.boot.observation.DefaultCopilotObservationConvention;
import dev.copilotj.turn.TurnEnded;
import dev.copilotj.turn.TurnOutcome;
import dev.copilotj.turn.TurnStarted;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.observation.ObservationRegistry;
import io.micrometer.observation.tck.TestObservationRegistry;
import io.micrometer.observation.tck.TestObservationRegistryAssert;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.micrometer.metrics.autoconfigure.CompositeMeterRegistryAutoConfiguration;
import org.springframework.boot.micrometer.metrics.autoconfigure.MetricsAutoConfiguration;
import org.springframework.boot.micrometer.metrics.autoconfigure.export.simple.SimpleMetricsExportAutoConfiguration;
import org.springframework.boot.micrometer.observation.autoconfigure.ObservationAutoConfiguration;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

/** Tests for {@link CopilotObservationAutoConfiguration}; the client is constructed, not started. */
@ExtendWith(OutputCaptureExtension.class)
class CopilotObservationAutoConfigurationTests {

  private final ApplicationContextRunner contextRunner = new ApplicationContextRunner()
      .withConfiguration(AutoConfigurations.of(CopilotAutoConfiguration.class,
          CopilotObservationAutoConfiguration.class))
      .withPropertyValues("copilot.lifecycle.auto-startup=false");

  @Test
  void recordsTurnsInTheApplicationsRegistry() {
    TestObservationRegistry registry = TestObservationRegistry.create();
    contextRunner.withBean(ObservationRegistry.class, () -> registry).run(context -> {
      assertThat(context).hasNotFailed().hasSingleBean(CopilotTurnObservations.class);
      feedOneTurn(context.getBean(CopilotTurnObservations.class));
      TestObservationRegistryAssert.assertThat(registry).hasSingleObservationThat().hasNameEqualTo("copilot.turn")
          .hasBeenStopped();
    });
  }

  @Test
  void aConventionBeanReplacesTheDefault() {
    TestObservationRegistry registry = TestObservationRegistry.create();
    contextRunner.withBean(ObservationRegistry.class, () -> registry)
        .withBean(CopilotObservationConvention.class, () -> new DefaultCopilotObservationConvention() {
          @Override
          public String getName() {
            return "custom.turn";
          }
        }).run(context -> {
          feedOneTurn(context.getBean(CopilotTurnObservations.class));
          TestObservationRegistryAssert.assertThat(registry).hasSingleObservationThat()
              .hasNameEqualTo("custom.turn");
        });
  }

  @Test
  void usesTheNoopRegistryWhenThereIsNone() {
    contextRunner.run(context -> {
      assertThat(context).hasNotFailed().hasSingleBean(CopilotTurnObservations.class)
          .doesNotHaveBean(ObservationRegistry.class);
      feedOneTurn(context.getBean(CopilotTurnObservations.class));
    });
  }

  @Test
  void bootsObservationAutoConfigurationTurnsTurnsIntoTimers() {
    contextRunner.withConfiguration(AutoConfigurations.of(ObservationAutoConfiguration.class,
        MetricsAutoConfiguration.class, CompositeMeterRegistryAutoConfiguration.class,
        SimpleMetricsExportAutoConfiguration.class)).run(context -> {
          assertThat(context).hasNotFailed().hasSingleBean(ObservationRegistry.class);
          feedOneTurn(context.getBean(CopilotTurnObservations.class));
          MeterRegistry meters = context.getBean(MeterRegistry.class);
          assertThat(meters.get("copilot.turn").tag("outcome", "success").tag("gen_ai.operation.name",
              "invoke_agent").timer().count()).isEqualTo(1);
          assertThat(meters.get("copilot.turn").timer().getId().getTags())
              .noneMatch(tag -> tag.getKey().equals("gen_ai.conversation.id"));
        });
  }

  @Test
  void switchedOffByProperty() {
    contextRunner.withPropertyValues("copilot.observations.enabled=false").run(context ->
        assertThat(context).hasNotFailed().hasSingleBean(CopilotClient.class)
            .doesNotHaveBean(CopilotTurnObservations.class));
  }

  @Test
  void absentWithoutMicrometerObservation() {
    contextRunner.withClassLoader(new FilteredClassLoader("io.micrometer.observation")).run(context ->
        assertThat(context).hasNotFailed().doesNotHaveBean("copilotTurnObservations"));
  }

  @Test
  void absentWithoutAClient() {
    contextRunner.withPropertyValues("copilot.enabled=false").run(context ->
        assertThat(context).hasNotFailed().doesNotHaveBean(CopilotTurnObservations.class));
  }

  @Test
  void warnsWhenContentIsCaptured(CapturedOutput output) {
    contextRunner.withPropertyValues("copilot.observations.log-prompt=true",
        "copilot.observations.log-completion=true").run(context -> {
          assertThat(context).hasNotFailed();
          assertThat(output).contains("copilot.observations.log-prompt is on")
              .contains("copilot.observations.log-completion is on");
        });
  }

  @Test
  void noWarningByDefault(CapturedOutput output) {
    contextRunner.run(context -> assertThat(output).doesNotContain("copilot.observations.log-"));
  }

  private static void feedOneTurn(CopilotTurnObservations observations) {
    observations.onTurn(new TurnStarted("s1", "hello"));
    observations.onTurn(new TurnEnded("s1", TurnOutcome.SUCCESS, Duration.ofMillis(20), null, 0, 0, 0, 0, null,
        null, "hello", null));
  }
}
