/**
 * The one definition of a turn: the rules, each session's tracker of its turns, and the waiter behind
 * {@code sendAndWait}.
 *
 * <p>Internal: not API, and may change without notice.
 */
@NullMarked
package dev.copilotj.internal.turn;

import org.jspecify.annotations.NullMarked;
