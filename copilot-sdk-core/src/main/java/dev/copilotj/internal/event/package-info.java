/**
 * Turns the {@code event} object of a {@code session.event} notification into a typed
 * {@link dev.copilotj.event.SessionEvent}.
 *
 * <p>Internal: not API, and may change without notice.
 */
@NullMarked
package dev.copilotj.internal.event;

import org.jspecify.annotations.NullMarked;
