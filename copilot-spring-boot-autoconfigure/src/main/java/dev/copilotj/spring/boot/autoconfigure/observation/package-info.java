/**
 * Auto-configuration of the Micrometer observations of Copilot turns.
 */
@NullMarked
package dev.copilotj.spring.boot.autoconfigure.observation;

import org.jspecify.annotations.NullMarked;
