package dev.copilotj.spring.boot.test;

import dev.copilotj.test.CopilotTestRig;
import org.springframework.beans.factory.config.ConfigurableListableBeanFactory;
import org.springframework.beans.factory.support.DefaultListableBeanFactory;
import org.springframework.context.ApplicationListener;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.event.ContextClosedEvent;
import org.springframework.core.env.MapPropertySource;
import org.springframework.test.context.ContextCustomizer;
import org.springframework.test.context.MergedContextConfiguration;

/**
 * Starts a {@link CopilotTestRig} for one application context, points {@code copilot.*} at it with the highest
 * precedence, registers the rig and its fake as beans, and closes the rig when the context destroys its beans.
 */
final class CopilotOfflineContextCustomizer implements ContextCustomizer {

  static final String PROPERTY_SOURCE = "copilotOfflineRig";

  @Override
  public void customizeContext(ConfigurableApplicationContext context, MergedContextConfiguration config) {
    CopilotTestRig rig = CopilotTestRig.start();
    context.getEnvironment().getPropertySources().addFirst(new MapPropertySource(PROPERTY_SOURCE, rig.springProperties()));
    ConfigurableListableBeanFactory beans = context.getBeanFactory();
    beans.registerSingleton("copilotTestRig", rig);
    beans.registerSingleton("fakeCopilotApi", rig.fakeApi());
    // closed with the singletons, after the lifecycle phase has stopped the CLI that uses the rig's directories
    if (beans instanceof DefaultListableBeanFactory registry) {
      registry.registerDisposableBean("copilotTestRig", rig::close);
    } else {
      context.addApplicationListener((ApplicationListener<ContextClosedEvent>) event -> rig.close());
    }
  }

  /** All instances are alike, so Spring's test context cache can share a context between test classes. */
  @Override
  public boolean equals(Object other) {
    return other instanceof CopilotOfflineContextCustomizer;
  }

  @Override
  public int hashCode() {
    return CopilotOfflineContextCustomizer.class.hashCode();
  }
}
