package dev.copilotj.test;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Inherited;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Marks a test class that runs against the offline rig: one {@link CopilotTestRig} per class, injectable as a
 * {@link CopilotTestRig} or {@link FakeCopilotApi} parameter, with the fake reset before each test.
 *
 * @see CopilotRigExtension
 */
@Target({ElementType.TYPE, ElementType.ANNOTATION_TYPE})
@Retention(RetentionPolicy.RUNTIME)
@Documented
@Inherited
@ExtendWith(CopilotRigExtension.class)
public @interface CopilotOfflineTest {}
