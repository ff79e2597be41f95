package dev.copilotj.spring.boot.autoconfigure;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;

/**
 * Matches unless {@code copilot.enabled=false}: the one switch every Copilot auto-configuration that creates or
 * attaches to a client honours (the client, its lifecycle, events, health, metrics and observations). Only the
 * masking of Copilot secrets in actuator output stays on, since it guards a user's own beans too.
 */
@Target({ElementType.TYPE, ElementType.METHOD})
@Retention(RetentionPolicy.RUNTIME)
@Documented
@ConditionalOnBooleanProperty(name = "copilot.enabled", matchIfMissing = true)
public @interface ConditionalOnCopilotEnabled {
}
