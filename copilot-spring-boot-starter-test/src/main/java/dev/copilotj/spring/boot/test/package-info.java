/**
 * Offline testing of Spring Boot applications that use Copilot: {@link dev.copilotj.spring.boot.test.AutoConfigureCopilotOffline}.
 */
@NullMarked
package dev.copilotj.spring.boot.test;

import org.jspecify.annotations.NullMarked;
