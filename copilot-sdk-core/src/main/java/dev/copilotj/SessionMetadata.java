package dev.copilotj;

import java.time.Instant;

import org.jspecify.annotations.Nullable;

/**
 * What the CLI knows about a stored session.
 *
 * @param sessionId the id
 * @param startTime when it started
 * @param modifiedTime when it last changed
 * @param summary a summary (the CLI uses the first prompt)
 * @param name the session's name
 * @param clientName the client name it was created with
 * @param remote whether it is a cloud session
 * @param workingDirectory the working directory it ran in
 */
public record SessionMetadata(String sessionId, @Nullable Instant startTime, @Nullable Instant modifiedTime,
    @Nullable String summary, @Nullable String name, @Nullable String clientName, boolean remote,
    @Nullable String workingDirectory) {
}
