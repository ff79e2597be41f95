package dev.copilotj.spring.boot.autoconfigure.health;

import dev.copilotj.CopilotClient;
import dev.copilotj.spring.boot.autoconfigure.ConditionalOnCopilotEnabled;
import dev.copilotj.spring.boot.autoconfigure.CopilotAutoConfiguration;
import dev.copilotj.spring.boot.autoconfigure.CopilotProperties;
import dev.copilotj.spring.boot.health.CopilotHealthIndicator;
import dev.copilotj.spring.boot.health.CopilotHealthProbe;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnSingleCandidate;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.health.autoconfigure.contributor.ConditionalOnEnabledHealthIndicator;
import org.springframework.context.annotation.Bean;

/**
 * Registers the {@code copilot} health indicator on Spring Boot 4, where the health API lives in
 * {@code spring-boot-health}. Switched off with {@code management.health.copilot.enabled=false}; a bean named
 * {@code copilotHealthIndicator} or {@code copilotHealthContributor} replaces it. On Spring Boot 3.5,
 * {@link CopilotBoot3HealthContributorAutoConfiguration} registers the twin instead.
 */
@AutoConfiguration(after = CopilotAutoConfiguration.class)
@ConditionalOnClass(name = {"org.springframework.boot.health.contributor.HealthIndicator",
    "org.springframework.boot.health.autoconfigure.contributor.ConditionalOnEnabledHealthIndicator"})
@ConditionalOnSingleCandidate(CopilotClient.class)
@ConditionalOnEnabledHealthIndicator("copilot")
@EnableConfigurationProperties(CopilotProperties.class)
@ConditionalOnCopilotEnabled
public final class CopilotHealthContributorAutoConfiguration {

  CopilotHealthContributorAutoConfiguration() {
  }

  @Bean
  @ConditionalOnMissingBean(name = {"copilotHealthIndicator", "copilotHealthContributor"})
  CopilotHealthIndicator copilotHealthIndicator(CopilotClient client, CopilotProperties properties) {
    CopilotProperties.Health health = properties.getHealth();
    return new CopilotHealthIndicator(new CopilotHealthProbe(client, health.isDeepCheck(), health.getTimeout()));
  }
}
