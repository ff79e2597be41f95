/**
 * Turns of a session: one busy period each, from the first event of a prompt to {@code session.idle}. Register a
 * {@link dev.copilotj.turn.TurnListener} with {@link dev.copilotj.CopilotClient#onTurn}; the rules are in the
 * README's "How turns are counted".
 */
@NullMarked
package dev.copilotj.turn;

import org.jspecify.annotations.NullMarked;
