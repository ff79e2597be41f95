package dev.copilotj.spring.boot.autoconfigure.health;

import dev.copilotj.CopilotClient;
import dev.copilotj.spring.boot.autoconfigure.ConditionalOnCopilotEnabled;
import dev.copilotj.spring.boot.autoconfigure.CopilotAutoConfiguration;
import dev.copilotj.spring.boot.autoconfigure.CopilotProperties;
import dev.copilotj.spring.boot.health.CopilotBoot3HealthIndicator;
import dev.copilotj.spring.boot.health.CopilotHealthProbe;
import org.springframework.boot.actuate.autoconfigure.health.ConditionalOnEnabledHealthIndicator;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnSingleCandidate;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingClass;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;

/**
 * Registers the {@code copilot} health indicator on Spring Boot 3.5, where the health API lives in
 * {@code spring-boot-actuator} and needs {@code spring-boot-actuator-autoconfigure} (the actuator starter).
 * Backs off on Spring Boot 4, where {@link CopilotHealthContributorAutoConfiguration} applies. The same
 * switches apply: {@code management.health.copilot.enabled=false}, or a bean named
 * {@code copilotHealthIndicator} or {@code copilotHealthContributor}.
 *
 * <p>This class and {@link CopilotBoot3HealthIndicator} are compiled against Boot 3.5.7 and are tested on a
 * real 3.5 classpath by the {@code copilot-spring-boot-compat-tests/boot-3.5} module.
 */
@AutoConfiguration(after = CopilotAutoConfiguration.class)
@ConditionalOnClass(name = {"org.springframework.boot.actuate.health.HealthIndicator",
    "org.springframework.boot.actuate.autoconfigure.health.ConditionalOnEnabledHealthIndicator"})
@ConditionalOnMissingClass("org.springframework.boot.health.contributor.HealthIndicator")
@ConditionalOnSingleCandidate(CopilotClient.class)
@ConditionalOnEnabledHealthIndicator("copilot")
@EnableConfigurationProperties(CopilotProperties.class)
@ConditionalOnCopilotEnabled
public final class CopilotBoot3HealthContributorAutoConfiguration {

  CopilotBoot3HealthContributorAutoConfiguration() {
  }

  @Bean
  @ConditionalOnMissingBean(name = {"copilotHealthIndicator", "copilotHealthContributor"})
  CopilotBoot3HealthIndicator copilotHealthIndicator(CopilotClient client, CopilotProperties properties) {
    CopilotProperties.Health health = properties.getHealth();
    return new CopilotBoot3HealthIndicator(new CopilotHealthProbe(client, health.isDeepCheck(),
        health.getTimeout()));
  }
}
