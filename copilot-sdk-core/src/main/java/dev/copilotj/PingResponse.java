package dev.copilotj;

import java.time.Instant;

import org.jspecify.annotations.Nullable;

/**
 * The CLI's answer to {@link CopilotClient#ping(String)}.
 *
 * @param message the echoed message, as {@code "pong: <message>"}
 * @param timestamp when the CLI answered, if it said
 * @param protocolVersion the protocol version the CLI speaks
 */
public record PingResponse(String message, @Nullable Instant timestamp, int protocolVersion) {
}
