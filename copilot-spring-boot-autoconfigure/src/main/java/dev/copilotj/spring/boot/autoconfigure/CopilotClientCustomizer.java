package dev.copilotj.spring.boot.autoconfigure;

import dev.copilotj.CopilotClientOptions;

/**
 * Adjusts the options of the auto-configured {@code CopilotClient} after the {@code copilot.*} properties were
 * applied. Beans of this type are applied in {@code @Order} order.
 */
@FunctionalInterface
public interface CopilotClientCustomizer {

  /**
   * Customizes the options.
   *
   * @param options the builder, with the properties already applied
   */
  void customize(CopilotClientOptions.Builder options);
}
