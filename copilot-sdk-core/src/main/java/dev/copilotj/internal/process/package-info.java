/**
 * Locating, spawning and stopping the Copilot CLI process.
 *
 * <p>Internal: not API, and may change without notice.
 */
@NullMarked
package dev.copilotj.internal.process;

import org.jspecify.annotations.NullMarked;
