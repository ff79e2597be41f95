package dev.copilotj.spring.boot.autoconfigure.actuate;

import java.util.Locale;
import java.util.regex.Pattern;

import org.springframework.boot.actuate.endpoint.SanitizableData;
import org.springframework.boot.actuate.endpoint.SanitizingFunction;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;

/**
 * Masks the GitHub token, the connection token and secret-looking CLI environment entries in the actuator's
 * {@code env} and {@code configprops} endpoints, even where {@code show-values} is set to {@code always}.
 * The same types exist in Spring Boot 3.5 and 4.
 */
@AutoConfiguration
@ConditionalOnClass(name = "org.springframework.boot.actuate.endpoint.SanitizingFunction")
public final class CopilotSanitizingAutoConfiguration {

  /** Keys of Copilot settings (property or environment variable form) whose last part names a secret. */
  private static final Pattern SECRET = Pattern.compile(
      "(copilot[._\\[].*|.*copilot_[a-z_]*)(token|secret|password|credential|key)[a-z_\\]]*");

  CopilotSanitizingAutoConfiguration() {
  }

  @Bean
  @ConditionalOnMissingBean(name = "copilotSanitizingFunction")
  SanitizingFunction copilotSanitizingFunction() {
    return data -> isSecret(data.getKey()) ? data.withValue(SanitizableData.SANITIZED_VALUE) : data;
  }

  static boolean isSecret(String key) {
    return SECRET.matcher(key.toLowerCase(Locale.ROOT).replace("-", "")).matches();
  }
}
