/**
 * Actuator support: keeping Copilot secrets out of the {@code env} and {@code configprops} endpoints.
 */
@NullMarked
package dev.copilotj.spring.boot.autoconfigure.actuate;

import org.jspecify.annotations.NullMarked;
