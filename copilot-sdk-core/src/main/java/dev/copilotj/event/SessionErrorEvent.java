package dev.copilotj.event;

import org.jspecify.annotations.Nullable;

/**
 * The prompt failed, typically because the model call failed after the CLI's retries; a
 * {@link SessionIdleEvent} still follows. Persisted.
 *
 * @param info the event's envelope
 * @param errorType the error class, such as {@code "query"}
 * @param message what went wrong, as the CLI words it
 * @param statusCode the HTTP status of the failed model call; {@code null} if absent
 * @param providerCallId the provider's request id of the failed call; {@code null} if absent
 * @param originatingMessageId the id of the user message whose prompt failed; {@code null} if absent
 */
public record SessionErrorEvent(
    EventInfo info,
    String errorType,
    String message,
    @Nullable Integer statusCode,
    @Nullable String providerCallId,
    @Nullable String originatingMessageId)
    implements SessionEvent {

  /** The wire name of this event type. */
  public static final String TYPE = "session.error";

  @Override
  public String type() {
    return TYPE;
  }
}
