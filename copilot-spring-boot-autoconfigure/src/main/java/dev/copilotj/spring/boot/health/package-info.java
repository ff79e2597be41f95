/**
 * Health of the Copilot client: a Boot-neutral {@link dev.copilotj.spring.boot.health.CopilotHealthProbe} and
 * one health indicator for each Spring Boot line (4.x and 3.5), which only adapt the probe's result.
 */
@NullMarked
package dev.copilotj.spring.boot.health;

import org.jspecify.annotations.NullMarked;
