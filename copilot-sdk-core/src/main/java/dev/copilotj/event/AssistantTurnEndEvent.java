package dev.copilotj.event;

/**
 * The end of one model turn, also after a turn that failed. Persisted.
 *
 * @param info the event's envelope
 * @param turnId the id of the turn that ended
 */
public record AssistantTurnEndEvent(EventInfo info, String turnId) implements SessionEvent {

  /** The wire name of this event type. */
  public static final String TYPE = "assistant.turn_end";

  @Override
  public String type() {
    return TYPE;
  }
}
