package dev.copilotj;

import org.jspecify.annotations.Nullable;

/**
 * A model the CLI can use.
 *
 * @param id the id to pass as a session's model, for example {@code claude-sonnet-4.5}
 * @param name the display name
 * @param supportsVision whether the model accepts images
 * @param supportsReasoningEffort whether the model takes a reasoning-effort setting
 * @param maxContextWindowTokens the context window, when the CLI reports it
 */
public record ModelInfo(String id, String name, boolean supportsVision, boolean supportsReasoningEffort,
    @Nullable Integer maxContextWindowTokens) {
}
