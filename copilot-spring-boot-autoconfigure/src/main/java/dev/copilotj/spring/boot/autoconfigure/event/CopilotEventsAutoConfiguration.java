package dev.copilotj.spring.boot.autoconfigure.event;

import dev.copilotj.CopilotClient;
import dev.copilotj.spring.boot.autoconfigure.ConditionalOnCopilotEnabled;
import dev.copilotj.spring.boot.autoconfigure.CopilotAutoConfiguration;
import dev.copilotj.spring.boot.event.CopilotApplicationEventBridge;
import dev.copilotj.spring.boot.event.CopilotEvent;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnSingleCandidate;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.context.annotation.Bean;

/**
 * Auto-configures a {@link CopilotApplicationEventBridge} (bean name {@code copilotApplicationEventBridge}) that
 * publishes the session lifecycle, session errors and state changes of the single {@link CopilotClient} bean as
 * {@link CopilotEvent}s. Registered when there is exactly one (or one primary) client bean, unless
 * {@code copilot.events.enabled=false} or {@code copilot.enabled=false}, and only if no bridge bean is defined.
 */
@AutoConfiguration(after = CopilotAutoConfiguration.class)
@ConditionalOnClass(CopilotClient.class)
@ConditionalOnBooleanProperty(name = "copilot.events.enabled", matchIfMissing = true)
@ConditionalOnSingleCandidate(CopilotClient.class)
@ConditionalOnCopilotEnabled
public final class CopilotEventsAutoConfiguration {

  CopilotEventsAutoConfiguration() {
  }

  @Bean
  @ConditionalOnMissingBean
    CopilotApplicationEventBridge copilotApplicationEventBridge(CopilotClient client,
      ApplicationEventPublisher publisher) {
    return new CopilotApplicationEventBridge(client, publisher);
  }
}
