/**
 * The session registry, the early-event buffer and the notification router.
 *
 * <p>Internal: not API, and may change without notice.
 */
@NullMarked
package dev.copilotj.internal.session;

import org.jspecify.annotations.NullMarked;
