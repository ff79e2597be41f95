package dev.copilotj.event;

/**
 * The agent finished working on the prompt, sent right before {@link SessionIdleEvent}. It carries no data.
 * Ephemeral.
 *
 * @param info the event's envelope
 */
public record AssistantIdleEvent(EventInfo info) implements SessionEvent {

  /** The wire name of this event type. */
  public static final String TYPE = "assistant.idle";

  @Override
  public String type() {
    return TYPE;
  }
}
