package dev.copilotj.spring.boot.autoconfigure.observation;

import dev.copilotj.CopilotClient;
import dev.copilotj.spring.boot.autoconfigure.ConditionalOnCopilotEnabled;
import dev.copilotj.spring.boot.autoconfigure.CopilotAutoConfiguration;
import dev.copilotj.spring.boot.autoconfigure.CopilotProperties;
import dev.copilotj.spring.boot.observation.CopilotObservationConvention;
import dev.copilotj.spring.boot.observation.CopilotTurnObservations;
import dev.copilotj.spring.boot.observation.DefaultCopilotObservationConvention;
import io.micrometer.observation.ObservationRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnSingleCandidate;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;

/**
 * Records a {@code copilot.turn} observation per session turn ({@link CopilotTurnObservations}) in the
 * application's {@link ObservationRegistry}, or in {@link ObservationRegistry#NOOP} when there is none (then
 * nothing is recorded). A {@link CopilotObservationConvention} bean replaces
 * {@link DefaultCopilotObservationConvention}. Switched off with {@code copilot.observations.enabled=false};
 * {@code copilot.observations.log-prompt} and {@code log-completion} add the texts to the observations and log a
 * warning at startup. Ordered after the observation auto-configuration of both Boot lines, named as strings.
 */
@AutoConfiguration(after = CopilotAutoConfiguration.class, afterName = {
    "org.springframework.boot.micrometer.observation.autoconfigure.ObservationAutoConfiguration",
    "org.springframework.boot.actuate.autoconfigure.observation.ObservationAutoConfiguration"})
@ConditionalOnClass(ObservationRegistry.class)
@ConditionalOnSingleCandidate(CopilotClient.class)
@ConditionalOnBooleanProperty(name = "copilot.observations.enabled", matchIfMissing = true)
@EnableConfigurationProperties(CopilotProperties.class)
@ConditionalOnCopilotEnabled
public final class CopilotObservationAutoConfiguration {

  private static final Logger log = LoggerFactory.getLogger(CopilotObservationAutoConfiguration.class);

  CopilotObservationAutoConfiguration() {
  }

  @Bean
  @ConditionalOnMissingBean
  CopilotTurnObservations copilotTurnObservations(CopilotClient client,
      ObjectProvider<ObservationRegistry> observationRegistry,
      ObjectProvider<CopilotObservationConvention> convention, CopilotProperties properties) {
    CopilotProperties.Observations observations = properties.getObservations();
    if (observations.isLogPrompt()) {
      log.warn("copilot.observations.log-prompt is on: Copilot turn observations carry the prompt text, which"
          + " may hold personal or confidential data, to every tracing and observation handler.");
    }
    if (observations.isLogCompletion()) {
      log.warn("copilot.observations.log-completion is on: Copilot turn observations carry the assistant's"
          + " answers, which may hold personal or confidential data, to every tracing and observation handler.");
    }
    return new CopilotTurnObservations(client, observationRegistry.getIfUnique(() -> ObservationRegistry.NOOP),
        convention.getIfUnique(), observations.isLogPrompt(), observations.isLogCompletion());
  }
}
