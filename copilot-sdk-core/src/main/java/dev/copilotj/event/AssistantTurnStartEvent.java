package dev.copilotj.event;

import org.jspecify.annotations.Nullable;

/**
 * The start of one model turn; a prompt with tool calls takes several turns. Persisted.
 *
 * @param info the event's envelope
 * @param turnId the turn's id, {@code "0"}, {@code "1"}, … within a prompt
 * @param interactionId the interaction the turn belongs to; {@code null} if absent
 */
public record AssistantTurnStartEvent(EventInfo info, String turnId, @Nullable String interactionId)
    implements SessionEvent {

  /** The wire name of this event type. */
  public static final String TYPE = "assistant.turn_start";

  @Override
  public String type() {
    return TYPE;
  }
}
