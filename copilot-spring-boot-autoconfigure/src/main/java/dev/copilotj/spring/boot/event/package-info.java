/**
 * Spring application events for a Copilot client: session lifecycle, session errors and client state changes,
 * published by {@link dev.copilotj.spring.boot.event.CopilotApplicationEventBridge}.
 */
@NullMarked
package dev.copilotj.spring.boot.event;

import org.jspecify.annotations.NullMarked;
