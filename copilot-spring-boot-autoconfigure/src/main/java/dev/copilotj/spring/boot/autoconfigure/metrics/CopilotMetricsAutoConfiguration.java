package dev.copilotj.spring.boot.autoconfigure.metrics;

import dev.copilotj.CopilotClient;
import dev.copilotj.spring.boot.autoconfigure.ConditionalOnCopilotEnabled;
import dev.copilotj.spring.boot.autoconfigure.CopilotAutoConfiguration;
import dev.copilotj.spring.boot.metrics.CopilotMetrics;
import io.micrometer.core.instrument.binder.MeterBinder;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnSingleCandidate;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;

/**
 * Registers {@link CopilotMetrics}, a {@link MeterBinder} that Spring Boot binds to every meter registry once
 * the singletons exist. Needs Micrometer; {@code management.metrics.enable.copilot=false} switches the meters off
 * and a {@code CopilotMetrics} bean of your own replaces this one. Ordered after the composite meter registry of
 * both Boot lines, named as strings since their packages differ.
 */
@AutoConfiguration(after = CopilotAutoConfiguration.class, afterName = {
    "org.springframework.boot.micrometer.metrics.autoconfigure.CompositeMeterRegistryAutoConfiguration",
    "org.springframework.boot.actuate.autoconfigure.metrics.CompositeMeterRegistryAutoConfiguration"})
@ConditionalOnClass(MeterBinder.class)
@ConditionalOnSingleCandidate(CopilotClient.class)
@ConditionalOnCopilotEnabled
public final class CopilotMetricsAutoConfiguration {

  CopilotMetricsAutoConfiguration() {
  }

  @Bean
  @ConditionalOnMissingBean
  CopilotMetrics copilotMetrics(CopilotClient client) {
    return new CopilotMetrics(client);
  }
}
