package dev.copilotj.event;

import org.jspecify.annotations.Nullable;

/**
 * The system prompt the CLI put in front of a prompt, sent after each {@link UserMessageEvent}. Persisted;
 * the content is large (tens of kilobytes).
 *
 * @param info the event's envelope
 * @param role the message role, {@code "system"} in practice; {@code null} if absent
 * @param content the full system prompt
 * @param interactionId the interaction the prompt belongs to; {@code null} if absent
 */
public record SystemMessageEvent(
    EventInfo info, @Nullable String role, String content, @Nullable String interactionId)
    implements SessionEvent {

  /** The wire name of this event type. */
  public static final String TYPE = "system.message";

  @Override
  public String type() {
    return TYPE;
  }
}
