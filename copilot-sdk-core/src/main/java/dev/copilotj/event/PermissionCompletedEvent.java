package dev.copilotj.event;

import org.jspecify.annotations.Nullable;

/**
 * A permission request was decided, by a client's answer or otherwise. Persisted.
 *
 * @param info the event's envelope
 * @param requestId the id of the {@link PermissionRequestedEvent} decided
 * @param toolCallId the tool call the request was for; {@code null} if absent
 * @param resultKind the decision, such as {@code "approved"} or {@code "denied-interactively-by-user"};
 *     {@code null} if absent
 */
public record PermissionCompletedEvent(
    EventInfo info, String requestId, @Nullable String toolCallId, @Nullable String resultKind)
    implements SessionEvent {

  /** The wire name of this event type. */
  public static final String TYPE = "permission.completed";

  @Override
  public String type() {
    return TYPE;
  }
}
