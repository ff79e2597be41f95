package dev.copilotj.spring.boot.autoconfigure;

import java.util.concurrent.Executor;

import dev.copilotj.CopilotClient;
import dev.copilotj.CopilotClientOptions;
import dev.copilotj.tool.PermissionHandler;
import dev.copilotj.tool.ToolDefinition;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnSingleCandidate;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.core.env.Environment;

/**
 * Auto-configures a {@link CopilotClient} from the {@code copilot.*} properties, with the {@link ToolDefinition}
 * and {@link PermissionHandler} beans as its session defaults, and a {@link CopilotClientLifecycle} that starts it
 * with the context. The bean method only constructs the client; the CLI starts in the lifecycle.
 *
 * <p>Beans: {@code copilotClientConfigurer}, {@code copilotClient} and {@code copilotClientLifecycle}, each unless
 * the application defines a bean of the same type. With several {@link CopilotClient} beans and none of them
 * primary, no lifecycle is registered: the application starts and stops its clients itself.
 */
@AutoConfiguration
@ConditionalOnClass(CopilotClient.class)
@EnableConfigurationProperties(CopilotProperties.class)
@ConditionalOnCopilotEnabled
public final class CopilotAutoConfiguration {

  CopilotAutoConfiguration() {
  }

  @Bean
  @ConditionalOnMissingBean
  CopilotClientConfigurer copilotClientConfigurer(CopilotProperties properties,
      ObjectProvider<ToolDefinition> tools, ObjectProvider<PermissionHandler> permissionHandler,
      ObjectProvider<CopilotClientCustomizer> customizers, Environment environment,
      @CopilotCallbackExecutor ObjectProvider<Executor> callbackExecutor) {
    return new CopilotClientConfigurer(properties, tools.orderedStream().toList(), permissionHandler.getIfUnique(),
        customizers.orderedStream().toList(), environment.getProperty("spring.application.name"),
        callbackExecutor.getIfUnique());
  }

  @Bean
  @ConditionalOnMissingBean
  CopilotClient copilotClient(CopilotClientConfigurer configurer) {
    return new CopilotClient(configurer.configure(CopilotClientOptions.builder()).build());
  }

  @Bean
  @ConditionalOnMissingBean
  @ConditionalOnSingleCandidate(CopilotClient.class)
  CopilotClientLifecycle copilotClientLifecycle(CopilotClient client, CopilotProperties properties) {
    return new CopilotClientLifecycle(client, properties);
  }
}
