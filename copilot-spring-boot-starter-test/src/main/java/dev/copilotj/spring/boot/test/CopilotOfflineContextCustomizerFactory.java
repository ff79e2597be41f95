package dev.copilotj.spring.boot.test;

import java.util.List;

import org.jspecify.annotations.Nullable;
import org.springframework.test.context.ContextConfigurationAttributes;
import org.springframework.test.context.ContextCustomizer;
import org.springframework.test.context.ContextCustomizerFactory;
import org.springframework.test.context.TestContextAnnotationUtils;

/** Adds the offline Copilot rig to the contexts of tests annotated with {@link AutoConfigureCopilotOffline}. */
public final class CopilotOfflineContextCustomizerFactory implements ContextCustomizerFactory {

  /** Creates the factory; Spring's test framework instantiates it from {@code spring.factories}. */
  public CopilotOfflineContextCustomizerFactory() {
  }

  @Override
  public @Nullable ContextCustomizer createContextCustomizer(Class<?> testClass,
      List<ContextConfigurationAttributes> configAttributes) {
    boolean offline = TestContextAnnotationUtils.hasAnnotation(testClass, AutoConfigureCopilotOffline.class);
    return offline ? new CopilotOfflineContextCustomizer() : null;
  }
}
