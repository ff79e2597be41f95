package dev.copilotj.spring.boot.autoconfigure;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

import org.springframework.beans.factory.annotation.Qualifier;

/**
 * Marks the {@link java.util.concurrent.Executor} bean the auto-configured client runs its callbacks on (listeners,
 * tool and permission handlers, dependent future stages). Without one, the SDK's default is used: virtual threads
 * on Java 21+, else a small daemon pool. Give a bounded executor with care: a listener that blocks holds one of its
 * threads.
 *
 * <pre>{@code
 * @Bean
 * @CopilotCallbackExecutor
 * Executor copilotCallbacks() {
 *   return Executors.newFixedThreadPool(8);
 * }
 * }</pre>
 */
@Target({ElementType.FIELD, ElementType.METHOD, ElementType.PARAMETER, ElementType.TYPE})
@Retention(RetentionPolicy.RUNTIME)
@Documented
@Qualifier
public @interface CopilotCallbackExecutor {
}
