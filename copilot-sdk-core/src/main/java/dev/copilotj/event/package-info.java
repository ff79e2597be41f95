/**
 * Typed session events: what the Copilot CLI reports about a session while it runs (the
 * {@code session.event} notifications of protocol v3).
 *
 * <p>{@link dev.copilotj.event.SessionEvent} is a sealed interface with one record per event type, so a
 * {@code switch} over it can cover every known type; anything this version does not know arrives as an
 * {@link dev.copilotj.event.UnknownSessionEvent} with its raw JSON, so a newer CLI never breaks a caller.
 *
 * <p>Conventions of every record:
 *
 * <ul>
 *   <li>The first component is the {@link dev.copilotj.event.EventInfo} every event carries.
 *   <li>A string the CLI always sends is never {@code null}: a malformed event yields {@code ""}. A component
 *       the CLI may leave out is {@code @Nullable}.
 *   <li>Counters the CLI may leave out are {@code 0}, and flags {@code false}.
 *   <li>Arbitrary JSON (tool arguments, results, raw payloads) is exposed as JSON text, plus a
 *       {@code Map} accessor that parses it on each call.
 * </ul>
 *
 * <p>Ephemeral events ({@link dev.copilotj.event.SessionEvent#ephemeral()}) are delivered live but are not
 * persisted, so they never show up when a session's history is read back.
 */
@NullMarked
package dev.copilotj.event;

import org.jspecify.annotations.NullMarked;
