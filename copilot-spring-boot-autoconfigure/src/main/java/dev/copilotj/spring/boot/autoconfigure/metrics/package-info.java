/**
 * Auto-configuration of the Copilot client's Micrometer meters.
 */
@NullMarked
package dev.copilotj.spring.boot.autoconfigure.metrics;

import org.jspecify.annotations.NullMarked;
