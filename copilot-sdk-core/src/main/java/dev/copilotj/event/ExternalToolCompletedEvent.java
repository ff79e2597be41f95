package dev.copilotj.event;

/**
 * A client tool request was answered; the outcome follows in {@link ToolExecutionCompleteEvent}.
 * Persisted.
 *
 * @param info the event's envelope
 * @param requestId the id of the {@link ExternalToolRequestedEvent} answered
 */
public record ExternalToolCompletedEvent(EventInfo info, String requestId) implements SessionEvent {

  /** The wire name of this event type. */
  public static final String TYPE = "external_tool.completed";

  @Override
  public String type() {
    return TYPE;
  }
}
