package dev.copilotj.turn;

import java.time.Duration;

import org.jspecify.annotations.Nullable;

/**
 * A session's turn ended: at {@code session.idle}, or when the session was terminated while the turn ran.
 *
 * @param sessionId the session
 * @param outcome how it ended
 * @param duration from receiving the turn's first event to receiving its end, on the client's monotonic clock
 * @param model the first model the turn reported (by a tool call, a model call's usage or an assistant message);
 *     null when none did
 * @param inputTokens input tokens of the turn's model calls
 * @param outputTokens output tokens of the turn's model calls
 * @param modelCalls how many model calls reported usage
 * @param toolCalls how many tool calls the turn started
 * @param errorType the {@code errorType} of the turn's last {@code session.error} (possibly blank), or
 *     {@code client.terminated} for {@link TurnOutcome#TERMINATED}; null for {@link TurnOutcome#SUCCESS}
 * @param errorMessage the message that goes with {@code errorType}; null for {@link TurnOutcome#SUCCESS}
 * @param prompt the content of the turn's first {@code user.message}; null when it had none
 * @param completion the turn's last non-empty assistant message; null when it had none
 */
public record TurnEnded(
    String sessionId,
    TurnOutcome outcome,
    Duration duration,
    @Nullable String model,
    long inputTokens,
    long outputTokens,
    int modelCalls,
    int toolCalls,
    @Nullable String errorType,
    @Nullable String errorMessage,
    @Nullable String prompt,
    @Nullable String completion) implements TurnEvent {

  /** @return whether the turn did not succeed: {@link TurnOutcome#ERROR} or {@link TurnOutcome#TERMINATED} */
  public boolean failed() {
    return outcome != TurnOutcome.SUCCESS;
  }
}
