package dev.copilotj.spring.boot.test;

import dev.copilotj.test.FakeCopilotApi;
import org.springframework.context.ApplicationContext;
import org.springframework.core.Ordered;
import org.springframework.test.context.TestContext;
import org.springframework.test.context.TestContextAnnotationUtils;
import org.springframework.test.context.TestExecutionListener;

/** Resets the fake model's script and recordings before each test method of an offline Copilot test. */
public final class CopilotOfflineTestExecutionListener implements TestExecutionListener, Ordered {

  /** Creates the listener; Spring's test framework instantiates it from {@code spring.factories}. */
  public CopilotOfflineTestExecutionListener() {
  }

  @Override
  public void beforeTestMethod(TestContext testContext) {
    if (!TestContextAnnotationUtils.hasAnnotation(testContext.getTestClass(), AutoConfigureCopilotOffline.class)) {
      return;
    }
    ApplicationContext context = testContext.getApplicationContext();
    context.getBeanProvider(FakeCopilotApi.class).ifAvailable(FakeCopilotApi::reset);
  }

  @Override
  public int getOrder() {
    return Ordered.LOWEST_PRECEDENCE - 100;
  }
}
