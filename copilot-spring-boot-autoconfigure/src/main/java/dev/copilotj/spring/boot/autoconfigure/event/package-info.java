/**
 * Auto-configuration that republishes a Copilot client's session lifecycle, session errors and state changes as
 * Spring application events.
 */
@NullMarked
package dev.copilotj.spring.boot.autoconfigure.event;

import org.jspecify.annotations.NullMarked;
