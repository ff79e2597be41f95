package dev.copilotj;

import org.jspecify.annotations.Nullable;

/**
 * A transition of a {@link CopilotClient}'s state.
 *
 * @param previous the state before
 * @param current the state now
 * @param cause the failure that caused a move to {@link ClientState#FAILED}; null otherwise
 */
public record ClientStateChange(ClientState previous, ClientState current, @Nullable Throwable cause) {
}
