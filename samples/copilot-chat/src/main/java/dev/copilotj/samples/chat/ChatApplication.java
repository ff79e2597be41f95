package dev.copilotj.samples.chat;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.context.annotation.Bean;
import org.springframework.scheduling.annotation.EnableScheduling;

/**
 * A chat with Copilot in the browser: streamed answers, an application tool ({@code order_status}), a permission
 * policy, a live session panel fed by the starter's application events, and actuator health and metrics.
 *
 * <p>With no token configured it runs offline: {@link CopilotModeSelector} starts a built-in fake model before the
 * Copilot client is built. See the README's "Sample" section.
 */
@SpringBootApplication
@EnableScheduling
public class ChatApplication {

  /**
   * Chooses offline or online mode before any bean is built; static, as every bean factory post-processor.
   *
   * @return the selector
   */
  @Bean
  static CopilotModeSelector copilotModeSelector() {
    return new CopilotModeSelector();
  }

  /**
   * Starts the application.
   *
   * @param args Spring Boot arguments, for example {@code --server.port=9090}
   */
  public static void main(String[] args) {
    SpringApplication.run(ChatApplication.class, args);
  }
}
