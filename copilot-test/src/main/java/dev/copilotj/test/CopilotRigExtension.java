package dev.copilotj.test;

import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * JUnit extension that gives each top-level test class one {@link CopilotTestRig} and injects it, or its
 * {@link FakeCopilotApi}, into constructors, lifecycle methods and test methods.
 *
 * <p>The rig is created on first use, shared by the class's tests (and its {@code @Nested} classes) and closed
 * after the class by JUnit, which closes {@link AutoCloseable} values in its store. Before each test the fake's
 * script, responder and recordings are reset. Usually applied through {@link CopilotOfflineTest}.
 */
public final class CopilotRigExtension implements BeforeEachCallback, ParameterResolver {

  private static final ExtensionContext.Namespace NAMESPACE =
      ExtensionContext.Namespace.create(CopilotRigExtension.class);

  /** Creates the extension; JUnit calls this. */
  public CopilotRigExtension() {}

  @Override
  public void beforeEach(ExtensionContext context) {
    rig(context).fakeApi().reset();
  }

  @Override
  public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
    Class<?> type = parameter.getParameter().getType();
    return type == CopilotTestRig.class || type == FakeCopilotApi.class;
  }

  @Override
  public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
    CopilotTestRig rig = rig(context);
    return parameter.getParameter().getType() == FakeCopilotApi.class ? rig.fakeApi() : rig;
  }

  /** The rig of the top-level test class that {@code context} belongs to, created on first use. */
  private static CopilotTestRig rig(ExtensionContext context) {
    ExtensionContext classContext = context;
    // Walk up to the outermost class so @Nested classes share the rig and it lives as long as the class.
    while (classContext.getParent().isPresent() && classContext.getParent().get().getParent().isPresent()) {
      classContext = classContext.getParent().get();
    }
    return classContext
        .getStore(NAMESPACE)
        .computeIfAbsent(CopilotTestRig.class, key -> CopilotTestRig.start(), CopilotTestRig.class);
  }
}
