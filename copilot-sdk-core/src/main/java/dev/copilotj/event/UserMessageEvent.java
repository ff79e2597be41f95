package dev.copilotj.event;

import org.jspecify.annotations.Nullable;

/**
 * A user prompt entering the conversation, sent once per {@code session.send}. Persisted.
 *
 * @param info the event's envelope
 * @param content the prompt as the user sent it
 * @param transformedContent the prompt as the model sees it (with the CLI's additions, such as the
 *     current date); {@code null} if absent
 * @param messageId the message id, the one {@code session.send} returned
 * @param interactionId the id that ties together the turns of this prompt; {@code null} if absent
 * @param turnId the turn the prompt starts; {@code null} if absent
 * @param delivery how the prompt reached the agent loop ({@code "idle"}, {@code "queued"},
 *     {@code "steering"}); {@code null} if absent
 */
public record UserMessageEvent(
    EventInfo info,
    String content,
    @Nullable String transformedContent,
    String messageId,
    @Nullable String interactionId,
    @Nullable String turnId,
    @Nullable String delivery)
    implements SessionEvent {

  /** The wire name of this event type. */
  public static final String TYPE = "user.message";

  @Override
  public String type() {
    return TYPE;
  }
}
