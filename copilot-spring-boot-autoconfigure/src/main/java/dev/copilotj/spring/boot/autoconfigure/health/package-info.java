/**
 * Auto-configuration of the {@code copilot} health indicator: one class for each Spring Boot line, each guarded
 * by class conditions on its own line's health API.
 */
@NullMarked
package dev.copilotj.spring.boot.autoconfigure.health;

import org.jspecify.annotations.NullMarked;
