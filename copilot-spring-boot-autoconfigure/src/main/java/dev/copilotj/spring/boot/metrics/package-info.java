/**
 * Micrometer meters of the Copilot client: {@link dev.copilotj.spring.boot.metrics.CopilotMetrics}.
 */
@NullMarked
package dev.copilotj.spring.boot.metrics;

import org.jspecify.annotations.NullMarked;
