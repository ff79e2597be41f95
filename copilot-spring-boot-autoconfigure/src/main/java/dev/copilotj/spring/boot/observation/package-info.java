/**
 * Micrometer observations of Copilot session turns: one {@code copilot.turn} observation per turn, with its
 * documentation, context and replaceable convention.
 */
@NullMarked
package dev.copilotj.spring.boot.observation;

import org.jspecify.annotations.NullMarked;
