package dev.copilotj.turn;

import org.jspecify.annotations.Nullable;

/**
 * A session became busy.
 *
 * @param sessionId the session
 * @param prompt the content of the {@code user.message} that began the turn; null when the turn was first seen
 *     mid-way, at an {@code assistant.turn_start} or {@code tool.execution_start}
 */
public record TurnStarted(String sessionId, @Nullable String prompt) implements TurnEvent {
}
